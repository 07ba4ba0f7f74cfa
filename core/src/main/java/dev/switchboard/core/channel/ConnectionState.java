package dev.switchboard.core.channel;

/**
 * A channel account's connection, as {@link ConnectionManagement} reports it.
 *
 * @param state       the provider's state, e.g. "open", "connecting", "close"
 * @param qrBase64    a QR image to scan to link the account (a {@code data:image/png;base64,…} URL), or null
 * @param pairingCode a code to type on the phone instead of scanning, or null
 */
public record ConnectionState(String state, String qrBase64, String pairingCode) {
    public static ConnectionState of(String state) {
        return new ConnectionState(state, null, null);
    }
}
