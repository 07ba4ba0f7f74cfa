package dev.switchboard.core.model;

/**
 * Reads lead data out of a conversation with one structured-output model call.
 *
 * <p>Contract: returns the fields as the model gave them (the engine validates them); throws
 * {@link ModelException} when the call fails or the output is not the requested JSON shape.
 */
@FunctionalInterface
public interface LeadExtractor {
    LeadData extract(ExtractionRequest request);
}
