package dev.ridehail.rider.registry;

import java.util.Locale;

final class Plates {

    private Plates() {
    }

    /** The same vehicle however it was typed: "b-ab 123", "B AB-123" and "BAB123" all normalise to "BAB123". */
    static String normalize(String plate) {
        return plate.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
    }
}
