package dev.switchboard.core.engine;

import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.FetchedMedia;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.media.MediaStore;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.store.TurnStore;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Downloads the media of a burst's inbound messages through their channel into the media store,
 * on the worker path (never on the webhook path: provider URLs are slow and short-lived). Best
 * effort: a failed download is logged and the turn goes on with the message's description.
 */
final class MediaDownloads {
    private static final Logger LOG = Logger.getLogger(MediaDownloads.class.getName());

    private final TurnStore turns;
    private final MediaStore mediaStore;
    private final long maxBytes;

    MediaDownloads(Stores stores, MediaStore mediaStore, long maxBytes) {
        this.turns = stores.conversations();
        this.mediaStore = mediaStore;
        this.maxBytes = maxBytes;
    }

    void download(Channel channel, ChannelAccount account, List<Message> burst) {
        if (mediaStore == null) return;
        for (Message m : burst) {
            if (m.media() == null || m.media().storedPath() != null || (m.media().id() == null && m.media().url() == null)) continue;
            try {
                Optional<FetchedMedia> fetched = channel.fetchMedia(account, m.media());
                if (fetched.isEmpty()) continue;
                try (FetchedMedia f = fetched.get()) {
                    if (f.size() > maxBytes) {
                        LOG.warning(() -> "media of message " + m.id() + " is " + f.size() + " bytes, over the " + maxBytes + "-byte limit; not stored");
                        continue;
                    }
                    String mime = f.mimeType() != null ? f.mimeType() : m.media().mimeType();
                    String path = mediaStore.save(m.tenantId(), m.id(), mime, f.body(), maxBytes);
                    turns.setMediaStoredPath(m.id(), path);
                }
            } catch (Exception e) {
                LOG.log(Level.WARNING, "media of message " + m.id() + " could not be downloaded", e);
            }
        }
    }
}
