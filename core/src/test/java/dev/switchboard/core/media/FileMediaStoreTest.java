package dev.switchboard.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMediaStoreTest {
    @TempDir
    Path sandbox;

    private String save(Path root, String tenant, String message) {
        return new FileMediaStore(root).save(tenant, message, "image/png", new ByteArrayInputStream(new byte[] {1, 2, 3}), 100);
    }

    @Test
    void tenant_dot_dot_keeps_its_media_inside_the_media_folder() throws IOException {
        Path root = Files.createDirectories(sandbox.resolve("media"));
        Path stored = Path.of(save(root, "..", "m1"));
        assertThat(stored.normalize()).startsWith(root.toAbsolutePath());
        assertThat(Files.readAllBytes(stored)).containsExactly(1, 2, 3);
        try (Stream<Path> above = Files.list(sandbox)) {
            assertThat(above).containsExactly(root); // nothing written next to MEDIA_DIR
        }
    }

    @Test
    void dot_ids_separators_and_nul_never_leave_their_folder() {
        Path root = sandbox.resolve("media");
        for (String[] ids : new String[][] {{".", "m"}, {"t", ".."}, {"t", "."}, {"a/../..", "m"}, {"t", "../../x"},
                {"t", "..\\..\\x"}, {"t\u0000", "m\u0000"}, {"/etc", "passwd"}}) {
            Path stored = Path.of(save(root, ids[0], ids[1])).normalize();
            assertThat(stored).startsWith(root.toAbsolutePath());
            assertThat(stored.getParent().getParent()).isEqualTo(root.toAbsolutePath());
        }
    }

    @Test
    void different_ids_never_share_a_name_and_plain_ids_stay_readable() {
        assertThat(FileMediaStore.segment("..")).isNotEqualTo(FileMediaStore.segment("__"));
        assertThat(FileMediaStore.segment("a/b")).isNotEqualTo(FileMediaStore.segment("a_b"));
        assertThat(FileMediaStore.segment("a~2Fb")).isNotEqualTo(FileMediaStore.segment("a/b"));
        assertThat(FileMediaStore.segment("wamid.HBgL_x-1")).isEqualTo("wamid.HBgL_x-1");
        assertThat(FileMediaStore.segment(".hidden")).isEqualTo("~2Ehidden");
    }
}
