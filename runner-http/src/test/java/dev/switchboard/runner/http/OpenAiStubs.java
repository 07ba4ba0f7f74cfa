package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;

/** OpenAI and Meta stubs in the shapes of api-contracts §1.6 and §4.3–4.4. */
final class OpenAiStubs {
    private OpenAiStubs() {}

    static String response(String text) {
        return """
                {"id":"resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b","object":"response","created_at":1741476542,
                 "status":"completed","error":null,"incomplete_details":null,"model":"gpt-4o-mini",
                 "output":[{"type":"reasoning","id":"rs_1","summary":[]},
                           {"type":"message","id":"msg_1","status":"completed","role":"assistant",
                            "content":[{"type":"output_text","text":"%s","annotations":[]}]}],
                 "conversation":{"id":"conv_689667905b048191b4740501625afd940c7533ace33a2dab"},
                 "usage":{"input_tokens":36,"input_tokens_details":{"cached_tokens":0},"output_tokens":87,
                          "output_tokens_details":{"reasoning_tokens":0},"total_tokens":123}}
                """.formatted(text);
    }

    static void replyWith(WireMockServer wm, String text) {
        wm.stubFor(post(urlPathEqualTo("/v1/conversations")).willReturn(okJson(
                "{\"id\":\"conv_689667905b048191b4740501625afd940c7533ace33a2dab\",\"object\":\"conversation\",\"created_at\":1741900000,\"metadata\":{}}")));
        wm.stubFor(post(urlPathEqualTo("/v1/responses")).willReturn(okJson(response(text)).withHeader("x-request-id", "req_123")));
    }

    /** Meta accepts every send and answers with a fresh wamid. */
    static void metaAccepts(WireMockServer wm) {
        wm.stubFor(post(urlPathMatching("/v23.0/[^/]+/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"+16505551234\",\"wa_id\":\"16505551234\"}],"
                        + "\"messages\":[{\"id\":\"wamid.{{randomValue length=24 type='ALPHANUMERIC'}}\"}]}")
                .withTransformers("response-template")));
    }
}
