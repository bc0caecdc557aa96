package dev.ridehail.problems;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A controller with one endpoint per kind of bad input, and an advice that adds nothing: the shared part alone. */
@SpringBootApplication
class ProblemsTestApplication {

    enum Colour { RED, GREEN }

    record Point(@NotNull @Min(-90) @Max(90) Double lat, @NotNull Double lon) {
    }

    record Shape(@NotBlank String name, Colour colour, @NotNull @Valid Point centre, List<@Valid Point> corners) {
    }

    @RestController
    static class ProbeController {

        @GetMapping("/typed")
        String typed(@RequestParam(required = false) Integer size, @RequestParam(required = false) Double lat,
                @RequestParam(required = false) UUID id, @RequestParam(required = false) Colour colour,
                @RequestParam(required = false) Boolean flag,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                @RequestParam(required = false) Long big) {
            return "ok";
        }

        @GetMapping("/required")
        String required(@RequestParam double lat) {
            return "ok";
        }

        @GetMapping("/bounded/{id}")
        String bounded(@PathVariable UUID id, @RequestParam(name = "max-points", required = false) @Min(2) Integer maxPoints,
                @RequestParam(required = false) @Min(0) Integer page) {
            return "ok";
        }

        @GetMapping("/refused")
        String refused() {
            throw new InvalidParameterException("to", "the window may span at most PT24H");
        }

        @PostMapping("/shapes")
        String create(@Valid @RequestBody Shape shape) {
            return "ok";
        }

        @PostMapping("/reserved")
        String reserved() {
            throw new InvalidFieldException("name", "'nearby' is reserved");
        }

        @GetMapping("/broken")
        String broken() {
            throw new IllegalStateException("secret internal state: password=hunter2");
        }

        @GetMapping("/database-down")
        String databaseDown() {
            throw new QueryTimeoutException("canceling statement due to statement timeout");
        }
    }

    @RestControllerAdvice
    static class Advice extends DatabaseProblemAdvice {
    }
}
