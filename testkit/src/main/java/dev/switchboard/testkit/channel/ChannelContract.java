package dev.switchboard.testkit.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.channel.AccountDirectory;
import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.MalformedWebhookException;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Channel} must do, whatever the provider. A channel's test extends this class,
 * owns the provider's stand-in (a WireMock server, typically) and supplies the samples below.
 *
 * <p>Each {@code provider…NextSend} hook sets the stand-in's answer to the next send; a later call
 * replaces an earlier one. Optional capabilities (the subscription handshake, echoes) default to
 * "not supported" and their tests are skipped. Test methods are public so that a channel with a
 * documented exception can override one and mark it {@code @Disabled} with the reason.
 */
public abstract class ChannelContract {

    /** The channel under test, sending to the stand-in. */
    protected abstract Channel channel();

    /** The account sends go through, and the one the samples are addressed to. */
    protected abstract ChannelAccount account();

    /** A request the provider would send for one inbound text message, with valid credentials. */
    protected abstract WebhookRequest authenticTextMessage();

    /** A request carrying the same kind of message whose credentials are wrong (bad signature or token). */
    protected abstract WebhookRequest forgedTextMessage();

    /** A recipient the channel can address (the sender of {@link #authenticTextMessage()}, typically). */
    protected abstract String recipient();

    /** The next send is accepted and the provider answers with this message id. */
    protected abstract void providerAcceptsNextSend(String externalId);

    /** The next send fails in a way a later attempt can fix (server error, throttling). */
    protected abstract void providerFailsNextSendTransiently();

    /**
     * The next send fails in a way no retry can fix (bad recipient, closed window, bad auth).
     *
     * @return the error code the provider puts in its answer, as {@link SendResult.Permanent#code()} must carry it
     */
    protected abstract String providerRejectsNextSendPermanently();

    /** The subscription handshake, when the provider has one. */
    protected Optional<Handshake> handshake() {
        return Optional.empty();
    }

    /** A request reporting a message the business sent from outside this service, when the channel has echoes. */
    protected Optional<WebhookRequest> authenticEcho() {
        return Optional.empty();
    }

    /**
     * A provider's subscription handshake.
     *
     * @param valid    the request the provider sends
     * @param answer   the body the channel must answer it with
     * @param forged   the same request with a wrong token, which must be refused
     */
    public record Handshake(WebhookRequest valid, String answer, WebhookRequest forged) {}

    protected AccountDirectory accounts() {
        ChannelAccount account = account();
        return id -> account.id().equals(id) ? Optional.of(account) : Optional.empty();
    }

    // --- verification ----------------------------------------------------------------------------

    @Test
    public void authentic_request_is_accepted() {
        assertThat(channel().verify(authenticTextMessage(), accounts())).isInstanceOf(Verification.Accepted.class);
    }

    @Test
    public void forged_request_is_rejected_with_a_reason() {
        assertThat(channel().verify(forgedTextMessage(), accounts()))
                .isInstanceOfSatisfying(Verification.Rejected.class, r -> assertThat(r.reason()).isNotBlank());
    }

    @Test
    public void request_without_any_credentials_is_rejected() {
        WebhookRequest bare = new WebhookRequest(Map.of(), Map.of(), authenticTextMessage().body());

        assertThat(channel().verify(bare, accounts())).isInstanceOf(Verification.Rejected.class);
    }

    // --- parsing ---------------------------------------------------------------------------------

    @Test
    public void text_message_is_parsed_into_one_received_message() {
        List<InboundEvent> events = channel().parse(authenticTextMessage());

        assertThat(events).filteredOn(InboundEvent.MessageReceived.class::isInstance).singleElement()
                .isInstanceOfSatisfying(InboundEvent.MessageReceived.class, m -> {
                    assertThat(m.externalId()).isNotBlank();
                    assertThat(m.channelUserId()).isNotBlank();
                    assertThat(m.accountId()).isEqualTo(account().id());
                    assertThat(m.type()).isEqualTo("text");
                    assertThat(m.text()).isNotBlank();
                    assertThat(m.timestamp()).isNotNull();
                    assertThat(m.eventType()).isEqualTo("message");
                });
    }

    @Test
    public void parsing_the_same_request_twice_gives_the_same_external_id() {
        assertThat(messageIds(channel().parse(authenticTextMessage())))
                .isEqualTo(messageIds(channel().parse(authenticTextMessage())));
    }

    @Test
    public void garbage_body_is_malformed() {
        WebhookRequest authentic = authenticTextMessage();
        WebhookRequest garbage = new WebhookRequest(authentic.headers(), authentic.query(),
                "{\"this is\": not json".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> channel().parse(garbage)).isInstanceOf(MalformedWebhookException.class);
    }

    @Test
    public void echo_is_parsed_as_an_echo_not_as_a_customer_message() {
        Optional<WebhookRequest> echo = authenticEcho();
        Assumptions.assumeTrue(echo.isPresent(), "channel reports no echoes");

        assertThat(channel().verify(echo.get(), accounts())).isInstanceOf(Verification.Accepted.class);
        List<InboundEvent> events = channel().parse(echo.get());
        assertThat(events).noneMatch(InboundEvent.MessageReceived.class::isInstance);
        assertThat(events).filteredOn(InboundEvent.EchoSent.class::isInstance).isNotEmpty()
                .allSatisfy(e -> {
                    InboundEvent.EchoSent sent = (InboundEvent.EchoSent) e;
                    assertThat(sent.externalId()).isNotBlank();
                    assertThat(sent.accountId()).isEqualTo(account().id());
                });
    }

    // --- handshake -------------------------------------------------------------------------------

    @Test
    public void handshake_is_answered_and_a_wrong_token_refused() {
        Optional<Handshake> handshake = handshake();
        Assumptions.assumeTrue(handshake.isPresent(), "channel has no subscription handshake");

        assertThat(channel().handshake(handshake.get().valid())).contains(handshake.get().answer());
        assertThat(channel().handshake(handshake.get().forged())).isEmpty();
    }

    // --- sending ---------------------------------------------------------------------------------

    @Test
    public void accepted_send_returns_the_providers_message_id() {
        String externalId = "contract-" + UUID.randomUUID();
        providerAcceptsNextSend(externalId);

        assertThat(send()).isEqualTo(new SendResult.Sent(externalId));
    }

    @Test
    public void transient_failure_is_retryable_or_rate_limited() {
        providerFailsNextSendTransiently();

        assertThat(send()).isInstanceOfAny(SendResult.Retryable.class, SendResult.RateLimited.class);
    }

    @Test
    public void permanent_failure_is_permanent_with_the_providers_code() {
        String code = providerRejectsNextSendPermanently();

        assertThat(send()).isInstanceOfSatisfying(SendResult.Permanent.class, p -> {
            assertThat(p.code()).isEqualTo(code);
            assertThat(p.message()).isNotBlank();
        });
    }

    private SendResult send() {
        return channel().send(account(), OutboundMessage.text(recipient(), "Hello from the contract test"));
    }

    private static List<String> messageIds(List<InboundEvent> events) {
        return events.stream()
                .filter(InboundEvent.MessageReceived.class::isInstance)
                .map(e -> ((InboundEvent.MessageReceived) e).externalId())
                .toList();
    }
}
