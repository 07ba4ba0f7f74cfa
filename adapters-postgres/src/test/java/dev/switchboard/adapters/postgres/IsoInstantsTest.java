package dev.switchboard.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {
    @Test
    void reads_what_postgresql_writes_in_any_session_time_zone() throws Exception {
        // to_jsonb(timestamptz) writes the session's offset: whole hours, half and quarter hours, LMT seconds
        String[] zones = {"UTC", "Asia/Kolkata", "America/St_Johns", "Asia/Kathmandu", "America/Sao_Paulo", "Europe/Amsterdam"};
        String[] stamps = {"2026-11-28 21:38:33.692035+00", "2026-02-28 23:59:59.5+00", "2024-02-29 00:00:00+00",
                "1999-12-31 23:59:59.999999+00", "1970-01-01 00:00:00.000001+00", "1850-06-01 12:00:00+00", "0099-01-01 00:00:00+00"};
        try (Connection c = TestDatabase.connect(TestDatabase.config(1).jdbcUrl()); Statement s = c.createStatement()) {
            int checked = 0;
            for (String zone : zones) {
                s.execute("SET TIME ZONE '" + zone + "'");
                for (String stamp : stamps) {
                    try (ResultSet r = s.executeQuery("SELECT to_jsonb('" + stamp + "'::timestamptz) #>> '{}', "
                            + "extract(epoch FROM '" + stamp + "'::timestamptz)::numeric * 1000000")) {
                        r.next();
                        String written = r.getString(1);
                        long micros = r.getBigDecimal(2).longValueExact();
                        Instant expected = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L);
                        assertThat(IsoInstants.fast(written)).as("%s in %s", written, zone).isEqualTo(expected);
                        checked++;
                    }
                }
            }
            assertThat(checked).isEqualTo(zones.length * stamps.length);
        }
    }

    @Test
    void agrees_with_the_jdk_on_random_instants_and_offsets() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-5_000_000_000L, 250_000_000_000L), random.nextInt(1_000_000) * 1_000);
            int offset = (random.nextInt(-18 * 4, 18 * 4 + 1)) * 15 * 60 + (random.nextInt(10) == 0 ? random.nextInt(-59, 60) : 0);
            offset = Math.clamp(offset, -18 * 3600, 18 * 3600);
            String text = postgresStyle(OffsetDateTime.ofInstant(instant, ZoneOffset.ofTotalSeconds(offset)));
            assertThat(IsoInstants.fast(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant()).isEqualTo(instant);
        }
    }

    @Test
    void anything_else_goes_to_the_jdk_which_reads_it_or_says_what_is_wrong() {
        assertThat(IsoInstants.fast("2026-11-28T21:38:33Z")).isNull();
        assertThat(IsoInstants.parse("2026-11-28T21:38:33Z")).isEqualTo(Instant.parse("2026-11-28T21:38:33Z"));
        assertThat(IsoInstants.parse("2026-11-28T21:38:33.123456789+01:00")).isEqualTo(Instant.parse("2026-11-28T20:38:33.123456789Z"));
        assertThat(IsoInstants.fast("2026-11-28T21:38:33.+00:00")).as("an empty fraction").isNull();
        assertThat(IsoInstants.parse("2026-11-28T21:38:33.+00:00")).isEqualTo(Instant.parse("2026-11-28T21:38:33Z"));
        for (String bad : new String[] {"2026-02-30T00:00:00+00:00", "2026-13-01T00:00:00+00", "2026-11-28T24:00:00+00",
                "2026-11-28T21:38:33+0", "2026-11-28T21:38:33+00:", "2026-11-28T21:38:33+19",
                "2026-11-28 21:38:33+00", "2026-11-28T21:38:33", "garbage-in-here-22-chars"}) {
            assertThat(IsoInstants.fast(bad)).as(bad).isNull();
            assertThatThrownBy(() -> IsoInstants.parse(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
        }
    }

    /** As PostgreSQL writes it into JSON: fraction without trailing zeros, offset as ±HH:MM or ±HH:MM:SS. */
    private static String postgresStyle(OffsetDateTime t) {
        StringBuilder b = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d",
                t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()));
        if (t.getNano() != 0) b.append('.').append(String.format("%06d", t.getNano() / 1000).replaceAll("0+$", ""));
        int offset = t.getOffset().getTotalSeconds(), abs = Math.abs(offset);
        b.append(offset < 0 ? '-' : '+').append(String.format("%02d:%02d", abs / 3600, abs % 3600 / 60));
        if (abs % 60 != 0) b.append(String.format(":%02d", abs % 60));
        return b.toString();
    }
}
