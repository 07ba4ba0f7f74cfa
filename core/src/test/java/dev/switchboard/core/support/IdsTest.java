package dev.switchboard.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {
    private final Ids ids = Ids.timeOrdered();

    @Test
    void an_id_is_the_prefix_twelve_hex_digits_of_milliseconds_and_sixteen_random_ones() {
        long before = System.currentTimeMillis();
        String id = ids.next("msg");
        long after = System.currentTimeMillis();
        assertThat(id).matches("msg_[0-9a-f]{28}");
        assertThat(Long.parseLong(id.substring(4, 16), 16)).isBetween(before, after);
    }

    @Test
    void ids_of_later_milliseconds_sort_later_and_none_repeats() {
        List<String> made = new ArrayList<>();
        long start = System.currentTimeMillis();
        while (System.currentTimeMillis() < start + 3) made.add(ids.next("c")); // spans at least three milliseconds
        for (int i = 1; i < made.size(); i++) {
            String earlier = made.get(i - 1), later = made.get(i);
            if (!earlier.substring(0, 14).equals(later.substring(0, 14))) assertThat(later).isGreaterThan(earlier);
        }
        Set<String> distinct = new HashSet<>(made);
        for (int i = 0; i < 100_000; i++) distinct.add(ids.next("c"));
        assertThat(distinct).hasSize(made.size() + 100_000);
    }
}
