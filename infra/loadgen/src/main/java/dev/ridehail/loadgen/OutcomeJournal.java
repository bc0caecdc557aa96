package dev.ridehail.loadgen;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One tab-separated line per update, {@code eventId riderId outcome status}, for oracles that compare what the client
 * was told with what the database holds (for example: every ACKED eventId must be stored exactly once). A
 * {@code RATE_LIMITED} update (429) was refused before anything was published, like a {@code REFUSED} one: an oracle
 * must not expect it in the database.
 */
public final class OutcomeJournal implements OutcomeListener, AutoCloseable {

    private final BufferedWriter writer;

    public OutcomeJournal(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void onOutcome(List<LocationUpdate> updates, Outcome outcome, int status, long latencyMicros) {
        StringBuilder lines = new StringBuilder(updates.size() * 64);
        for (LocationUpdate update : updates) {
            lines.append(update.eventId()).append('\t').append(update.riderId()).append('\t').append(outcome)
                .append('\t').append(status).append('\n');
        }
        synchronized (writer) {
            try {
                writer.write(lines.toString());
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    @Override
    public void close() {
        synchronized (writer) {
            try {
                writer.close();
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
