package dev.ridehail.problems;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of a problem's {@code errors}: the one shape all three services answer with. Absent parts are omitted, so
 * an entry carries exactly what is known about the fault.
 *
 * @param index     position of the item in a batch (ingest's {@code updates}); absent outside batches
 * @param field     the offending body field, dotted for nested ones ({@code pickup.lat}); absent for parameters and
 *                  for faults of the body as a whole
 * @param parameter the offending query or path parameter; absent for body faults
 * @param message   what is wrong, in plain English, written for the client ("must be an integer")
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemError(Integer index, String field, String parameter, String message) {

    public static ProblemError field(String field, String message) {
        return new ProblemError(null, field, null, message);
    }

    public static ProblemError parameter(String parameter, String message) {
        return new ProblemError(null, null, parameter, message);
    }

    /** A fault of the body as a whole (not well-formed, empty, ...), which names no field. */
    public static ProblemError body(String message) {
        return new ProblemError(null, null, null, message);
    }

    /** The same fault, located at item {@code itemIndex} of a batch. */
    public ProblemError at(int itemIndex) {
        return new ProblemError(itemIndex, field, parameter, message);
    }

    /** The name this entry is about (field or parameter), quoted for a problem's detail; null for body faults. */
    String subject() {
        return field != null ? field : parameter;
    }
}
