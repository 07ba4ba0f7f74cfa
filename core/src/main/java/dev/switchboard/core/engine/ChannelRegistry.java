package dev.switchboard.core.engine;

import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.support.NotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The channels an engine serves, found by (channel, provider). */
public final class ChannelRegistry {
    private final Map<String, Channel> byKey = new LinkedHashMap<>();

    ChannelRegistry(List<Channel> channels) {
        for (Channel c : channels) {
            if (byKey.putIfAbsent(key(c.channel(), c.provider()), c) != null) {
                throw new IllegalArgumentException("two channels registered for " + c.channel() + "/" + c.provider());
            }
        }
    }

    private static String key(String channel, String provider) {
        return channel + "/" + provider;
    }

    public Optional<Channel> find(String channel, String provider) {
        return Optional.ofNullable(byKey.get(key(channel, provider)));
    }

    public Channel get(String channel, String provider) {
        return find(channel, provider).orElseThrow(() -> new NotFoundException("channel", key(channel, provider)));
    }

    public Channel forAccount(ChannelAccount account) {
        return get(account.channel(), account.provider());
    }

    /** The default provider of a channel family: the first one registered. */
    public Optional<String> defaultProvider(String channel) {
        return byKey.values().stream().filter(c -> c.channel().equals(channel)).map(Channel::provider).findFirst();
    }

    public List<Channel> all() {
        return List.copyOf(byKey.values());
    }
}
