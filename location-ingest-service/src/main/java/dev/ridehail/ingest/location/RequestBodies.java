package dev.ridehail.ingest.location;

import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;

/** Reads request bodies with a hard limit; shared with the benchmark's ceiling endpoint so both read alike. */
public final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * Reads at most limit bytes; the count, not Content-Length, decides, so chunked bodies are bounded too.
     * @throws BodyTooLargeException when the body (declared or read) is longer than limit
     */
    public static byte[] readAtMost(HttpServletRequest request, long limit) throws IOException {
        if (request.getContentLengthLong() > limit) {
            throw new BodyTooLargeException(limit);
        }
        byte[] body = request.getInputStream().readNBytes(Math.toIntExact(limit + 1));
        if (body.length > limit) {
            throw new BodyTooLargeException(limit);
        }
        return body;
    }
}
