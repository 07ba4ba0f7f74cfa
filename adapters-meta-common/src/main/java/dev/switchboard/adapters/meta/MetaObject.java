package dev.switchboard.adapters.meta;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.core.channel.WebhookRequest;
import java.io.IOException;

/**
 * Reads only the top-level {@code "object"} of a Meta delivery, so a route Meta shares between
 * products (seed 001's {@code /webhook/meta}) can be claimed by the right channel; the channel
 * verifies the signature before it parses events.
 */
public final class MetaObject {
    private static final JsonFactory JSON = GraphJson.MAPPER.getFactory(); // its buffer pool (see GraphJson)

    private MetaObject() {}

    /** Whether the delivery's top-level {@code "object"} is {@code object} ({@code "whatsapp_business_account"}, {@code "instagram"}). */
    public static boolean is(WebhookRequest request, String object) {
        return object.equals(of(request.body()));
    }

    /** The top-level {@code "object"}, or "" when the body has none or is not JSON. */
    public static String of(byte[] body) {
        try (var parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) return "";
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("object".equals(name) && value == JsonToken.VALUE_STRING) return parser.getText();
                parser.skipChildren();
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }
}
