package dev.switchboard.core.channel;

/**
 * What a {@link ChannelDescriptor#registered} hook may need from the deployment.
 *
 * @param publicBaseUrl the server's public base URL (webhooks are registered under it), or null when not configured
 */
public record RegistrationContext(String publicBaseUrl) {}
