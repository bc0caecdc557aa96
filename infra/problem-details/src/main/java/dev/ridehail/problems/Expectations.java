package dev.ridehail.problems;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a value of a Java type must look like, said to a client in plain English ("must be an integer", never the
 * class name). Used for both query parameters and JSON fields of the wrong type.
 */
final class Expectations {

    private static final Set<Class<?>> INTEGERS = Set.of(int.class, Integer.class, long.class, Long.class,
            short.class, Short.class, byte.class, Byte.class, BigInteger.class);

    private static final Set<Class<?>> NUMBERS = Set.of(double.class, Double.class, float.class, Float.class,
            BigDecimal.class, Number.class);

    private Expectations() {
    }

    static String of(Class<?> type) {
        if (type == null) {
            return "is not a valid value";
        }
        if (type.isEnum()) {
            return "must be one of " + Arrays.toString(type.getEnumConstants());
        }
        if (INTEGERS.contains(type)) {
            return "must be an integer";
        }
        if (NUMBERS.contains(type)) {
            return "must be a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "must be true or false";
        }
        if (type == UUID.class) {
            return "must be a UUID";
        }
        if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
            return "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z";
        }
        if (type == LocalDate.class) {
            return "must be a date such as 2026-01-31";
        }
        if (type == Duration.class) {
            return "must be an ISO-8601 duration such as PT5M";
        }
        if (type == String.class || type == char.class || type == Character.class) {
            return "must be a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "must be an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !isJdkType(type)) {
            return "must be an object";
        }
        return "is not a valid value";
    }

    private static boolean isJdkType(Class<?> type) {
        return type.isPrimitive() || type.getName().startsWith("java.");
    }
}
