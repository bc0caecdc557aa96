package dev.ridehail.ingest.location;

import dev.ridehail.problems.ProblemError;

/**
 * One reason a body was refused, as the parser finds it; answered as the shared {@link ProblemError} entry in the
 * problem's {@code errors} (same fields, absent ones omitted).
 *
 * @param index   position of the item in a batch's {@code updates}; absent for single updates
 * @param field   the offending field; absent when the problem is the body as a whole
 * @param message what is wrong, for humans
 */
public record FieldError(Integer index, String field, String message) {

    static FieldError of(String field, String message) {
        return new FieldError(null, field, message);
    }

    FieldError at(int itemIndex) {
        return new FieldError(itemIndex, field, message);
    }

    public ProblemError toProblemError() {
        return new ProblemError(index, field, null, message);
    }
}
