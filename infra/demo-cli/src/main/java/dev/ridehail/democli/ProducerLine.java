package dev.ridehail.democli;

import java.util.regex.Pattern;

/** One line typed at the prompt, as in the source notes' producer.js: {@code <riderName> <location>}. */
record ProducerLine(String riderId, Zone zone) {

    private static final Pattern RIDER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Parses {@code tony south}; throws with a message a person can act on. */
    static ProducerLine parse(String line) {
        String[] words = line.trim().split("\\s+");
        if (words.length != 2 || words[0].isEmpty()) {
            throw new IllegalArgumentException("type: <rider> <zone>, e.g. tony south (zones: north, south, east, west, centre)");
        }
        if (!RIDER_ID.matcher(words[0]).matches()) {
            throw new IllegalArgumentException("rider must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-': " + words[0]);
        }
        Zone zone = Zone.parse(words[1])
            .orElseThrow(() -> new IllegalArgumentException("unknown zone '" + words[1]
                    + "' (zones: north, south, east, west, centre)"));
        return new ProducerLine(words[0], zone);
    }
}
