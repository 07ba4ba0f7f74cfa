package dev.switchboard.adapters.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.adapters.openai.TestData.agent;
import static dev.switchboard.adapters.openai.TestData.agentReply;
import static dev.switchboard.adapters.openai.TestData.conversation;
import static dev.switchboard.adapters.openai.TestData.humanReply;
import static dev.switchboard.adapters.openai.TestData.inbound;
import static dev.switchboard.adapters.openai.TestData.instructionsAgent;
import static dev.switchboard.adapters.openai.TestData.message;
import static dev.switchboard.adapters.openai.TestData.turn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Direction;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.model.ModelAction;
import dev.switchboard.core.model.ModelReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChatCompletionsModelTest {
    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private ChatCompletionsModel model(int historyTokenBudget) {
        // a compatible local server: no API key
        return new ChatCompletionsModel(OpenAiConfig.builder()
                .baseUrl(server.baseUrl() + "/v1")
                .apiMode(ApiMode.CHAT_COMPLETIONS)
                .defaultModel("llama3.1:8b")
                .historyTokenBudget(historyTokenBudget)
                .build(), new RecordingSleeper());
    }

    private JsonNode lastBody() {
        return Payloads.body(server.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).getLast());
    }

    private static List<String> rolesAndContents(JsonNode messages) {
        List<String> out = new ArrayList<>();
        messages.forEach(m -> out.add(m.path("role").asText() + ": " + m.path("content").asText()));
        return out;
    }

    @Test
    void model_needs_history_because_the_server_keeps_no_state() {
        assertThat(model(1000).needsHistory()).isTrue();
    }

    @Test
    void system_instructions_then_history_then_the_burst_are_sent_in_order() {
        server.stubFor(post("/v1/chat/completions").willReturn(okJson(Payloads.text("chat_completion.json"))));
        List<Message> history = List.of(
                inbound(1, "Oi"),
                agentReply(2, "Olá! Como posso ajudar?"),
                inbound(3, "Quanto custa o plano?"),
                humanReply(4, "Aqui é a Júlia, o plano custa R$ 99."));
        List<Message> burst = List.of(inbound(5, "Ok"), inbound(6, "vocês abrem sábado?"));

        ModelReply reply = model(1000).reply(turn(instructionsAgent("You are Loja Centro's assistant.", null),
                conversation(null), burst, history, Map.of()));

        JsonNode body = lastBody();
        assertThat(body.path("model").asText()).isEqualTo("llama3.1:8b");
        assertThat(rolesAndContents(body.path("messages"))).containsExactly(
                "system: You are Loja Centro's assistant.",
                "user: Oi",
                "assistant: Olá! Como posso ajudar?",
                "user: Quanto custa o plano?",
                "assistant: Aqui é a Júlia, o plano custa R$ 99.",
                "user: Ok\nvocês abrem sábado?");
        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("response_format")).isFalse();
        assertThat(reply.text()).isEqualTo("Sim, abrimos sábado das 9h às 13h.");
        assertThat(reply.modelConversationId()).isNull();
    }

    @Test
    void usage_is_mapped_from_prompt_and_completion_tokens() {
        server.stubFor(post("/v1/chat/completions").willReturn(okJson(Payloads.text("chat_completion.json"))));

        ModelReply reply = model(1000).reply(turn(instructionsAgent("Be brief.", null), conversation(null), List.of(inbound(1, "Oi"))));

        assertThat(reply.usage()).isEqualTo(new Usage(19, 10, 29));
    }

    @Test
    void token_budget_drops_the_oldest_history_first() {
        server.stubFor(post("/v1/chat/completions").willReturn(okJson(Payloads.text("chat_completion.json"))));
        // 40 characters each = 10 estimated tokens each (4 characters per token)
        List<Message> history = List.of(
                inbound(1, "a".repeat(40)),
                agentReply(2, "b".repeat(40)),
                inbound(3, "c".repeat(40)),
                agentReply(4, "d".repeat(40)));

        model(25).reply(turn(instructionsAgent("Be brief.", null), conversation(null), List.of(inbound(5, "e")), history, Map.of()));

        assertThat(rolesAndContents(lastBody().path("messages"))).containsExactly(
                "system: Be brief.",
                "user: " + "c".repeat(40),
                "assistant: " + "d".repeat(40),
                "user: e");
    }

    @Test
    void replies_that_failed_to_send_and_burst_messages_repeated_in_history_are_not_resent() {
        server.stubFor(post("/v1/chat/completions").willReturn(okJson(Payloads.text("chat_completion.json"))));
        Message burst = inbound(3, "de novo?");
        List<Message> history = List.of(inbound(1, "Oi"),
                message(2, Direction.OUTBOUND, Sender.AGENT, "never delivered", DeliveryStatus.FAILED), burst);

        model(1000).reply(turn(instructionsAgent("Be brief.", null), conversation(null), List.of(burst), history, Map.of()));

        assertThat(rolesAndContents(lastBody().path("messages"))).containsExactly("system: Be brief.", "user: Oi", "user: de novo?");
    }

    @Test
    void tools_are_sent_in_chat_shape_and_tool_calls_become_actions() {
        server.stubFor(post("/v1/chat/completions").willReturn(okJson(Payloads.text("chat_tool_call.json"))));

        ModelReply reply = model(1000).reply(turn(agent(null, null, "Be brief.", null, null, Set.of("escalate_conversation")),
                conversation(null), List.of(inbound(1, "Quero um humano"))));

        JsonNode tools = lastBody().path("tools");
        assertThat(tools).hasSize(1);
        assertThat(tools.get(0).path("type").asText()).isEqualTo("function");
        assertThat(tools.get(0).path("function").path("name").asText()).isEqualTo("escalate_conversation");
        assertThat(tools.get(0).path("function").path("strict").asBoolean()).isTrue();
        assertThat(tools.get(0).path("function").path("parameters").path("required").get(0).asText()).isEqualTo("reason");
        assertThat(reply.actions()).containsExactly(new ModelAction.Escalate("Customer wants a human"));
        assertThat(reply.text()).isEmpty();
    }

    @Test
    void agent_with_only_a_prompt_id_gets_no_system_message() {
        server.stubFor(post("/v1/chat/completions").willReturn(okJson(Payloads.text("chat_completion.json"))));

        model(1000).reply(turn(TestData.promptAgent("pmpt_1", null), conversation(null), List.of(inbound(1, "Oi"))));

        assertThat(lastBody().path("messages")).extracting(m -> m.path("role").asText(), m -> m.path("content").asText())
                .containsExactly(tuple("user", "Oi"));
    }
}
