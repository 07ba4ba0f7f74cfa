package dev.switchboard.adapters.whatsapp.internal;

import java.net.UnknownHostException;

/**
 * A call refused before connecting because its host, or every address it resolved to, is internal
 * and not allowed. An {@link UnknownHostException} so okhttp passes it through from its {@code Dns}.
 */
public final class HostNotAllowedException extends UnknownHostException {
    public HostNotAllowedException(String message) {
        super(message);
    }
}
