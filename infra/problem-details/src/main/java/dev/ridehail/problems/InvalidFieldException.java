package dev.ridehail.problems;

/**
 * A body field that passed bean validation but is still not acceptable (a reserved id): answered by
 * {@link ProblemAdvice} with 400 naming the field, like a field that broke a constraint.
 */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
