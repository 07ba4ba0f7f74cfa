package dev.switchboard.runner.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** A JSON parse failure in plain words: never Jackson's message, which names Java types. */
final class JsonErrors {
    private JsonErrors() {}

    static String describe(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) return "the JSON is nested too deeply or a value is too long";
        if (e instanceof MismatchedInputException) return "a JSON object is required";
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 0) return "not valid JSON";
        return "not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
