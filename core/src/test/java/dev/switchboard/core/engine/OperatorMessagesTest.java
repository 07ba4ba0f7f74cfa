package dev.switchboard.core.engine;

import dev.switchboard.core.usecase.SendOperatorMessage;
import dev.switchboard.core.usecase.CreateTenant;
import dev.switchboard.core.usecase.RegisterChannelAccount;
import dev.switchboard.core.usecase.AddCredits;
import dev.switchboard.core.usecase.CreateAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.channel.OutboundContent;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.work.Task;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.switchboard.testkit.fake.ScriptedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Operators write text, media by link, or a template; only a template goes out once the 24-hour window has closed. */
class OperatorMessagesTest {
    /** The scripted channel with WhatsApp's customer-service window. */
    static final class WindowedChannel extends ScriptedChannel {
        @Override
        public Optional<Duration> serviceWindow() {
            return Optional.of(Duration.ofHours(24));
        }
    }

    static final class MovableClock extends Clock {
        volatile Instant now = Instant.now();

        public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        public Clock withZone(java.time.ZoneId zone) { return this; }
        public Instant instant() { return now; }
    }

    private final WindowedChannel channel = new WindowedChannel();
    private final MovableClock clock = new MovableClock();
    private Switchboard engine;
    private String tenant, conversation;

    @BeforeEach
    void setUp() {
        engine = Switchboard.create(c -> c.channel(channel).clock(clock)
                .settings(EngineSettings.defaults().withSendBackoff(Duration.ofMillis(1)).withSweep(Duration.ZERO, Duration.ZERO)));
        tenant = engine.tenants().create(CreateTenant.withEmail("t@example.com")).id();
        engine.channelAccounts().register(tenant, RegisterChannelAccount.of("test", "acc-1", "tok"));
        engine.agents().create(tenant, CreateAgent.builder("Bot").accountId("acc-1").instructions("Help.").debounceMs(0L).build());
        engine.credits().add(tenant, AddCredits.of(10));
        engine.ingest().receive("test", "scripted", WebhookRequest.of(Map.of("auth", "ok"), "5511999990000|wamid.1|oi".getBytes()));
        conversation = engine.stores().conversations().list(tenant, ConversationQuery.all()).getFirst().id();
        engine.run(Task.turn(conversation));
        channel.sent().clear();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private Message operator(SendOperatorMessage command) {
        Message m = engine.conversations().send(tenant, conversation, command);
        engine.run(Task.turn(conversation));
        return engine.stores().conversations().history(conversation, 50).stream().filter(x -> x.id().equals(m.id())).findFirst().orElseThrow();
    }

    @Test
    void outside_the_window_free_form_fails_as_window_closed_and_a_template_goes_out() {
        clock.now = clock.now.plus(Duration.ofHours(25));

        Message text = operator(SendOperatorMessage.text("Still interested?"));
        assertThat(text.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(text.errorCode()).isEqualTo(Delivery.WINDOW_CLOSED);
        assertThat(channel.sent()).isEmpty();

        Message template = operator(SendOperatorMessage.template(new SendOperatorMessage.Template("order_update", "pt_BR",
                List.of("Ana", "pedido #12 & cia"))));
        assertThat(template.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(template.type()).isEqualTo("template");
        assertThat(channel.sent()).singleElement().satisfies(m -> assertThat(m.content())
                .isEqualTo(new OutboundContent.Template("order_update", "pt_BR", List.of("Ana", "pedido #12 & cia"))));
    }

    @Test
    void media_by_link_is_sent_with_its_caption_and_file_name() {
        Message doc = operator(SendOperatorMessage.media(new SendOperatorMessage.Media("document", "https://example.com/price-list.pdf",
                "Our prices", "prices.pdf")));

        assertThat(doc.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(channel.sent()).singleElement().satisfies(m -> assertThat(m.content())
                .isEqualTo(new OutboundContent.Media("document", "https://example.com/price-list.pdf", "Our prices", "prices.pdf")));
    }

    @Test
    void bad_operator_messages_name_the_field_and_store_nothing() {
        int before = engine.stores().conversations().history(conversation, 50).size();
        assertThatThrownBy(() -> engine.conversations().send(tenant, conversation, new SendOperatorMessage("a", null,
                new SendOperatorMessage.Template("order_update", "pt_BR", List.of()))))
                .isInstanceOf(InvalidInputException.class).hasFieldOrPropertyWithValue("field", "text");
        assertThatThrownBy(() -> engine.conversations().send(tenant, conversation,
                SendOperatorMessage.template(new SendOperatorMessage.Template("Order Update", "pt_BR", null))))
                .isInstanceOf(InvalidInputException.class).hasFieldOrPropertyWithValue("field", "template.name");
        assertThatThrownBy(() -> engine.conversations().send(tenant, conversation,
                SendOperatorMessage.template(new SendOperatorMessage.Template("order_update", null, null))))
                .isInstanceOf(InvalidInputException.class).hasFieldOrPropertyWithValue("field", "template.language");
        assertThatThrownBy(() -> engine.conversations().send(tenant, conversation,
                SendOperatorMessage.media(new SendOperatorMessage.Media("image", "file:///etc/passwd", null, null))))
                .isInstanceOf(InvalidInputException.class).hasFieldOrPropertyWithValue("field", "media.link");
        // "media" that is not an object is a wire-format error now, pinned in runner-http's AdminRequestsTest
        assertThat(engine.stores().conversations().history(conversation, 50)).hasSize(before);
    }
}
