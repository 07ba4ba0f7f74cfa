package dev.switchboard.adapters.whatsapp.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.core.channel.AccountDirectory;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.support.LogSafe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether an Evolution webhook comes from the instance it names. Evolution signs nothing;
 * an instance can only prove itself in one of three ways, each checked against that instance's
 * account:
 * <ol>
 *   <li>a static header configured on the webhook: {@code Authorization: Bearer <webhook_token>};</li>
 *   <li>the {@code jwt_key} header mode: {@code Authorization: Bearer <JWT>} signed with the
 *       {@code webhook_token} (see {@link WebhookJwt});</li>
 *   <li>the body's {@code apikey}, which is the instance token when the server exposes it
 *       ({@code AUTHENTICATION_EXPOSE_IN_FETCH_INSTANCES=true}), or the same token in an
 *       {@code apikey} header (seed 004).</li>
 * </ol>
 * Only {@code instance} and {@code apikey} are read before the decision; the rest of the body is
 * scanned for well-formedness and not kept.
 */
public final class EvolutionWebhookAuth {
    /** The account setting holding the secret of modes 1 and 2. */
    public static final String WEBHOOK_TOKEN = "webhook_token";
    /** The one reason for every credential that does not match, whether or not the instance exists. */
    public static final String NOT_AUTHENTICATED = "credentials do not match an Evolution instance";
    private static final Logger log = LoggerFactory.getLogger(EvolutionWebhookAuth.class);
    private static final String UNKNOWN_INSTANCE_SECRET = "no-instance-" + java.util.UUID.randomUUID();
    private static final String BEARER = "Bearer ";
    private static final JsonFactory JSON = EvolutionWebhookParser.MAPPER.getFactory();

    private final Clock clock;
    private final Duration jwtClockSkew;
    private final Secret globalApiKey;

    public EvolutionWebhookAuth(Clock clock, Duration jwtClockSkew) {
        this(clock, jwtClockSkew, null);
    }

    /** @param globalApiKey the server's global key, accepted as the body's or header's {@code apikey}; null for none */
    public EvolutionWebhookAuth(Clock clock, Duration jwtClockSkew, Secret globalApiKey) {
        this.clock = clock;
        this.jwtClockSkew = jwtClockSkew;
        this.globalApiKey = globalApiKey;
    }

    /**
     * Accepted, or rejected with a reason for the log. Whether the named instance exists, belongs to
     * another provider, has a webhook token, or was sent the wrong credential all answer the same
     * {@link #NOT_AUTHENTICATED} reason (the caller may echo it), so the answer does not tell a
     * stranger which instance names exist; the detail goes to the debug log with the name made
     * {@link LogSafe log-safe}. Only a JWT whose signature holds, which needs the instance's key, gets
     * a reason of its own (expired, not valid yet).
     */
    public Verification verify(WebhookRequest request, AccountDirectory accounts, String provider) {
        Envelope envelope;
        try {
            envelope = Envelope.read(request.body());
        } catch (IOException e) {
            return Verification.rejected("body is not a JSON object");
        }
        if (envelope.instance() == null) return Verification.rejected("body names no instance");
        String bearer = bearer(request.header("Authorization"));
        String headerKey = request.header("apikey"); // seed 004: the instance token as an apikey header, like the body's
        if (headerKey != null && headerKey.isBlank()) headerKey = null;
        if (bearer == null && envelope.apikey() == null && headerKey == null) {
            return Verification.rejected("no credentials: neither an Authorization bearer token nor an apikey");
        }
        Optional<ChannelAccount> found = accounts.find(envelope.instance());
        if (found.isEmpty() || !provider.equals(found.get().provider())) {
            // The same digest work as for a known instance, so the time taken says no more than the answer.
            sameSecret(bearer == null ? "" : bearer, UNKNOWN_INSTANCE_SECRET);
            sameSecret(envelope.apikey() == null ? "" : envelope.apikey(), UNKNOWN_INSTANCE_SECRET);
            sameSecret(headerKey == null ? "" : headerKey, UNKNOWN_INSTANCE_SECRET);
            return refused(envelope.instance(), "no " + provider + " account has this instance name");
        }
        ChannelAccount account = found.get();
        String bearerProblem = null;
        Verification signedButRefused = null; // the sender holds the key, so may learn why (expired…)
        String webhookToken = account.setting(WEBHOOK_TOKEN);
        if (bearer != null && webhookToken != null && !webhookToken.isEmpty()) {
            if (sameSecret(bearer, webhookToken)) return Verification.accepted();
            if (WebhookJwt.looksLikeJwt(bearer)) {
                Verification jwt = WebhookJwt.verify(bearer, new Secret(webhookToken), clock.instant(), jwtClockSkew);
                if (jwt instanceof Verification.Accepted) return jwt;
                bearerProblem = ((Verification.Rejected) jwt).reason();
                if (!bearerProblem.startsWith(WebhookJwt.UNSIGNED)) signedButRefused = jwt;
            } else {
                bearerProblem = "bearer token does not match the instance's webhook_token";
            }
        } else if (bearer != null) {
            bearerProblem = "instance has no webhook_token to check the bearer token against";
        }
        Secret instanceToken = account.accessToken();
        if (envelope.apikey() != null && instanceToken != null && sameSecret(envelope.apikey(), instanceToken.value())) {
            return Verification.accepted();
        }
        if (headerKey != null && instanceToken != null && sameSecret(headerKey, instanceToken.value())) {
            return Verification.accepted();
        }
        if (globalApiKey != null && (envelope.apikey() != null && sameSecret(envelope.apikey(), globalApiKey.value())
                || headerKey != null && sameSecret(headerKey, globalApiKey.value()))) {
            return Verification.accepted();
        }
        if (signedButRefused != null) return signedButRefused;
        return refused(envelope.instance(), bearerProblem != null ? bearerProblem : "body apikey is not the instance token");
    }

    private static Verification refused(String instance, String detail) {
        log.debug("Evolution webhook for instance {} refused: {}", LogSafe.of(instance), detail);
        return Verification.rejected(NOT_AUTHENTICATED);
    }

    private static String bearer(String header) {
        if (header == null) return null;
        String value = header.strip();
        if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())) return null;
        String token = value.substring(BEARER.length()).strip();
        return token.isEmpty() ? null : token;
    }

    /** Compares digests, so the time taken reveals neither where the values differ nor their lengths. */
    private static boolean sameSecret(String supplied, String expected) {
        return MessageDigest.isEqual(sha256(supplied), sha256(expected));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    /** The top-level {@code instance} and {@code apikey} strings; any other value is skipped unread. */
    private record Envelope(String instance, String apikey) {
        static Envelope read(byte[] body) throws IOException {
            try (JsonParser parser = JSON.createParser(body)) {
                parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
                if (parser.nextToken() != JsonToken.START_OBJECT) throw new IOException("expected an object");
                String instance = null;
                String apikey = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (value == JsonToken.VALUE_STRING && name.equals("instance")) instance = parser.getText();
                    else if (value == JsonToken.VALUE_STRING && name.equals("apikey")) apikey = parser.getText();
                    else parser.skipChildren();
                }
                if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                    throw new IOException("unexpected content after the object");
                }
                return new Envelope(instance, apikey);
            }
        }
    }
}
