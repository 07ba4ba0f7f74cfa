package dev.switchboard.core.domain;

public enum Direction { INBOUND, OUTBOUND }
