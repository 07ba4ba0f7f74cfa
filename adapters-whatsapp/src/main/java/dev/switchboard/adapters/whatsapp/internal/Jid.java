package dev.switchboard.adapters.whatsapp.internal;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * A WhatsApp JID ({@code user[:device]@server}) as Baileys writes it: {@code 5511988887777@s.whatsapp.net}
 * for a phone number, {@code 123…@lid} for a privacy id, {@code …@g.us} for a group,
 * {@code status@broadcast}, {@code …@newsletter}.
 */
record Jid(String user, String server) {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final int BRAZIL = 55;

    /** @return null when the value has no {@code @} or nothing before it */
    static Jid parse(String value) {
        if (value == null) return null;
        int at = value.lastIndexOf('@');
        if (at <= 0) return null;
        String user = value.substring(0, at);
        int device = user.indexOf(':');
        if (device >= 0) user = user.substring(0, device);
        return user.isEmpty() ? null : new Jid(user, value.substring(at + 1));
    }

    boolean isPhoneNumber() {
        return (server.equals("s.whatsapp.net") || server.equals("c.us")) && user.chars().allMatch(Character::isDigit);
    }

    boolean isGroup() {
        return server.equals("g.us");
    }

    boolean isLid() {
        return server.equals("lid");
    }

    /** Status updates and channels: never a customer writing to the business. */
    boolean isBroadcast() {
        return server.equals("broadcast") || server.equals("newsletter");
    }

    @Override
    public String toString() {
        return user + "@" + server;
    }

    /**
     * The phone number of a phone-number JID in E.164, or null when it is not one. Numbers
     * libphonenumber does not know as valid are still returned when they are possible, so a new
     * numbering range does not lose the customer's number.
     */
    String e164() {
        if (!isPhoneNumber()) return null;
        PhoneNumber number;
        try {
            number = PHONES.parse("+" + user, null);
        } catch (NumberParseException e) {
            return null;
        }
        if (PHONES.isValidNumber(number)) return PHONES.format(number, PhoneNumberFormat.E164);
        PhoneNumber brazilianMobile = withBrazilianNinthDigit(number);
        if (brazilianMobile != null) return PHONES.format(brazilianMobile, PhoneNumberFormat.E164);
        return PHONES.isPossibleNumber(number) ? PHONES.format(number, PhoneNumberFormat.E164) : null;
    }

    /**
     * Brazilian mobiles gained a leading 9 (2012–2016), but WhatsApp still identifies accounts
     * registered before that by the old 8-digit number (55 + area code + 8 digits). The person's
     * real number, the one a CRM knows, has the 9.
     */
    private static PhoneNumber withBrazilianNinthDigit(PhoneNumber number) {
        String national = String.valueOf(number.getNationalNumber());
        if (number.getCountryCode() != BRAZIL || national.length() != 10 || national.charAt(2) < '6') return null;
        PhoneNumber fixed = new PhoneNumber()
                .setCountryCode(BRAZIL)
                .setNationalNumber(Long.parseLong(national.substring(0, 2) + "9" + national.substring(2)));
        return PHONES.isValidNumber(fixed) ? fixed : null;
    }
}
