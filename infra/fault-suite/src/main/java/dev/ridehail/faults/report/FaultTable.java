package dev.ridehail.faults.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the scenarios' results and renders them as one Markdown table (printed and written under docs/faults). */
public final class FaultTable {

    private final List<FaultResult> results = new ArrayList<>();

    public synchronized void add(FaultResult result) {
        results.add(result);
    }

    public synchronized List<FaultResult> results() {
        return List.copyOf(results);
    }

    public synchronized String toMarkdown(String heading, String settings) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(heading).append("\n\n").append(settings).append("\n\n");
        out.append("| test | figures | result | note | time |\n|---|---|---|---|---|\n");
        results.stream().sorted(Comparator.comparing(FaultResult::test)).forEach(result -> out.append("| ")
            .append(escape(result.test()))
            .append(" | ")
            .append(escape(result.figures()))
            .append(" | ")
            .append(result.passed() ? "PASS" : "**FAIL**")
            .append(" | ")
            .append(escape(result.note()))
            .append(" | ")
            .append(result.elapsed().toSeconds())
            .append(" s |\n"));
        long passed = results.stream().filter(FaultResult::passed).count();
        out.append("\n").append(passed).append(" of ").append(results.size()).append(" passed.\n");
        return out.toString();
    }

    /** Writes the table to {@code <docsDir>/<date>-<size>.md} and returns the file. */
    public Path write(Path docsDir, long size, String heading, String settings) {
        Path file = docsDir.resolve(LocalDate.now(ZoneOffset.UTC) + "-" + size + ".md");
        try {
            Files.createDirectories(docsDir);
            Files.writeString(file, toMarkdown(heading, settings), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return file;
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
