package dev.switchboard.examples;

import dev.switchboard.core.channel.AccountDirectory;
import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.MalformedWebhookException;
import dev.switchboard.core.channel.OutboundContent;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A toy channel that shows how little a channel needs: its "webhook" is a line {@code account|from|id|text}
 * guarded by a shared token header, and sending prints to the console. Adding it needed no change to core.
 */
public final class ConsoleChannel implements Channel {
    private final String token;
    private final AtomicInteger sent = new AtomicInteger();
    private final List<String> outbox = new CopyOnWriteArrayList<>();

    public ConsoleChannel(String token) {
        this.token = token;
    }

    public String channel() {
        return "console";
    }

    public String provider() {
        return "stdout";
    }

    public Verification verify(WebhookRequest request, AccountDirectory accounts) {
        return token.equals(request.header("X-Console-Token")) ? Verification.accepted() : Verification.rejected("bad console token");
    }

    public List<InboundEvent> parse(WebhookRequest request) {
        String[] parts = request.bodyText().split("\\|", 4);
        if (parts.length != 4) throw new MalformedWebhookException("expected account|from|id|text");
        return List.of(new InboundEvent.MessageReceived(parts[0], parts[2], parts[1], null, null, "text", parts[3], null, null,
                Instant.now(), request.bodyText()));
    }

    public SendResult send(ChannelAccount account, OutboundMessage message) {
        String text = message.content() instanceof OutboundContent.Text t ? t.body() : message.content().toString();
        System.out.println("[console → " + message.recipient() + "] " + text);
        outbox.add(text);
        return new SendResult.Sent("console-" + sent.incrementAndGet());
    }

    public List<String> outbox() {
        return List.copyOf(outbox);
    }
}
