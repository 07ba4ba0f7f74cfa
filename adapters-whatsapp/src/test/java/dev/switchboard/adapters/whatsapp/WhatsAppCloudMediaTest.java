package dev.switchboard.adapters.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.core.channel.FetchedMedia;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.MediaRef;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.support.SwitchboardException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Media download, contracts 1.7: the media id gives a short-lived URL; both calls carry the bearer token. */
class WhatsAppCloudMediaTest {
    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final ChannelAccount account = new ChannelAccount("106540352242922", "t1", "whatsapp", "cloud", "+15550783881",
            Secret.of("EAAG-media-token"), "Loja", Map.of(), Instant.now());

    private WhatsAppCloudChannel channel() {
        return new WhatsAppCloudChannel(WhatsAppCloudConfig.builder().apiBaseUrl(meta.baseUrl() + "/v23.0").appSecret("s").build());
    }

    @Test
    void media_id_is_resolved_to_its_url_and_the_bytes_are_streamed_with_the_token() throws Exception {
        meta.stubFor(get(urlPathEqualTo("/v23.0/1003383421387256")).willReturn(okJson("{\"messaging_product\":\"whatsapp\","
                + "\"url\":\"" + meta.baseUrl() + "/lookaside/attachments?mid=133\",\"mime_type\":\"image/jpeg\",\"sha256\":\"x\","
                + "\"file_size\":\"8\",\"id\":\"1003383421387256\"}")));
        meta.stubFor(get(urlPathEqualTo("/lookaside/attachments")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/jpeg").withBody("JPEGDATA")));
        try (FetchedMedia media = channel().fetchMedia(account, MediaRef.ofId("1003383421387256", "image/jpeg")).orElseThrow()) {
            assertThat(new String(media.body().readAllBytes())).isEqualTo("JPEGDATA");
            assertThat(media.mimeType()).isEqualTo("image/jpeg");
        }
        meta.verify(getRequestedFor(urlPathEqualTo("/v23.0/1003383421387256")).withHeader("Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer EAAG-media-token")));
        meta.verify(getRequestedFor(urlPathEqualTo("/lookaside/attachments")).withHeader("Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer EAAG-media-token")));
    }

    @Test
    void an_expired_or_refused_media_url_is_a_clear_failure() {
        meta.stubFor(get(urlPathEqualTo("/v23.0/999")).willReturn(aResponse().withStatus(404)
                .withBody("{\"error\":{\"message\":\"Unsupported get request\",\"code\":100}}")));
        assertThatThrownBy(() -> channel().fetchMedia(account, MediaRef.ofId("999", null)))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("999").hasMessageNotContaining("EAAG-media-token");
    }
}
