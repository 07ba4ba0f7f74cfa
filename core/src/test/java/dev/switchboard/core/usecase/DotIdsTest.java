package dev.switchboard.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.support.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 16 item 6: an id that is only dots names a folder; tenant ".." once wrote its media above MEDIA_DIR. */
class DotIdsTest {
    @Test
    void ids_of_only_dots_are_refused_naming_the_field() {
        for (String id : new String[] {".", "..", "..."}) {
            assertThatThrownBy(() -> new CreateTenant(id, "a@b.co", null, null))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage()).contains("tenantId"));
            assertThatThrownBy(() -> new RegisterChannelAccount("whatsapp", null, id, null, "tok", null, Map.of()))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> new SendToContact(id, "text", "oi", null, null)).isInstanceOf(InvalidInputException.class);
        }
        assertThat(new CreateTenant("a.b", "a@b.co", null, null).tenantId()).isEqualTo("a.b");
    }
}
