package dev.switchboard.adapters.instagram;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.adapters.instagram.internal.GraphApi;
import dev.switchboard.adapters.instagram.internal.InstagramRequests;
import dev.switchboard.adapters.instagram.internal.InstagramWebhookParser;
import dev.switchboard.adapters.meta.MetaChannel;
import dev.switchboard.adapters.meta.PartedSend;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.support.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instagram Direct through the Instagram API with Instagram Login ({@code graph.instagram.com}).
 * Accounts are Instagram professional accounts: {@link ChannelAccount#id()} is the account id that
 * webhooks carry in {@code entry[].id} and {@code recipient.id}, and {@link ChannelAccount#accessToken()}
 * the Instagram user access token. Customers are addressed by their Instagram-scoped id (IGSID).
 * Webhooks are signed with the one secret of {@link InstagramConfig}, shared by every account.
 */
public final class InstagramChannel extends MetaChannel {
    private static final Logger log = LoggerFactory.getLogger(InstagramChannel.class);
    private static final String MISSING_SECRET = "INSTAGRAM_APP_SECRET (or WEBHOOK_SECRET) is not set: "
            + "signed Instagram webhooks cannot be checked, so none is accepted";
    private static final Duration SERVICE_WINDOW = Duration.ofHours(24);

    private final InstagramConfig config;
    private final InstagramWebhookParser parser;
    private final GraphApi api;

    public InstagramChannel(InstagramConfig config) {
        super(config.appSecret(), config.verifyToken(), MISSING_SECRET);
        this.config = config;
        this.parser = new InstagramWebhookParser(config.clock(), config.appId());
        this.api = new GraphApi(config.apiBaseUrl(), config.httpClient());
    }

    @Override
    public String channel() {
        return "instagram";
    }

    @Override
    public String provider() {
        return "graph";
    }

    /**
     * Customer messages (text, attachments, story replies, reactions, ice-breaker taps), echoes of
     * the business's own sends, and read receipts for our messages; everything else is
     * {@link InboundEvent.Ignored} with the reason.
     */
    @Override
    public List<InboundEvent> parse(WebhookRequest request) {
        return parser.parse(request.body());
    }

    /**
     * Sends text and media by public link (image, video, audio, document as a file). A text over
     * {@value InstagramRequests#MAX_TEXT_BYTES} UTF-8 bytes, or a media caption, goes out as several
     * messages and the result is the last one's id; if a later part fails, the earlier parts have
     * already been delivered, so a retry of the whole message repeats them. Replies are not quoted.
     * Reactions, buttons and templates are refused as {@code unsupported_content} without calling Meta.
     */
    @Override
    protected SendResult sendWithToken(ChannelAccount account, OutboundMessage message) {
        String to = message.recipient();
        if (to == null || to.isBlank()) {
            return new SendResult.Permanent("invalid_recipient", "the message has no Instagram-scoped recipient id");
        }
        List<ObjectNode> bodies;
        try {
            bodies = InstagramRequests.forMessage(to, message);
        } catch (InstagramRequests.UnsupportedContentException e) {
            return new SendResult.Permanent("unsupported_content", e.getMessage());
        } catch (InvalidInputException e) {
            return new SendResult.Permanent("invalid_content", e.reason());
        }
        return PartedSend.inOrder(bodies, body -> api.postMessage(account.id(), account.accessToken(), body), log, "Instagram", to);
    }

    /** Instagram lets the business answer freely for 24 hours after the customer's last message. */
    @Override
    public Optional<Duration> serviceWindow() {
        return Optional.of(SERVICE_WINDOW);
    }
}
