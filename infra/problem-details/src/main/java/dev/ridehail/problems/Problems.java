package dev.ridehail.problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The one problem factory: every problem any service answers gets its {@code type} here, as
 * {@code https://ridehail.dev/problems/<slug>}. Slugs are part of the API (clients branch on them); the table in the
 * README lists every one, so a new slug goes there too.
 */
public final class Problems {

    public static final String TYPE_BASE = "https://ridehail.dev/problems/";

    public static final String INVALID_PARAMETER = "invalid-parameter";

    public static final String INVALID_BODY = "invalid-body";

    public static final String MALFORMED_BODY = "malformed-body";

    public static final String DATABASE_UNAVAILABLE = "database-unavailable";

    public static final String INTERNAL_ERROR = "internal-error";

    private static final URI ABOUT_BLANK = URI.create("about:blank");

    private Problems() {
    }

    public static URI type(String slug) {
        return URI.create(TYPE_BASE + slug);
    }

    public static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(slug));
        problem.setTitle(title);
        return problem;
    }

    /** A problem listing each fault in {@code errors}; the detail names them all, for clients that show only it. */
    public static ProblemDetail of(HttpStatusCode status, String slug, String title, List<ProblemError> errors) {
        ProblemDetail problem = of(status, slug, title, summary(errors));
        problem.setProperty("errors", List.copyOf(errors));
        return problem;
    }

    /**
     * Spring MVC's own problems (404 no such path, 405, 406, 415, ...) come with {@code about:blank}; they get the
     * status's reason phrase as their slug ({@code not-found}, {@code method-not-allowed}, ...).
     */
    static void typeFrameworkProblem(ProblemDetail problem) {
        if (problem.getType() == null || ABOUT_BLANK.equals(problem.getType())) {
            problem.setType(type(slugOf(HttpStatusCode.valueOf(problem.getStatus()))));
        }
    }

    static String slugOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known == null) {
            return "http-" + status.value();
        }
        return known.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static String summary(List<ProblemError> errors) {
        if (errors.isEmpty()) {
            return "Invalid input";
        }
        return errors.stream()
            .map(error -> error.subject() == null ? error.message() : "'" + error.subject() + "' " + error.message())
            .collect(Collectors.joining("; "));
    }
}
