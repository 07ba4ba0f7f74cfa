package dev.switchboard.runner.http.webchat;

import dev.switchboard.adapters.webchat.WebchatChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The widget's script, shipped in the web chat adapter next to the protocol it speaks. */
final class WidgetScript {
    private static final byte[] BYTES = load();

    private WidgetScript() {}

    static byte[] bytes() {
        return BYTES;
    }

    private static byte[] load() {
        try (InputStream in = WebchatChannel.class.getResourceAsStream("widget.js")) {
            if (in == null) throw new IllegalStateException("widget.js missing from the web chat adapter");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
