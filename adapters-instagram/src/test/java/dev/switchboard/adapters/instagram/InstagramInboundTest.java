package dev.switchboard.adapters.instagram;

import static dev.switchboard.adapters.instagram.InstagramFixtures.CUSTOMER;
import static dev.switchboard.adapters.instagram.InstagramFixtures.IG_ID;
import static dev.switchboard.adapters.instagram.InstagramFixtures.fromCustomer;
import static dev.switchboard.adapters.instagram.InstagramFixtures.messaging;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.MalformedWebhookException;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.MediaRef;
import dev.switchboard.core.channel.WebhookRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of Instagram messaging item, read into the events the engine acts on. */
class InstagramInboundTest {
    private static final String CDN = "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=17900000000000001&signature=AbCd";

    private final InstagramChannel channel = InstagramFixtures.channel();

    private List<InboundEvent> parse(WebhookRequest request) {
        return channel.parse(request);
    }

    private InboundEvent.MessageReceived onlyMessage(WebhookRequest request) {
        List<InboundEvent> events = parse(request);
        assertThat(events).singleElement().isInstanceOf(InboundEvent.MessageReceived.class);
        return (InboundEvent.MessageReceived) events.getFirst();
    }

    private InboundEvent.Ignored onlyIgnored(WebhookRequest request) {
        List<InboundEvent> events = parse(request);
        assertThat(events).singleElement().isInstanceOf(InboundEvent.Ignored.class);
        return (InboundEvent.Ignored) events.getFirst();
    }

    @Test
    void text_message_is_routed_to_the_recipient_account_with_the_millisecond_timestamp() {
        InboundEvent.MessageReceived m = onlyMessage(InstagramFixtures.signedResource("text-message.json"));

        assertThat(m.accountId()).isEqualTo(IG_ID);
        assertThat(m.channelUserId()).isEqualTo(CUSTOMER);
        assertThat(m.externalId()).startsWith("aWdfZG1fbWlkOjE3ODQx");
        assertThat(m.type()).isEqualTo("text");
        assertThat(m.text()).isEqualTo("Hi, is this still available?");
        assertThat(m.timestamp()).isEqualTo(Instant.ofEpochMilli(1569262485349L));
        assertThat(m.phone()).isNull();
        assertThat(m.media()).isNull();
        assertThat(m.raw()).contains("\"mid\"").contains("Hi, is this still available?");
    }

    @Test
    void escaped_unicode_text_is_read_as_the_characters_meta_escaped() {
        InboundEvent.MessageReceived m = onlyMessage(messaging(fromCustomer(
                "{\"mid\":\"m.pt\",\"text\":\"Ol\\u00e1! Voc\\u00eas t\\u00eam p\\u00e3o de queijo? \\ud83d\\ude0b\"}")));

        assertThat(m.text()).isEqualTo("Olá! Vocês têm pão de queijo? 😋");
    }

    @ParameterizedTest(name = "{0} attachment -> type {1}, text {2}")
    @CsvSource(delimiter = '|', value = {
            "image         | image         | [image]",
            "video         | video         | [video]",
            "audio         | audio         | [audio]",
            "file          | document      | [file]",
            "share         | share         | [shared a post]",
            "story_mention | story_mention | [mentioned you in their story]",
            "ig_reel       | ig_reel       | [shared a reel]",
            "animated_gif  | animated_gif  | [animated_gif attachment]",
    })
    void attachment_gets_a_readable_description_and_its_url(String kind, String type, String text) {
        InboundEvent.MessageReceived m = onlyMessage(messaging(fromCustomer("""
                {"mid":"m.att","attachments":[{"type":"%s","payload":{"url":"%s"}}]}""".formatted(kind, CDN))));

        assertThat(m.type()).isEqualTo(type);
        assertThat(m.text()).isEqualTo(text);
        assertThat(m.media()).isEqualTo(MediaRef.ofLink(CDN, null));
    }

    @Test
    void shared_reel_names_its_title() {
        InboundEvent.MessageReceived m = onlyMessage(messaging(fromCustomer("""
                {"mid":"m.reel","attachments":[{"type":"ig_reel","payload":{"url":"%s","title":"Receita de brigadeiro","reel_video_id":"18000000000000001"}}]}"""
                .formatted(CDN))));

        assertThat(m.text()).isEqualTo("[shared a reel: Receita de brigadeiro]");
    }

    @Test
    void several_attachments_are_all_described_and_the_first_is_the_media() {
        InboundEvent.MessageReceived m = onlyMessage(messaging(fromCustomer("""
                {"mid":"m.many","text":"Qual desses?","attachments":[
                  {"type":"image","payload":{"url":"%s"}},
                  {"type":"image","payload":{"url":"https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=2"}}]}"""
                .formatted(CDN))));

        assertThat(m.type()).isEqualTo("image");
        assertThat(m.text()).isEqualTo("Qual desses?\n[image] [image]");
        assertThat(m.media().url()).isEqualTo(CDN);
    }

    @Test
    void story_reply_says_so_and_carries_the_story() {
        InboundEvent.MessageReceived m = onlyMessage(messaging(fromCustomer("""
                {"mid":"m.story","text":"Amei!","reply_to":{"story":{"url":"%s","id":"17900000000000002"}}}""".formatted(CDN))));

        assertThat(m.type()).isEqualTo("text");
        assertThat(m.text()).isEqualTo("Amei!\n[replying to your story]");
        assertThat(m.media().url()).isEqualTo(CDN);
    }

    @Test
    void reply_to_a_message_names_the_quoted_mid() {
        InboundEvent.MessageReceived m = onlyMessage(messaging(fromCustomer(
                "{\"mid\":\"m.reply\",\"text\":\"Esse mesmo\",\"reply_to\":{\"mid\":\"m.quoted\"}}")));

        assertThat(m.replyToExternalId()).isEqualTo("m.quoted");
    }

    @Test
    void reaction_is_a_message_aimed_at_the_reacted_to_mid() {
        InboundEvent.MessageReceived m = onlyMessage(messaging("""
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":1733000000500,
                 "reaction":{"mid":"m.ours","action":"react","reaction":"love","emoji":"\\u2764\\ufe0f"}}""".formatted(CUSTOMER, IG_ID)));

        assertThat(m.type()).isEqualTo("reaction");
        assertThat(m.text()).isEqualTo("❤️");
        assertThat(m.replyToExternalId()).isEqualTo("m.ours");
        assertThat(m.accountId()).isEqualTo(IG_ID);
        assertThat(m.channelUserId()).isEqualTo(CUSTOMER);
        assertThat(m.timestamp()).isEqualTo(Instant.ofEpochMilli(1733000000500L));
    }

    @Test
    void redelivered_reaction_keeps_its_id_and_a_later_unreact_gets_another() {
        String react = """
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":1733000000500,
                 "reaction":{"mid":"m.ours","action":"react","reaction":"love","emoji":"\\u2764\\ufe0f"}}""".formatted(CUSTOMER, IG_ID);
        String unreact = """
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":1733000009000,
                 "reaction":{"mid":"m.ours","action":"unreact"}}""".formatted(CUSTOMER, IG_ID);

        String first = onlyMessage(messaging(react)).externalId();
        InboundEvent.MessageReceived removed = onlyMessage(messaging(unreact));

        assertThat(onlyMessage(messaging(react)).externalId()).isEqualTo(first);
        assertThat(removed.externalId()).isNotEqualTo(first);
        assertThat(removed.text()).isEqualTo("[reaction removed]");
    }

    @Test
    void echo_is_routed_to_the_sending_account_and_names_the_customer() {
        List<InboundEvent> events = parse(InstagramFixtures.signedResource("echo.json"));

        assertThat(events).singleElement().isInstanceOfSatisfying(InboundEvent.EchoSent.class, e -> {
            assertThat(e.accountId()).isEqualTo(IG_ID);
            assertThat(e.channelUserId()).isEqualTo(CUSTOMER);
            assertThat(e.externalId()).startsWith("aWdfZG1fbWlkOjE3ODQx");
            assertThat(e.type()).isEqualTo("text");
            assertThat(e.text()).isEqualTo("Yes it is!");
            assertThat(e.timestamp()).isEqualTo(Instant.ofEpochMilli(1569262499000L));
        });
    }

    @Test
    void echo_of_an_attachment_carries_its_media() {
        List<InboundEvent> events = parse(messaging("""
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":1733000000500,
                 "message":{"mid":"m.echo.img","is_echo":true,"attachments":[{"type":"image","payload":{"url":"%s"}}]}}"""
                .formatted(IG_ID, CUSTOMER, CDN)));

        assertThat(events).singleElement().isInstanceOfSatisfying(InboundEvent.EchoSent.class, e -> {
            assertThat(e.type()).isEqualTo("image");
            assertThat(e.media().url()).isEqualTo(CDN);
        });
    }

    @Test
    void echo_of_this_apps_own_send_is_ignored_when_the_app_id_is_configured() {
        InstagramChannel withAppId = new InstagramChannel(InstagramFixtures.config("http://localhost:1/v23.0")
                .appId(InstagramFixtures.APP_ID).build());
        String ours = """
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":1733000000500,
                 "message":{"mid":"m.part1","text":"Primeira parte","is_echo":true,"app_id":%s}}"""
                .formatted(IG_ID, CUSTOMER, InstagramFixtures.APP_ID);
        String inbox = """
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":1733000000600,
                 "message":{"mid":"m.inbox","text":"Aqui é a Ana","is_echo":true,"app_id":263902037430900}}"""
                .formatted(IG_ID, CUSTOMER);

        List<InboundEvent> events = withAppId.parse(messaging(ours, inbox));

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOfSatisfying(InboundEvent.Ignored.class, i -> {
            assertThat(i.accountId()).isEqualTo(IG_ID);
            assertThat(i.reason()).contains("m.part1").contains("sent by this app");
        });
        assertThat(events.get(1)).isInstanceOfSatisfying(InboundEvent.EchoSent.class,
                e -> assertThat(e.externalId()).isEqualTo("m.inbox"));
    }

    @Test
    void without_a_configured_app_id_every_echo_is_reported() {
        List<InboundEvent> events = parse(messaging("""
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":1733000000500,
                 "message":{"mid":"m.part1","text":"Primeira parte","is_echo":true,"app_id":%s}}"""
                .formatted(IG_ID, CUSTOMER, InstagramFixtures.APP_ID)));

        assertThat(events).singleElement().isInstanceOf(InboundEvent.EchoSent.class);
    }

    @Test
    void deleted_message_is_ignored_with_a_reason_naming_the_mid() {
        InboundEvent.Ignored ignored = onlyIgnored(messaging(fromCustomer("{\"mid\":\"m.gone\",\"is_deleted\":true}")));

        assertThat(ignored.accountId()).isEqualTo(IG_ID);
        assertThat(ignored.reason()).contains("deleted").contains("m.gone");
        assertThat(ignored.raw()).contains("is_deleted");
    }

    @Test
    void unsupported_message_is_stored_as_unknown_so_the_customer_is_still_answered() {
        InboundEvent.MessageReceived m = onlyMessage(messaging(fromCustomer("{\"mid\":\"m.gif\",\"is_unsupported\":true}")));

        assertThat(m.type()).isEqualTo("unknown");
        assertThat(m.externalId()).isEqualTo("m.gif");
        assertThat(m.text()).startsWith("[unsupported message");
    }

    @Test
    void read_receipt_marks_our_message_read() {
        List<InboundEvent> events = parse(messaging("""
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":1733000000700,"read":{"mid":"m.ours"}}"""
                .formatted(CUSTOMER, IG_ID)));

        assertThat(events).singleElement().isEqualTo(new InboundEvent.StatusUpdate(IG_ID, "m.ours", DeliveryStatus.READ,
                Instant.ofEpochMilli(1733000000700L), null, null, ((InboundEvent.StatusUpdate) events.getFirst()).raw()));
    }

    @Test
    void read_receipt_without_a_mid_is_ignored() {
        InboundEvent.Ignored ignored = onlyIgnored(messaging("""
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":1733000000700,"read":{"watermark":1733000000000}}"""
                .formatted(CUSTOMER, IG_ID)));

        assertThat(ignored.reason()).contains("without a message id");
    }

    @Test
    void the_business_reading_the_customers_message_is_no_status_of_ours() {
        InboundEvent.Ignored ignored = onlyIgnored(messaging("""
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":1733000000700,"read":{"mid":"m.theirs"}}"""
                .formatted(IG_ID, CUSTOMER)));

        assertThat(ignored.reason()).contains("business read");
    }

    @Test
    void ice_breaker_tap_is_a_button_message() {
        InboundEvent.MessageReceived m = onlyMessage(messaging("""
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":1733000000800,
                 "postback":{"mid":"m.tap","title":"Quais são os horários?","payload":"HOURS"}}""".formatted(CUSTOMER, IG_ID)));

        assertThat(m.type()).isEqualTo("button");
        assertThat(m.externalId()).isEqualTo("m.tap");
        assertThat(m.text()).isEqualTo("Quais são os horários?");
    }

    @Test
    void referral_and_unknown_items_are_ignored_with_a_reason() {
        List<InboundEvent> events = parse(messaging(
                """
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":1,"referral":{"ref":"promo","source":"IGME","type":"OPEN_THREAD"}}"""
                        .formatted(CUSTOMER, IG_ID),
                """
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},"timestamp":1,"optin":{"type":"notification_messages"}}"""
                        .formatted(CUSTOMER, IG_ID)));

        assertThat(events).hasSize(2).allSatisfy(e -> assertThat(e).isInstanceOf(InboundEvent.Ignored.class));
        assertThat(((InboundEvent.Ignored) events.get(0)).reason()).contains("referral");
        assertThat(((InboundEvent.Ignored) events.get(1)).reason()).contains("optin").contains("not handled");
    }

    @Test
    void comment_changes_on_the_instagram_object_are_ignored() {
        InboundEvent.Ignored ignored = onlyIgnored(InstagramFixtures.signed("""
                {"object":"instagram","entry":[{"id":"%s","time":1733000000000,"changes":[{"field":"comments",
                 "value":{"id":"17865799348089039","from":{"id":"%s","username":"cliente"},"text":"Quanto custa?",
                 "media":{"id":"17887498072083520","media_product_type":"FEED"}}}]}]}""".formatted(IG_ID, CUSTOMER)));

        assertThat(ignored.accountId()).isEqualTo(IG_ID);
        assertThat(ignored.reason()).contains("comments");
    }

    @Test
    void batch_yields_one_event_per_item_in_order_each_routed_to_its_own_account() {
        List<InboundEvent> events = parse(InstagramFixtures.signedResource("batch.json"));

        assertThat(events).hasSize(5);
        assertThat(events.get(0)).isInstanceOfSatisfying(InboundEvent.MessageReceived.class, m -> {
            assertThat(m.accountId()).isEqualTo(IG_ID);
            assertThat(m.text()).isEqualTo("Oi! Vocês entregam em Niterói?");
        });
        assertThat(events.get(1)).isInstanceOfSatisfying(InboundEvent.MessageReceived.class, m -> {
            assertThat(m.type()).isEqualTo("image");
            assertThat(m.media().url()).startsWith("https://lookaside.fbsbx.com/");
        });
        assertThat(events.get(2)).isInstanceOfSatisfying(InboundEvent.StatusUpdate.class, s -> {
            assertThat(s.externalId()).isEqualTo("aWdfZG1fbWlkOm91ci1yZXBseQ");
            assertThat(s.status()).isEqualTo(DeliveryStatus.READ);
        });
        assertThat(events.get(3)).isInstanceOfSatisfying(InboundEvent.MessageReceived.class, m -> {
            assertThat(m.accountId()).isEqualTo("17841400000000099");
            assertThat(m.type()).isEqualTo("reaction");
        });
        assertThat(events.get(4)).isInstanceOfSatisfying(InboundEvent.EchoSent.class, e -> {
            assertThat(e.accountId()).isEqualTo("17841400000000099");
            assertThat(e.channelUserId()).isEqualTo("17841400000000098");
        });
    }

    @Test
    void item_without_a_timestamp_takes_the_entry_time() {
        InboundEvent.MessageReceived m = onlyMessage(messaging("""
                {"sender":{"id":"%s"},"recipient":{"id":"%s"},"message":{"mid":"m.notime","text":"oi"}}""".formatted(CUSTOMER, IG_ID)));

        assertThat(m.timestamp()).isEqualTo(Instant.ofEpochMilli(1733000009000L));
    }

    @Test
    void message_without_a_mid_is_ignored_not_stored_under_a_null_id() {
        InboundEvent.Ignored ignored = onlyIgnored(messaging(fromCustomer("{\"text\":\"sem id\"}")));

        assertThat(ignored.reason()).contains("without mid");
    }

    @Test
    void wrong_object_is_malformed_and_names_both_objects() {
        WebhookRequest whatsApp = InstagramFixtures.signed("{\"object\":\"whatsapp_business_account\",\"entry\":[]}");

        assertThatThrownBy(() -> parse(whatsApp)).isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("whatsapp_business_account").hasMessageContaining("'instagram'");
    }

    @Test
    void missing_entry_array_is_malformed() {
        assertThatThrownBy(() -> parse(InstagramFixtures.signed("{\"object\":\"instagram\",\"entry\":{}}")))
                .isInstanceOf(MalformedWebhookException.class).hasMessageContaining("entry");
    }

    @Test
    void json_that_is_not_an_object_is_malformed() {
        assertThatThrownBy(() -> parse(InstagramFixtures.signed("[1,2,3]")))
                .isInstanceOf(MalformedWebhookException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parse(InstagramFixtures.signed("")))
                .isInstanceOf(MalformedWebhookException.class);
    }
}
