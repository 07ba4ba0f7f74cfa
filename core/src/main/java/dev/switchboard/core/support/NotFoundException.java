package dev.switchboard.core.support;

/** No such record for this tenant. Another tenant's record is reported the same way. */
public class NotFoundException extends SwitchboardException {
    public NotFoundException(String what, String id) {
        super(what + " not found: " + id);
    }
}
