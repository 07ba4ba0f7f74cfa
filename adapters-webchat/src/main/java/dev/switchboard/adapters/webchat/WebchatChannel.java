package dev.switchboard.adapters.webchat;

import dev.switchboard.core.channel.AccountDirectory;
import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.MalformedWebhookException;
import dev.switchboard.core.channel.OutboundContent;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.channel.TypingIndicator;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.MessageTypes;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The web chat channel ({@code webchat/widget}): the "provider" is our own widget in the visitor's
 * browser. A visitor's message reaches {@link #verify}/{@link #parse} as a request carrying the
 * visitor token ({@code Authorization: Bearer}), the widget id ({@value #WIDGET_PARAM} query
 * parameter, set by the server from the path) and the browser's Origin. Sending cannot fail at a
 * provider: the engine has already stored the message, so {@link #send} only wakes the visitor's
 * live connections, which read it from the store. The engine's {@link #typing} call (a turn starts
 * the model) tells the visitor's open connections that the agent is thinking.
 */
public final class WebchatChannel implements Channel, TypingIndicator {
    public static final String CHANNEL = "webchat";
    public static final String PROVIDER = "widget";
    /** The query parameter the server puts the path's widget id in. */
    public static final String WIDGET_PARAM = "widget_id";
    /** Contact attributes set from the visitor's browser. */
    public static final String LOCALE = "locale";
    public static final String USER_AGENT = "user_agent";
    private static final int MAX_USER_AGENT = 256;

    /**
     * @param secret    the token signing key; null disables the channel (every visitor request is refused)
     * @param rateLimit messages a minute per visitor (0: unlimited)
     * @param maxText   longest message, in characters
     */
    public record Config(byte[] secret, int rateLimit, int maxText) {}

    private final VisitorTokens tokens;
    private final VisitorRateLimit rateLimit;
    private final int maxText;
    private final LiveStreams streams = new LiveStreams();
    private final Clock clock;
    private final Supplier<String> externalIds;

    public WebchatChannel(Config config) {
        this(config, Clock.systemUTC(), () -> "wc_" + UUID.randomUUID());
    }

    /** @param externalIds the id each send reports as sent (tests pin it) */
    public WebchatChannel(Config config, Clock clock, Supplier<String> externalIds) {
        this.tokens = config.secret() == null ? null : new VisitorTokens(config.secret(), clock);
        this.rateLimit = new VisitorRateLimit(config.rateLimit(), clock);
        this.maxText = config.maxText();
        this.clock = clock;
        this.externalIds = externalIds;
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    /** Empty when no secret is configured: the server answers 503 to visitors. */
    public Optional<VisitorTokens> tokens() {
        return Optional.ofNullable(tokens);
    }

    public LiveStreams streams() {
        return streams;
    }

    public VisitorRateLimit rateLimit() {
        return rateLimit;
    }

    public int maxText() {
        return maxText;
    }

    /** The visitor a request's token names, if the token is authentic and issued for the request's widget. */
    public Optional<Visitor> visitor(WebhookRequest request) {
        if (tokens == null) return Optional.empty();
        String widget = request.queryParam(WIDGET_PARAM);
        return tokens.read(VisitorTokens.bearer(request.header("Authorization")))
                .filter(v -> v.widgetId().equals(widget));
    }

    @Override
    public Verification verify(WebhookRequest request, AccountDirectory accounts) {
        if (tokens == null) return Verification.rejected("WEBCHAT_SECRET is not set");
        String bearer = VisitorTokens.bearer(request.header("Authorization"));
        if (bearer == null) return Verification.rejected("no visitor token");
        Optional<Visitor> visitor = tokens.read(bearer);
        if (visitor.isEmpty()) return Verification.rejected("visitor token not signed by this server");
        String widget = request.queryParam(WIDGET_PARAM);
        if (!visitor.get().widgetId().equals(widget)) return Verification.rejected("visitor token issued for another widget");
        Optional<ChannelAccount> account = accounts.find(widget).filter(a -> CHANNEL.equals(a.channel()));
        if (account.isEmpty()) return Verification.rejected("no web chat widget " + widget);
        if (!Origins.permits(account.get(), request.header("Origin"), request.header("Host"))) {
            return Verification.rejected("origin not in the widget's allowed_origins");
        }
        return Verification.accepted();
    }

    @Override
    public List<InboundEvent> parse(WebhookRequest request) {
        Visitor visitor = visitor(request).orElseThrow(() -> new MalformedWebhookException("no valid visitor token"));
        VisitorMessage message;
        try {
            message = VisitorMessage.read(request.body(), maxText);
        } catch (WebchatInputException e) {
            throw new MalformedWebhookException(e.getMessage());
        }
        return List.of(new InboundEvent.MessageReceived(visitor.widgetId(), message.externalId(visitor), visitor.visitorId(),
                null, null, MessageTypes.TEXT, message.text(), null, null, clock.instant(), request.bodyText(),
                attributes(message, request.header("User-Agent"))));
    }

    /** What the browser tells about the visitor, kept on the contact: its language and user agent (capped). */
    static Map<String, String> attributes(VisitorMessage message, String userAgent) {
        Map<String, String> attributes = new HashMap<>();
        if (message.locale() != null) attributes.put(LOCALE, message.locale());
        if (userAgent != null && !userAgent.isBlank()) {
            String ua = userAgent.strip();
            attributes.put(USER_AGENT, ua.length() > MAX_USER_AGENT ? ua.substring(0, MAX_USER_AGENT) : ua);
        }
        return attributes;
    }

    @Override
    public SendResult send(ChannelAccount account, OutboundMessage message) {
        if (!Visitor.isVisitorId(message.recipient())) {
            return new SendResult.Permanent("unknown_visitor", "not a web chat visitor id");
        }
        if (message.content() instanceof OutboundContent.Template || message.content() instanceof OutboundContent.Reaction) {
            return new SendResult.Permanent("unsupported_content", "the web chat widget shows text, media links and buttons only");
        }
        streams.publish(new Visitor(account.id(), message.recipient()), LiveStreams.Signal.NEW_MESSAGES);
        return new SendResult.Sent(externalIds.get());
    }

    /** Called by the engine when a turn starts the model: the visitor's open connections show "thinking". */
    @Override
    public void typing(ChannelAccount account, String recipient) {
        if (Visitor.isVisitorId(recipient)) streams.publish(new Visitor(account.id(), recipient), LiveStreams.Signal.TYPING);
    }
}
