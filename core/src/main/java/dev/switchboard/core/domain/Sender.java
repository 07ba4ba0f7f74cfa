package dev.switchboard.core.domain;

/** Who wrote a message: the customer, the AI agent, or a human on the business side. */
public enum Sender { USER, AGENT, HUMAN }
