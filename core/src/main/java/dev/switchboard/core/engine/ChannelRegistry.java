package dev.switchboard.core.engine;

import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.ChannelDescriptor;
import dev.switchboard.core.channel.ChannelModule;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.support.NotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The channels an engine serves, found by (type, provider), each with its descriptor. */
public final class ChannelRegistry {
    private final Map<String, ChannelModule> byKey = new LinkedHashMap<>();

    ChannelRegistry(List<ChannelModule> modules) {
        for (ChannelModule m : modules) {
            if (byKey.putIfAbsent(key(m.channel().channel(), m.channel().provider()), m) != null) {
                throw new IllegalArgumentException("two channels registered for " + m.channel().channel() + "/" + m.channel().provider());
            }
        }
    }

    private static String key(String channel, String provider) {
        return channel + "/" + provider;
    }

    public Optional<Channel> find(String channel, String provider) {
        return Optional.ofNullable(byKey.get(key(channel, provider))).map(ChannelModule::channel);
    }

    public Channel get(String channel, String provider) {
        return find(channel, provider).orElseThrow(() -> new NotFoundException("channel", key(channel, provider)));
    }

    public Channel forAccount(ChannelAccount account) {
        return get(account.channel(), account.provider());
    }

    public Optional<ChannelDescriptor> descriptor(String channel, String provider) {
        return Optional.ofNullable(byKey.get(key(channel, provider))).map(ChannelModule::descriptor);
    }

    /**
     * The default provider of a channel family: the one whose descriptor says it is the default,
     * else the first one registered.
     */
    public Optional<String> defaultProvider(String channel) {
        List<ChannelDescriptor> family = descriptors().stream().filter(d -> d.type().equals(channel)).toList();
        return family.stream().filter(ChannelDescriptor::defaultProvider).findFirst().or(() -> family.stream().findFirst())
                .map(ChannelDescriptor::provider);
    }

    public List<Channel> all() {
        return byKey.values().stream().map(ChannelModule::channel).toList();
    }

    /** Every registered channel's descriptor, in registration order. */
    public List<ChannelDescriptor> descriptors() {
        return byKey.values().stream().map(ChannelModule::descriptor).toList();
    }
}
