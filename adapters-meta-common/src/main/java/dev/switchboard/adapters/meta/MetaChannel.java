package dev.switchboard.adapters.meta;

import dev.switchboard.core.channel.AccountDirectory;
import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Secret;
import java.util.Optional;

/**
 * What every channel on Meta's platform does alike: the {@code hub.*} subscription handshake
 * ({@link VerifyTokenHandshake}), the {@code X-Hub-Signature-256} check with the one app secret
 * shared by every account ({@link HubSignature}), and refusing to send for an account that has no
 * access token. A subclass reads its webhooks and sends its requests.
 */
public abstract class MetaChannel implements Channel {
    /** The setting that holds the handshake's verify token, named when none is configured. */
    public static final String VERIFY_TOKEN_VARIABLE = "WEBHOOK_VERIFY_TOKEN";

    private final Secret appSecret;
    private final Secret verifyToken;
    private final String missingSecretReason;

    /**
     * @param appSecret           the secret that signs webhooks; null rejects every webhook
     * @param verifyToken         the handshake token; null refuses every handshake
     * @param missingSecretReason the rejection reason without a secret (name the variable to set)
     */
    protected MetaChannel(Secret appSecret, Secret verifyToken, String missingSecretReason) {
        this.appSecret = appSecret;
        this.verifyToken = verifyToken;
        this.missingSecretReason = missingSecretReason;
    }

    @Override
    public final Optional<String> handshake(WebhookRequest request) {
        return VerifyTokenHandshake.answer(request, verifyToken, VERIFY_TOKEN_VARIABLE);
    }

    @Override
    public final Verification verify(WebhookRequest request, AccountDirectory accounts) {
        return HubSignature.verify(appSecret, request.header(HubSignature.HEADER), request.body(), missingSecretReason);
    }

    /** Refuses for good ({@code no_access_token}) when the account has no token; otherwise {@link #sendWithToken}. */
    @Override
    public final SendResult send(ChannelAccount account, OutboundMessage message) {
        if (account.accessToken() == null) {
            return new SendResult.Permanent("no_access_token", "channel account " + account.id() + " has no access token");
        }
        return sendWithToken(account, message);
    }

    /** {@link Channel#send} for an account whose access token is set. */
    protected abstract SendResult sendWithToken(ChannelAccount account, OutboundMessage message);
}
