package dev.switchboard.core.channel;

import java.time.Duration;

/**
 * How fast a channel lets us send: at most one message per {@code perAccount} from one account
 * (WhatsApp: 80 msg/s per business number) and one per {@code perRecipient} to the same customer
 * (WhatsApp's pair rate limit: one per 6 s). {@link Duration#ZERO} means unlimited. The engine
 * paces sends to these limits instead of letting the provider refuse them.
 */
public record SendPacing(Duration perAccount, Duration perRecipient) {
    public static final SendPacing NONE = new SendPacing(Duration.ZERO, Duration.ZERO);

    public static SendPacing perSecond(double messagesPerSecond, Duration perRecipient) {
        long nanos = messagesPerSecond <= 0 ? 0 : (long) Math.ceil(1_000_000_000d / messagesPerSecond);
        return new SendPacing(Duration.ofNanos(nanos), perRecipient);
    }
}
