package dev.ridehail.testing;

/**
 * Real infrastructure the tests need is missing. Carries no stack trace on purpose: the message says what is missing
 * and how to provide it, and a trace would only bury it.
 */
public class InfrastructureUnavailableException extends RuntimeException {

    public InfrastructureUnavailableException(String message) {
        super(message, null, false, false);
    }
}
