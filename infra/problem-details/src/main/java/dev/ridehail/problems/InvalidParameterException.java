package dev.ridehail.problems;

/**
 * A query or path parameter that is well-formed but not acceptable (a window too long, a size over the cap): answered
 * by {@link ProblemAdvice} with 400 naming the parameter, like a parameter the framework refused.
 */
public class InvalidParameterException extends RuntimeException {

    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
