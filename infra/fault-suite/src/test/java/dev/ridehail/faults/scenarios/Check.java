package dev.ridehail.faults.scenarios;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pass figures of one scenario: every measured figure, and each failed condition in words. */
final class Check {

    private final Map<String, Object> figures = new LinkedHashMap<>();

    private final List<String> failures = new ArrayList<>();

    Check figure(String name, Object value) {
        figures.put(name, value);
        return this;
    }

    /** Records a pass condition; a false one becomes part of the failure note. */
    Check require(boolean condition, String description) {
        if (!condition) {
            failures.add(description);
        }
        return this;
    }

    boolean passed() {
        return failures.isEmpty();
    }

    String figures() {
        StringBuilder text = new StringBuilder();
        figures.forEach((name, value) -> text.append(text.isEmpty() ? "" : ", ").append(name).append('=').append(value));
        return text.toString();
    }

    String failureNote() {
        return String.join("; ", failures);
    }
}
