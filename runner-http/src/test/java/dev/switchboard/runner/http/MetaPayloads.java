package dev.switchboard.runner.http;

/** Webhook bodies in the exact shape Meta sends (api-contracts §1.3–1.5). */
final class MetaPayloads {
    private MetaPayloads() {}

    static String message(String phoneNumberId, String from, String wamid, String bodyJsonEscaped) {
        return messages(phoneNumberId, from, new String[] {wamid}, new String[] {bodyJsonEscaped});
    }

    /** One webhook carrying several text messages from one customer (Meta batches). */
    static String messages(String phoneNumberId, String from, String[] wamids, String[] bodies) {
        StringBuilder msgs = new StringBuilder();
        for (int i = 0; i < wamids.length; i++) {
            if (i > 0) msgs.append(',');
            msgs.append("{\"from\":\"").append(from).append("\",\"id\":\"").append(wamids[i])
                    .append("\",\"timestamp\":\"1749416383\",\"type\":\"text\",\"text\":{\"body\":\"").append(bodies[i]).append("\"}}");
        }
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":{"
                + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\""
                + phoneNumberId + "\"},\"contacts\":[{\"profile\":{\"name\":\"Sheena Nelson\"},\"wa_id\":\"" + from + "\"}],"
                + "\"messages\":[" + msgs + "]},\"field\":\"messages\"}]}]}";
    }

    static String status(String phoneNumberId, String wamid, String status, String errorsJson) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"" + phoneNumberId + "\"},\"statuses\":[{\"id\":\"" + wamid + "\",\"status\":\"" + status
                + "\",\"timestamp\":\"1750030073\",\"recipient_id\":\"16505551234\"" + (errorsJson == null ? "" : ",\"errors\":" + errorsJson)
                + "}]}}]}]}";
    }
}
