package dev.switchboard.adapters.openai.internal;

/** A parsed 2xx body and the {@code x-request-id} it came with. */
public record ApiResult<T>(T body, String requestId) {}
