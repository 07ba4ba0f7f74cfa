package dev.switchboard.adapters.telegram;

import static dev.switchboard.adapters.telegram.TelegramFixtures.authentic;
import static dev.switchboard.adapters.telegram.TelegramFixtures.privateMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.AccountDirectory;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.MediaRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TelegramInboundTest {
    private final TelegramChannel channel = TelegramFixtures.channel("http://127.0.0.1:9");
    private final AccountDirectory accounts = id -> TelegramFixtures.BOT_ID.equals(id) ? Optional.of(TelegramFixtures.account()) : Optional.empty();

    private InboundEvent.MessageReceived onlyMessage(String body) {
        List<InboundEvent> events = channel.parse(authentic(body));
        assertThat(events).hasSize(1);
        return (InboundEvent.MessageReceived) events.get(0);
    }

    @Test
    void a_private_text_message_is_one_received_message_from_the_telegram_user() {
        InboundEvent.MessageReceived m = onlyMessage(TelegramFixtures.TEXT);

        assertThat(m.accountId()).isEqualTo(TelegramFixtures.BOT_ID);
        assertThat(m.externalId()).isEqualTo("123456789:1042");
        assertThat(m.channelUserId()).isEqualTo("123456789");
        assertThat(m.displayName()).isEqualTo("Maria Silva");
        assertThat(m.type()).isEqualTo("text");
        assertThat(m.text()).isEqualTo("Vocês abrem sábado?");
        assertThat(m.timestamp()).isEqualTo(Instant.ofEpochSecond(1761041730));
        assertThat(m.phone()).isNull();
    }

    @Test
    void the_sender_is_read_with_name_and_username() {
        TelegramUpdate update = channel.read(authentic(TelegramFixtures.TEXT));

        assertThat(update.updateId()).isEqualTo(834512987L);
        assertThat(update.contact()).isEqualTo(new TelegramContact("123456789", "Maria Silva", "mariasilva", "pt-br"));
        assertThat(update.contact().attributes()).containsEntry("username", "mariasilva");
        assertThat(onlyMessage(TelegramFixtures.TEXT).contactAttributes())
                .isEqualTo(java.util.Map.of("username", "mariasilva", "language_code", "pt-br"));
    }

    @Test
    void group_supergroup_and_channel_messages_give_no_event() {
        String group = TelegramFixtures.GROUP_TEXT.replace("supergroup", "group");
        String channelPost = """
                {"update_id": 5, "channel_post": {"message_id": 3, "chat": {"id": -1009, "type": "channel", "title": "News"},
                 "date": 1761041731, "text": "news"}}""";

        assertThat(channel.parse(authentic(TelegramFixtures.GROUP_TEXT))).isEmpty();
        assertThat(channel.parse(authentic(group))).isEmpty();
        assertThat(channel.parse(authentic(channelPost))).isEmpty();
    }

    @Test
    void a_photo_keeps_its_largest_size_and_its_caption_as_text() {
        InboundEvent.MessageReceived m = onlyMessage(TelegramFixtures.PHOTO);

        assertThat(m.type()).isEqualTo("image");
        assertThat(m.text()).isEqualTo("Quanto custa este?");
        assertThat(m.media()).isEqualTo(new MediaRef("AgAD-large", null, "image/jpeg", null, null, null));
    }

    @Test
    void document_voice_audio_video_location_contact_and_sticker_are_stored_with_their_types() {
        Map<String, String> types = Map.of(
                "\"document\": {\"file_id\": \"BQAD\", \"file_name\": \"menu.pdf\", \"mime_type\": \"application/pdf\"}", "document",
                "\"voice\": {\"file_id\": \"AwAD\", \"duration\": 3, \"mime_type\": \"audio/ogg\"}", "audio",
                "\"audio\": {\"file_id\": \"CQAD\", \"duration\": 90, \"mime_type\": \"audio/mpeg\"}", "audio",
                "\"video\": {\"file_id\": \"BAAD\", \"duration\": 9, \"mime_type\": \"video/mp4\"}", "video",
                "\"location\": {\"latitude\": -23.55, \"longitude\": -46.63}", "location",
                "\"contact\": {\"phone_number\": \"+5511999990000\", \"first_name\": \"João\"}", "contacts",
                "\"sticker\": {\"file_id\": \"CAAD\", \"emoji\": \"👍\", \"width\": 512, \"height\": 512}", "sticker");

        types.forEach((fields, type) -> assertThat(onlyMessage(privateMessage(9, 10, fields)).type()).as(fields).isEqualTo(type));

        InboundEvent.MessageReceived document = onlyMessage(privateMessage(9, 10, types.keySet().stream()
                .filter(f -> f.contains("menu.pdf")).findFirst().orElseThrow()));
        assertThat(document.media()).isEqualTo(new MediaRef("BQAD", null, "application/pdf", "menu.pdf", null, null));
        assertThat(document.text()).isEqualTo("[document menu.pdf]");
        assertThat(onlyMessage(privateMessage(9, 10, "\"location\": {\"latitude\": -23.55, \"longitude\": -46.63}")).text())
                .isEqualTo("[location -23.55, -46.63]");
        assertThat(onlyMessage(privateMessage(9, 10, "\"voice\": {\"file_id\": \"AwAD\", \"duration\": 3}")).media().mimeType())
                .isEqualTo("audio/ogg");
    }

    @Test
    void start_is_a_text_message_that_opens_the_conversation() {
        InboundEvent.MessageReceived m = onlyMessage(privateMessage(11, 1, "\"text\": \"/start\", \"entities\": [{\"offset\": 0, \"length\": 6, \"type\": \"bot_command\"}]"));

        assertThat(m.type()).isEqualTo("text");
        assertThat(m.text()).isEqualTo("/start");
    }

    @Test
    void an_edited_message_is_an_edit_of_the_stored_original_and_no_new_message() {
        String originalId = onlyMessage(TelegramFixtures.TEXT).externalId();

        TelegramUpdate update = channel.read(authentic(TelegramFixtures.EDITED));

        assertThat(update.events()).isEmpty();
        assertThat(update.edit().originalExternalId()).isEqualTo(originalId);
        assertThat(update.edit().text()).isEqualTo("Vocês abrem domingo?");
        assertThat(update.edit().editedAt()).isEqualTo(Instant.ofEpochSecond(1761041790));
        assertThat(channel.parse(authentic(TelegramFixtures.EDITED))).containsExactly(new InboundEvent.Edited(
                TelegramFixtures.BOT_ID, originalId, "Vocês abrem domingo?", Instant.ofEpochSecond(1761041790),
                TelegramFixtures.EDITED));
    }

    @Test
    void a_redelivered_update_has_the_same_external_id() {
        assertThat(onlyMessage(TelegramFixtures.TEXT).externalId()).isEqualTo(onlyMessage(TelegramFixtures.TEXT).externalId());
    }

    @Test
    void the_right_secret_is_accepted() {
        assertThat(channel.verify(authentic(TelegramFixtures.TEXT), accounts)).isInstanceOf(Verification.Accepted.class);
    }

    @Test
    void a_wrong_or_missing_secret_is_refused() {
        assertThat(channel.verify(TelegramFixtures.delivery(TelegramFixtures.TEXT, "s3cr3t_Token-124"), accounts))
                .isEqualTo(Verification.rejected("X-Telegram-Bot-Api-Secret-Token does not match the bot's webhook secret"));
        assertThat(channel.verify(TelegramFixtures.delivery(TelegramFixtures.TEXT, null), accounts))
                .isEqualTo(Verification.rejected("no X-Telegram-Bot-Api-Secret-Token header"));
    }

    @Test
    void a_delivery_for_an_unknown_bot_or_naming_no_bot_is_refused() {
        WebhookRequest authentic = authentic(TelegramFixtures.TEXT);
        WebhookRequest otherBot = new WebhookRequest(authentic.headers(), Map.of(), authentic.body(), Map.of("account_id", "555"));
        WebhookRequest noBot = new WebhookRequest(authentic.headers(), Map.of("account_id", List.of(TelegramFixtures.BOT_ID)), authentic.body());

        assertThat(channel.verify(otherBot, accounts)).isInstanceOf(Verification.Rejected.class);
        assertThat(channel.verify(noBot, accounts)).isInstanceOf(Verification.Rejected.class);
    }

    @Test
    void a_bot_registered_without_a_secret_accepts_nothing() {
        ChannelAccount a = TelegramFixtures.account();
        ChannelAccount noSecret = new ChannelAccount(a.id(), a.tenantId(), a.channel(), a.provider(), null, a.accessToken(),
                a.displayName(), Map.of(), a.createdAt());

        assertThat(channel.verify(authentic(TelegramFixtures.TEXT), id -> Optional.of(noSecret))).isInstanceOf(Verification.Rejected.class);
    }
}
