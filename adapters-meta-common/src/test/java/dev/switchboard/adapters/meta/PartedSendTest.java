package dev.switchboard.adapters.meta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.SendResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class PartedSendTest {
    private static final Logger log = LoggerFactory.getLogger(PartedSendTest.class);

    @Test
    void sends_every_part_in_order_and_answers_with_the_last_id() {
        List<String> sent = new ArrayList<>();
        SendResult result = PartedSend.inOrder(List.of("a", "b", "c"), part -> {
            sent.add(part);
            return new SendResult.Sent("id-" + part);
        }, log, "Test", "+15550001111");
        assertThat(sent).containsExactly("a", "b", "c");
        assertThat(result).isEqualTo(new SendResult.Sent("id-c"));
    }

    @Test
    void stops_at_the_first_failure_and_answers_with_it() {
        List<String> sent = new ArrayList<>();
        SendResult failure = new SendResult.Retryable("2", "temporarily unavailable");
        SendResult result = PartedSend.inOrder(List.of("a", "b", "c"), part -> {
            sent.add(part);
            return part.equals("b") ? failure : new SendResult.Sent("id-" + part);
        }, log, "Test", "+15550001111");
        assertThat(sent).containsExactly("a", "b");
        assertThat(result).isEqualTo(failure);
    }
}
