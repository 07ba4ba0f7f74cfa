package dev.switchboard.adapters.whatsapp;

import dev.switchboard.core.channel.RegistrationField;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.support.Phones;

/** The WhatsApp number an account is registered with: required, kept in E.164. */
final class WhatsAppNumbers {
    static final RegistrationField FIELD = RegistrationField.required(RegistrationField.EXTERNAL_NUMBER,
            "the WhatsApp number in international format (+5511…)").checkedBy(WhatsAppNumbers::e164);

    private WhatsAppNumbers() {}

    private static String e164(String field, String value) {
        String e164 = Phones.e164OrNull(value);
        if (e164 == null) throw new InvalidInputException(field, "not a phone number in international format (+5511…)");
        return e164;
    }
}
