package dev.switchboard.adapters.whatsapp.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.core.channel.AccountDirectory;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides whether an Evolution webhook comes from the instance it names. Evolution signs nothing;
 * an instance can only prove itself in one of three ways, each checked against that instance's
 * account:
 * <ol>
 *   <li>a static header configured on the webhook: {@code Authorization: Bearer <webhook_token>};</li>
 *   <li>the {@code jwt_key} header mode: {@code Authorization: Bearer <JWT>} signed with the
 *       {@code webhook_token} (see {@link WebhookJwt});</li>
 *   <li>the body's {@code apikey}, which is the instance token when the server exposes it
 *       ({@code AUTHENTICATION_EXPOSE_IN_FETCH_INSTANCES=true}).</li>
 * </ol>
 * Only {@code instance} and {@code apikey} are read before the decision; the rest of the body is
 * scanned for well-formedness and not kept.
 */
public final class EvolutionWebhookAuth {
    /** The account setting holding the secret of modes 1 and 2. */
    public static final String WEBHOOK_TOKEN = "webhook_token";
    private static final String BEARER = "Bearer ";
    private static final JsonFactory JSON = EvolutionWebhookParser.MAPPER.getFactory();

    private final Clock clock;
    private final Duration jwtClockSkew;

    public EvolutionWebhookAuth(Clock clock, Duration jwtClockSkew) {
        this.clock = clock;
        this.jwtClockSkew = jwtClockSkew;
    }

    public Verification verify(WebhookRequest request, AccountDirectory accounts, String provider) {
        Envelope envelope;
        try {
            envelope = Envelope.read(request.body());
        } catch (IOException e) {
            return Verification.rejected("body is not a JSON object: " + e.getMessage());
        }
        if (envelope.instance() == null) return Verification.rejected("body names no instance");
        Optional<ChannelAccount> found = accounts.find(envelope.instance());
        if (found.isEmpty() || !provider.equals(found.get().provider())) {
            return Verification.rejected("unknown Evolution instance '" + envelope.instance() + "'");
        }
        ChannelAccount account = found.get();
        String bearerProblem = null;
        String bearer = bearer(request.header("Authorization"));
        String webhookToken = account.setting(WEBHOOK_TOKEN);
        if (bearer != null && webhookToken != null && !webhookToken.isEmpty()) {
            if (sameSecret(bearer, webhookToken)) return Verification.accepted();
            if (WebhookJwt.looksLikeJwt(bearer)) {
                Verification jwt = WebhookJwt.verify(bearer, new Secret(webhookToken), clock.instant(), jwtClockSkew);
                if (jwt instanceof Verification.Accepted) return jwt;
                bearerProblem = ((Verification.Rejected) jwt).reason();
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
        if (bearerProblem != null) return Verification.rejected(bearerProblem);
        if (envelope.apikey() != null) return Verification.rejected("body apikey is not the instance token");
        return Verification.rejected("no credentials: neither an Authorization bearer token nor a body apikey");
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
