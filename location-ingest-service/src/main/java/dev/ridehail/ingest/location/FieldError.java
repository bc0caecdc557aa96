package dev.ridehail.ingest.location;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One reason a body was refused, as listed in the problem's {@code errors}.
 *
 * @param index   position of the item in a batch's {@code updates}; absent for single updates
 * @param field   the offending field; absent when the problem is the body as a whole
 * @param message what is wrong, for humans
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(Integer index, String field, String message) {

    static FieldError of(String field, String message) {
        return new FieldError(null, field, message);
    }

    FieldError at(int itemIndex) {
        return new FieldError(itemIndex, field, message);
    }
}
