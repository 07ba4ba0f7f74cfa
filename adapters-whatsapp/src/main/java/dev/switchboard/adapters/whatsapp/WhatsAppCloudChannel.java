package dev.switchboard.adapters.whatsapp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.adapters.meta.MetaChannel;
import dev.switchboard.adapters.meta.PartedSend;
import dev.switchboard.adapters.whatsapp.internal.CloudApi;
import dev.switchboard.adapters.whatsapp.internal.CloudRequests;
import dev.switchboard.adapters.whatsapp.internal.CloudWebhookParser;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.ReadReceipts;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.support.Phones;
import dev.switchboard.core.support.Redact;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WhatsApp through Meta's Cloud API. Accounts are business phone numbers: {@link ChannelAccount#id()}
 * is the {@code phone_number_id} and {@link ChannelAccount#accessToken()} the system-user token.
 * Webhooks are signed with the app secret of {@link WhatsAppCloudConfig}, shared by every account.
 */
public final class WhatsAppCloudChannel extends MetaChannel implements ReadReceipts {
    private static final Logger log = LoggerFactory.getLogger(WhatsAppCloudChannel.class);
    private static final String MISSING_SECRET = "WEBHOOK_SECRET is not set: signed webhooks cannot be checked, so none is accepted";
    private static final java.time.Duration SERVICE_WINDOW = java.time.Duration.ofHours(24);

    private final WhatsAppCloudConfig config;
    private final CloudWebhookParser parser;
    private final CloudApi api;

    public WhatsAppCloudChannel(WhatsAppCloudConfig config) {
        super(config.appSecret(), config.verifyToken(), MISSING_SECRET);
        this.config = config;
        this.parser = new CloudWebhookParser(config.clock());
        this.api = new CloudApi(config.apiBaseUrl(), config.httpClient());
    }

    @Override
    public String channel() {
        return "whatsapp";
    }

    @Override
    public String provider() {
        return "cloud";
    }

    /** Free-form messages only within 24 hours of the customer's last message (error 131047 otherwise). */
    @Override
    public Optional<java.time.Duration> serviceWindow() {
        return Optional.of(SERVICE_WINDOW);
    }

    /** 131047: more than 24 hours since the customer last wrote (re-engagement): only templates go through. */
    @Override
    public boolean closesServiceWindow(String errorCode) {
        return "131047".equals(errorCode);
    }

    @Override
    public dev.switchboard.core.channel.SendPacing pacing() {
        return config.pacing();
    }

    @Override
    public List<InboundEvent> parse(WebhookRequest request) {
        return parser.parse(request.body());
    }

    /**
     * Sends text, media by link, reactions, reply buttons and templates. A text longer than
     * {@value CloudRequests#MAX_TEXT} characters goes out as several messages and the result is the
     * last one's id; if a later part fails, the earlier parts have already been delivered, so a
     * retry of the whole message repeats them.
     */
    @Override
    protected SendResult sendWithToken(ChannelAccount account, OutboundMessage message) {
        String to = Phones.e164OrNull(message.recipient());
        if (to == null) {
            return new SendResult.Permanent("invalid_recipient",
                    "recipient " + Redact.id(message.recipient()) + " is not a WhatsApp number");
        }
        List<ObjectNode> bodies;
        try {
            bodies = CloudRequests.forMessage(to, message);
        } catch (InvalidInputException e) {
            return new SendResult.Permanent("invalid_content", e.reason());
        }
        return PartedSend.inOrder(bodies, body -> api.postMessage(account.id(), account.accessToken(), body), log, "WhatsApp Cloud", to);
    }

    /** Marks the message (and the ones before it) read. Never throws: a lost read receipt is harmless. */
    @Override
    public Optional<dev.switchboard.core.channel.FetchedMedia> fetchMedia(ChannelAccount account, dev.switchboard.core.domain.MediaRef media) {
        if (account.accessToken() == null) return Optional.empty();
        try {
            return Optional.of(api.downloadMedia(account.id(), account.accessToken(), media));
        } catch (IOException e) {
            throw new dev.switchboard.core.support.SwitchboardException("WhatsApp media " + media.id() + " could not be downloaded: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void markRead(ChannelAccount account, String externalMessageId) {
        if (account.accessToken() == null || externalMessageId == null) return;
        try {
            if (!api.postReadReceipt(account.id(), account.accessToken(), CloudRequests.markRead(externalMessageId))) {
                log.debug("WhatsApp Cloud read receipt for {} was not accepted", externalMessageId);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("WhatsApp Cloud read receipt for {} failed: {}", externalMessageId, e.toString());
        }
    }
}
