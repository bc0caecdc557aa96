package dev.ridehail.contract;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The one reader and writer of the contract's instants, straight from and into a JSON parser's or generator's
 * character buffer: every record carries two of them, and java.time's parsers and formatters cost more than the rest
 * of the record together. A malformed value answers {@code null} instead of building an exception.
 *
 * <p>Two acceptance rules, on purpose: a record value must be RFC 3339 ({@link #rfc3339}, what the schema's
 * {@code date-time} format means), while a client's request has always been read as {@link Instant#parse} reads it
 * ({@link #isoInstant}; it differs at the edges, e.g. it takes a leap second and {@code 24:00}). What ingest writes
 * ({@link #format}) satisfies both.
 */
public final class InstantText {

    /** Room enough for any instant {@link #format} writes ({@code +1000000000-12-31T23:59:59.999999999Z}). */
    public static final int MAX_FORMATTED_LENGTH = 40;

    private static final int DAYS_0000_TO_1970 = 719_528;

    private static final int MAX_OFFSET_SECONDS = 18 * 3600;

    private static final long SECONDS_PER_DAY = 86_400;

    // 9999-12-31T23:59:59Z; beyond it ISO_INSTANT writes a sign and more year digits.
    private static final long LAST_FOUR_DIGIT_YEAR_SECOND = 253_402_300_799L;

    private InstantText() {
    }

    /**
     * @return the instant, or null unless the text is {@code yyyy-MM-dd'T'HH:mm:ss[.f{1,9}]} followed by {@code Z} or
     *     {@code ±HH:MM} (as {@code OffsetDateTime.parse} reads it, except that seconds and a colon in the offset are
     *     required, as RFC 3339 requires them)
     */
    public static Instant rfc3339(char[] text, int offset, int length) {
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

    /**
     * @return what {@link Instant#parse} makes of the text, or null where it throws; the form devices almost always
     *     send is read by hand, several times cheaper
     */
    public static Instant isoInstant(char[] text, int offset, int length) {
        Instant instant = commonForm(text, offset, length);
        if (instant != null) {
            return instant;
        }
        try {
            return Instant.parse(new String(text, offset, length));
        }
        catch (DateTimeParseException ex) {
            return null;
        }
    }

    /**
     * The instant of {@code yyyy-MM-ddTHH:mm:ss[.f]Z} (upper-case T and Z, one to nine fraction digits, every field in
     * range), where RFC 3339 and Instant.parse agree; null for any other text, which Instant.parse then judges
     * (offsets, lower case, 24:00, leap seconds, invalid dates).
     */
    static Instant commonForm(char[] text, int offset, int length) {
        if (length < 20 || length > 30 || text[offset + 10] != 'T' || text[offset + length - 1] != 'Z') {
            return null;
        }
        return rfc3339(text, offset, length);
    }

    /**
     * Writes {@link Instant#toString()} (ISO_INSTANT: UTC, seconds always written, the fraction in groups of three
     * digits and left out when zero) into {@code text}, which must hold {@link #MAX_FORMATTED_LENGTH} characters.
     * DateTimeFormatter took a fifth of the serializer's time; the hand-written form for 1970 to 9999 takes about a
     * third of what it did.
     *
     * @return the number of characters written
     */
    public static int format(Instant instant, char[] text) {
        long epochSecond = instant.getEpochSecond();
        if (epochSecond < 0 || epochSecond > LAST_FOUR_DIGIT_YEAR_SECOND) {
            String iso = instant.toString();
            iso.getChars(0, iso.length(), text, 0);
            return iso.length();
        }
        int nano = instant.getNano();
        LocalDate date = LocalDate.ofEpochDay(epochSecond / SECONDS_PER_DAY);
        int secondOfDay = (int) (epochSecond % SECONDS_PER_DAY);
        int year = date.getYear();
        writeDigits(text, 0, 2, year / 100);
        writeDigits(text, 2, 2, year % 100);
        text[4] = '-';
        writeDigits(text, 5, 2, date.getMonthValue());
        text[7] = '-';
        writeDigits(text, 8, 2, date.getDayOfMonth());
        text[10] = 'T';
        writeDigits(text, 11, 2, secondOfDay / 3600);
        text[13] = ':';
        writeDigits(text, 14, 2, secondOfDay / 60 % 60);
        text[16] = ':';
        writeDigits(text, 17, 2, secondOfDay % 60);
        int length = 19;
        if (nano != 0) {
            text[length++] = '.';
            if (nano % 1_000_000 == 0) {
                writeDigits(text, length, 3, nano / 1_000_000);
                length += 3;
            }
            else if (nano % 1_000 == 0) {
                writeDigits(text, length, 6, nano / 1_000);
                length += 6;
            }
            else {
                writeDigits(text, length, 9, nano);
                length += 9;
            }
        }
        text[length++] = 'Z';
        return length;
    }

    /** Writes value zero-padded to exactly count digits. */
    private static void writeDigits(char[] text, int offset, int count, int value) {
        for (int i = offset + count - 1; i >= offset; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
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
