package dev.ridehail.benchmark;

/** Pauses between polls and scenario phases; an interrupt ends the pause early and is kept for the caller to see. */
final class Sleeps {

    private Sleeps() {
    }

    static void millis(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
