package dev.switchboard.core.work;

/**
 * A task handed to one worker. Until the lease is completed or released, the queue gives no other
 * worker a task with the same key; if the worker dies, the queue hands the task out again once the
 * lease expires.
 *
 * @param token the queue's own handle (a stream entry id, …)
 */
public record Lease(Task task, String token) {}
