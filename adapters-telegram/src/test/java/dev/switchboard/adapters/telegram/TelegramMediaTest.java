package dev.switchboard.adapters.telegram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.adapters.telegram.TelegramFixtures.BOT_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.core.channel.FetchedMedia;
import dev.switchboard.core.domain.MediaRef;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TelegramMediaTest {
    @RegisterExtension
    static WireMockExtension telegram = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final byte[] PHOTO = "jpeg bytes of a photo".getBytes();

    private static void fileAt(String fileId, String path, Integer declaredSize, byte[] content) {
        String size = declaredSize == null ? "" : ", \"file_size\": " + declaredSize;
        telegram.stubFor(post(urlEqualTo(BOT_PATH + "/getFile")).withRequestBody(equalToJson("{\"file_id\": \"" + fileId + "\"}"))
                .willReturn(okJson("{\"ok\": true, \"result\": {\"file_id\": \"" + fileId + "\", \"file_unique_id\": \"u\""
                        + size + ", \"file_path\": \"" + path + "\"}}")));
        telegram.stubFor(get(urlEqualTo("/file" + BOT_PATH + "/" + path)).willReturn(aResponse().withBody(content)));
    }

    private static TelegramChannel channelCappedAt(long bytes) {
        return new TelegramChannel(TelegramConfig.builder().apiBaseUrl(telegram.baseUrl()).maxMediaBytes(bytes).build());
    }

    @Test
    void media_is_resolved_through_get_file_and_downloaded_from_the_file_server() throws IOException {
        fileAt("AgAD-large", "photos/file_7.jpg", PHOTO.length, PHOTO);

        try (FetchedMedia media = channelCappedAt(1024).fetchMedia(TelegramFixtures.account(), MediaRef.ofId("AgAD-large", "image/jpeg")).orElseThrow()) {
            assertThat(media.mimeType()).isEqualTo("image/jpeg");
            assertThat(media.body().readAllBytes()).isEqualTo(PHOTO);
        }
    }

    @Test
    void a_file_declared_over_the_cap_is_refused_before_downloading() {
        fileAt("BQAD", "documents/file_8.pdf", 5000, new byte[5000]);

        assertThatThrownBy(() -> channelCappedAt(1000).fetchMedia(TelegramFixtures.account(), MediaRef.ofId("BQAD", null)))
                .isInstanceOfSatisfying(TelegramApiException.class, e -> assertThat(e.errorCode()).isEqualTo(413));
    }

    @Test
    void a_file_that_turns_out_bigger_than_the_cap_fails_while_reading() {
        fileAt("BQAE", "documents/file_9.pdf", null, new byte[5000]);
        telegram.stubFor(get(urlEqualTo("/file" + BOT_PATH + "/documents/file_9.pdf"))
                .willReturn(aResponse().withBody(new byte[5000]).withChunkedDribbleDelay(2, 1)));

        assertThatThrownBy(() -> {
            try (FetchedMedia media = channelCappedAt(1000).fetchMedia(TelegramFixtures.account(), MediaRef.ofId("BQAE", null)).orElseThrow()) {
                media.body().readAllBytes();
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("1000-byte cap");
    }
}
