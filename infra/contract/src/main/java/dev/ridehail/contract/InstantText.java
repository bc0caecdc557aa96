package dev.ridehail.contract;

import java.time.Instant;

/**
 * Reads an RFC 3339 date-time ({@code 2026-11-25T10:15:30.123Z}, {@code 2026-11-25T12:15:30+02:00}) straight from
 * the parser's character buffer. Every record carries two of them, and {@code OffsetDateTime.parse} costs more than
 * the rest of the record together; a malformed value answers {@code null} instead of building an exception.
 */
final class InstantText {

    private static final int DAYS_0000_TO_1970 = 719_528;

    private static final int MAX_OFFSET_SECONDS = 18 * 3600;

    private InstantText() {
    }

    /**
     * @return the instant, or null unless the text is {@code yyyy-MM-dd'T'HH:mm:ss[.f{1,9}]} followed by {@code Z} or
     *     {@code ±HH:MM} (as {@code OffsetDateTime.parse} reads it, except that seconds and a colon in the offset are
     *     required, as RFC 3339 requires them)
     */
    static Instant parse(char[] text, int offset, int length) {
        if (length < 20) {
            return null;
        }
        int end = offset + length;
        int year = digits(text, offset, 4);
        int month = digits(text, offset + 5, 2);
        int day = digits(text, offset + 8, 2);
        int hour = digits(text, offset + 11, 2);
        int minute = digits(text, offset + 14, 2);
        int second = digits(text, offset + 17, 2);
        char t = text[offset + 10];
        if ((year | month | day | hour | minute | second) < 0 || text[offset + 4] != '-' || text[offset + 7] != '-'
                || (t != 'T' && t != 't') || text[offset + 13] != ':' || text[offset + 16] != ':') {
            return null;
        }
        int i = offset + 19;
        int nanos = 0;
        if (text[i] == '.') {
            int first = ++i;
            while (i < end && isDigit(text[i])) {
                if (i - first == 9) {
                    return null;
                }
                nanos = nanos * 10 + (text[i++] - '0');
            }
            if (i == first) {
                return null;
            }
            for (int scale = i - first; scale < 9; scale++) {
                nanos *= 10;
            }
        }
        int offsetSeconds = zoneOffset(text, i, end);
        if (offsetSeconds == Integer.MIN_VALUE || month < 1 || month > 12 || day < 1
                || day > lengthOfMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long seconds = epochDay(year, month, day) * 86_400L + hour * 3600 + minute * 60 + second - offsetSeconds;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** Seconds east of UTC for {@code Z} or {@code ±HH:MM} filling the rest of the text, else Integer.MIN_VALUE. */
    private static int zoneOffset(char[] text, int i, int end) {
        if (i == end - 1 && (text[i] == 'Z' || text[i] == 'z')) {
            return 0;
        }
        if (i != end - 6 || (text[i] != '+' && text[i] != '-') || text[i + 3] != ':') {
            return Integer.MIN_VALUE;
        }
        int hours = digits(text, i + 1, 2);
        int minutes = digits(text, i + 4, 2);
        int seconds = hours * 3600 + minutes * 60;
        if (hours < 0 || minutes < 0 || minutes > 59 || seconds > MAX_OFFSET_SECONDS) {
            return Integer.MIN_VALUE;
        }
        return text[i] == '-' ? -seconds : seconds;
    }

    /** The decimal value of {@code count} ASCII digits, or -1. */
    private static int digits(char[] text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            if (!isDigit(text[i])) {
                return -1;
            }
            value = value * 10 + (text[i] - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date with a year of 0 to 9999 (as LocalDate.toEpochDay). */
    private static long epochDay(int year, int month, int day) {
        long days = 365L * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400;
        days += (367 * month - 362) / 12 + day - 1;
        if (month > 2) {
            days -= isLeap(year) ? 1 : 2;
        }
        return days - DAYS_0000_TO_1970;
    }
}
