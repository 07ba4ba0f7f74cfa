package dev.switchboard.adapters.whatsapp;

import dev.switchboard.adapters.whatsapp.internal.EvolutionApi;
import dev.switchboard.adapters.whatsapp.internal.EvolutionHttp;
import dev.switchboard.adapters.whatsapp.internal.EvolutionRequests;
import dev.switchboard.adapters.whatsapp.internal.EvolutionWebhookAuth;
import dev.switchboard.adapters.whatsapp.internal.EvolutionWebhookParser;
import dev.switchboard.core.channel.AccountDirectory;
import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.ConnectionManagement;
import dev.switchboard.core.channel.ConnectionState;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.support.LogSafe;
import dev.switchboard.core.support.Phones;
import dev.switchboard.core.support.Redact;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WhatsApp through a self-hosted Evolution API v2 server (Baileys). Accounts are Evolution
 * instances:
 * <ul>
 *   <li>{@link ChannelAccount#id()} is the instance name, unique across the deployment: the
 *       webhook's {@code instance} field routes it;</li>
 *   <li>{@link ChannelAccount#accessToken()} is the instance token (the {@code hash} returned when the
 *       instance was created), sent as {@code apikey};</li>
 *   <li>setting {@code server_url} names the instance's server (else {@link EvolutionConfig#defaultServerUrl()});</li>
 *   <li>setting {@code webhook_token} is the secret the instance's webhook proves itself with, as a
 *       bearer token or as the {@code jwt_key} that signs Evolution's webhook JWT.</li>
 * </ul>
 * A webhook is accepted when it carries one of those, or the instance token as the body's
 * {@code apikey}. Customers are identified by their phone number's digits (the number of an
 * {@code @lid} chat is read from {@code remoteJidAlt}); a privacy id with no number behind it is
 * kept as its full JID, which is also where replies then go. Baileys has no 24-hour window, so
 * {@link #serviceWindow()} is empty.
 *
 * <p>The operator links the instance's phone through {@link ConnectionManagement}: {@link #connect}
 * answers a QR (and a pairing code when the account's {@code externalNumber} is set).
 */
public final class EvolutionChannel implements Channel, ConnectionManagement {
    private static final Logger log = LoggerFactory.getLogger(EvolutionChannel.class);

    private final EvolutionConfig config;
    private final EvolutionWebhookAuth auth;
    private final EvolutionWebhookParser parser;
    private final EvolutionApi api;
    private final EvolutionClient client;

    public EvolutionChannel(EvolutionConfig config) {
        this.config = config;
        this.auth = new EvolutionWebhookAuth(config.clock(), config.jwtClockSkew(), config.globalApiKey());
        this.parser = new EvolutionWebhookParser(config.clock());
        this.api = new EvolutionApi(new EvolutionHttp(config.httpClient()));
        this.client = new EvolutionClient(config);
    }

    @Override
    public String channel() {
        return "whatsapp";
    }

    @Override
    public String provider() {
        return "evolution";
    }

    /** Never throws: a body that is not JSON, or names no known instance, is rejected. */
    @Override
    public Verification verify(WebhookRequest request, AccountDirectory accounts) {
        return auth.verify(request, accounts, provider());
    }

    /**
     * {@code messages.upsert} becomes a received message, or an echo when {@code fromMe} (typed on
     * the business phone, or our own send coming back); group chats and broadcasts are ignored.
     * {@code messages.update} becomes a delivery status, {@code connection.update} and
     * {@code qrcode.updated} an account update; every other event is ignored.
     */
    @Override
    public List<InboundEvent> parse(WebhookRequest request) {
        return parser.parse(request.body());
    }

    /**
     * Sends text ({@code sendText}), image, video and document by link ({@code sendMedia}) and audio
     * as a voice note ({@code sendWhatsAppAudio}). Reactions, buttons and templates are refused as
     * {@code unsupported_content}.
     */
    @Override
    public SendResult send(ChannelAccount account, OutboundMessage message) {
        EvolutionInstance instance;
        try {
            instance = instance(account);
        } catch (InvalidInputException e) {
            return new SendResult.Permanent("account_misconfigured", e.getMessage());
        }
        String number = EvolutionRequests.number(message.recipient());
        if (number == null) {
            return new SendResult.Permanent("invalid_recipient",
                    "recipient " + Redact.id(message.recipient()) + " is neither a phone number nor a WhatsApp JID");
        }
        Optional<EvolutionRequests.Request> request;
        try {
            request = EvolutionRequests.forMessage(number, message);
        } catch (InvalidInputException e) {
            return new SendResult.Permanent("invalid_content", e.reason());
        }
        if (request.isEmpty()) {
            return new SendResult.Permanent("unsupported_content",
                    "Evolution sends text and media only, not " + message.content().getClass().getSimpleName().toLowerCase(Locale.ROOT));
        }
        SendResult result = api.send(instance.route("message", request.get().endpoint()), instance.token(), request.get().body());
        String to = Redact.id(number);
        String via = LogSafe.of(instance.name());
        switch (result) {
            case SendResult.Sent sent -> log.debug("Evolution send to {} via {} accepted as {}", to, via, sent.externalId());
            case SendResult.Retryable r -> log.warn("Evolution send to {} via {} failed, retryable: {} {}", to, via, r.code(), r.message());
            case SendResult.RateLimited r -> log.warn("Evolution send to {} via {} rate-limited: {} {}", to, via, r.code(), r.message());
            case SendResult.Permanent p -> log.warn("Evolution send to {} via {} failed: {} {}", to, via, p.code(), p.message());
        }
        return result;
    }

    /**
     * The instance's state: {@code open}, {@code connecting} or {@code close}.
     *
     * @throws InvalidInputException when the account names no server or has no token
     * @throws EvolutionApiException when Evolution cannot be reached or refuses
     */
    @Override
    public ConnectionState state(ChannelAccount account) {
        return ConnectionState.of(client.connectionState(instance(account)).state());
    }

    /**
     * Starts linking: a {@code connecting} state with the QR to scan (and a pairing code for the
     * account's {@code externalNumber}, when set), or the state of an instance already linked.
     *
     * @throws InvalidInputException when the account names no server or has no token
     * @throws EvolutionApiException when Evolution cannot be reached or refuses
     */
    @Override
    public ConnectionState connect(ChannelAccount account) {
        return connect(account, Phones.e164OrNull(account.externalNumber()));
    }

    /**
     * Onboarding end to end: with the server's global key ({@link EvolutionConfig#globalApiKey()}),
     * creates the instance when the server does not have it (named as the account, with the
     * account's token as its instance token); with {@link EvolutionConfig#publicBaseUrl()}, points
     * its webhook at {@code {publicBaseUrl}/webhooks/evolution}, authenticated with the account's
     * {@code webhook_token} as a bearer token (or, without one, with the instance token as an
     * {@code apikey} header); then starts linking as {@link #connect(ChannelAccount)}, asking for a
     * pairing code for {@code e164} when given.
     */
    @Override
    public ConnectionState connect(ChannelAccount account, String e164) {
        EvolutionInstance instance = instance(account);
        EvolutionClient.WebhookConfig webhook = webhook(account);
        if (config.globalApiKey() != null && !exists(instance)) {
            client.createInstance(instance.serverUrl(), config.globalApiKey(),
                    EvolutionClient.NewInstance.baileys(instance.name(), instance.token(), webhook));
            log.info("Evolution instance {} created", LogSafe.of(instance.name()));
        }
        if (webhook != null) client.setWebhook(instance, webhook);
        return switch (client.connect(instance, e164 == null ? null : e164.substring(1))) {
            case EvolutionClient.QrCode qr -> new ConnectionState("connecting", qr.base64(), qr.pairingCode());
            case EvolutionClient.Connected connected -> ConnectionState.of(connected.state());
        };
    }

    /**
     * Logs the phone out; the instance stays and can be linked again.
     *
     * @throws InvalidInputException when the account names no server or has no token
     * @throws EvolutionApiException when Evolution cannot be reached or refuses
     */
    @Override
    public void disconnect(ChannelAccount account) {
        client.logout(instance(account));
    }

    /**
     * What registering or updating an Evolution account must call with its {@code server_url} (when
     * set) before storing it; see {@link EvolutionConfig#validateServerUrl}.
     *
     * @throws InvalidInputException naming {@code server_url} when the URL may not be called
     */
    public void validateServerUrl(String serverUrl) {
        config.validateServerUrl(serverUrl);
    }

    /** Asked with the global key, so an instance whose token we hold wrong still counts as existing. */
    private boolean exists(EvolutionInstance instance) {
        try {
            client.connectionState(new EvolutionInstance(instance.serverUrl(), instance.name(), config.globalApiKey()));
            return true;
        } catch (EvolutionApiException e) {
            if (e.reason() == EvolutionApiException.Reason.INSTANCE_NOT_FOUND) return false;
            throw e;
        }
    }

    /** Where and how Evolution should deliver this account's events; null without a public URL. */
    private EvolutionClient.WebhookConfig webhook(ChannelAccount account) {
        if (config.publicBaseUrl() == null) return null;
        String url = config.publicBaseUrl() + "/webhooks/evolution";
        String token = account.setting(EvolutionModule.WEBHOOK_TOKEN);
        if (token != null && !token.isBlank()) return EvolutionClient.WebhookConfig.bearer(url, new dev.switchboard.core.domain.Secret(token));
        return new EvolutionClient.WebhookConfig(url, true, java.util.Map.of("apikey", account.accessToken().value()), false, false,
                EvolutionClient.CHANNEL_EVENTS);
    }

    private EvolutionInstance instance(ChannelAccount account) {
        return EvolutionInstance.of(account, config.defaultServerUrl());
    }
}
