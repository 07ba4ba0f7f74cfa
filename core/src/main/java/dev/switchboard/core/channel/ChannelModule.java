package dev.switchboard.core.channel;

import java.util.Objects;

/**
 * A channel adapter ready to plug into an engine: its descriptor and the configured channel. An
 * adapter module ships a factory returning one; a runner lists modules in one place and registers
 * them with {@code Switchboard.Config.module(...)}.
 */
public record ChannelModule(ChannelDescriptor descriptor, Channel channel) {
    public ChannelModule {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(channel, "channel");
        if (!descriptor.type().equals(channel.channel()) || !descriptor.provider().equals(channel.provider())) {
            throw new IllegalArgumentException("descriptor " + descriptor.type() + "/" + descriptor.provider()
                    + " does not describe channel " + channel.channel() + "/" + channel.provider());
        }
    }
}
