package dev.ridehail.trip.history;

import dev.ridehail.contract.LocationUpdateEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Encodes updates as PostgreSQL's binary COPY format ({@code COPY ... FROM STDIN (FORMAT binary)}) in the column order
 * of {@link HistoryWriter#COLUMNS}. Binary spares the server parsing text: timestamps, floats and UUIDs arrive in their
 * on-disk representation, which is most of what text COPY costs the database per row.
 */
final class BinaryCopyRows {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    private static final short FIELDS = 10;

    // timestamptz travels as microseconds since 2000-01-01T00:00:00Z
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private byte[] buffer;

    private int size;

    private BinaryCopyRows(int capacity) {
        this.buffer = new byte[capacity];
    }

    static byte[] encode(List<LocationUpdateEvent> updates) {
        // ~140 bytes a row with a trip and a 10-character rider id; the buffer grows for longer ids
        BinaryCopyRows out = new BinaryCopyRows(32 + updates.size() * 160);
        out.bytes(SIGNATURE);
        out.int32(0); // flags: no OIDs
        out.int32(0); // header extension length
        for (LocationUpdateEvent u : updates) {
            out.int16(FIELDS);
            out.uuid(u.eventId());
            out.text(u.riderId());
            out.uuid(u.tripId());
            out.float8(u.lat());
            out.float8(u.lon());
            out.float4(u.speedMps());
            out.float4(u.headingDeg());
            out.float4(u.accuracyM());
            out.timestamp(u.recordedAt());
            out.timestamp(u.receivedAt());
        }
        out.int16((short) -1); // trailer
        return Arrays.copyOf(out.buffer, out.size);
    }

    private void uuid(UUID value) {
        if (value == null) {
            int32(-1);
            return;
        }
        int32(16);
        int64(value.getMostSignificantBits());
        int64(value.getLeastSignificantBits());
    }

    private void text(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        int32(utf8.length);
        bytes(utf8);
    }

    private void float8(double value) {
        int32(8);
        int64(Double.doubleToRawLongBits(value));
    }

    // The columns are real (float4): the contract's doubles are narrowed here, at the write.
    private void float4(Number value) {
        if (value == null) {
            int32(-1);
            return;
        }
        int32(4);
        int32(Float.floatToRawIntBits(value.floatValue()));
    }

    /** The instant as the server stores it: rounded to the microsecond, like its text input does. */
    static Instant stored(Instant value) {
        long micros = (value.getNano() + 500) / 1_000;
        return Instant.ofEpochSecond(value.getEpochSecond(), micros * 1_000);
    }

    private void timestamp(Instant value) {
        Instant stored = stored(value);
        int32(8);
        int64(Math.addExact(Math.multiplyExact(stored.getEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L),
                stored.getNano() / 1_000));
    }

    private void bytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, buffer, size, value.length);
        size += value.length;
    }

    private void int16(short value) {
        ensure(2);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
    }

    private void int32(int value) {
        ensure(4);
        buffer[size++] = (byte) (value >>> 24);
        buffer[size++] = (byte) (value >>> 16);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
    }

    private void int64(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
