package dev.ridehail.security.app;

import dev.ridehail.problems.ProblemAdvice;
import dev.ridehail.security.ApiRules;
import dev.ridehail.security.Caller;
import dev.ridehail.security.RateLimits;
import dev.ridehail.security.Scopes;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Map;

/** A service in miniature for the module's tests: one rider-owned read, one fleet read, one write. */
@SpringBootApplication
public class SecuredTestApplication {

    @Bean
    ApiRules testRules() {
        return requests -> requests
            .requestMatchers(HttpMethod.GET, "/api/riders/*").hasAnyAuthority(Scopes.authority(Scopes.SELF_READ),
                    Scopes.authority(Scopes.FLEET_READ))
            .requestMatchers(HttpMethod.GET, "/api/fleet").hasAuthority(Scopes.authority(Scopes.FLEET_READ))
            .requestMatchers(HttpMethod.POST, "/api/writes").hasAuthority(Scopes.authority(Scopes.LOCATION_WRITE));
    }

    @RestController
    static class TestController {

        private final RateLimits rateLimits;

        TestController(RateLimits rateLimits) {
            this.rateLimits = rateLimits;
        }

        @GetMapping("/api/riders/{riderId}")
        Map<String, Object> rider(@PathVariable String riderId, Caller caller) {
            if (!caller.mayAccessRider(riderId)) {
                throw new org.springframework.web.server.ResponseStatusException(
                        org.springframework.http.HttpStatus.NOT_FOUND);
            }
            return Map.of("riderId", riderId);
        }

        @GetMapping("/api/fleet")
        Map<String, Object> fleet(Caller caller) {
            return Map.of("subject", String.valueOf(caller.subject()), "unrestricted", caller.unrestricted());
        }

        @PostMapping("/api/writes")
        Map<String, Object> write(@RequestParam(required = false) String riderId, @RequestParam int items,
                Caller caller) {
            String rider = caller.riderIdFor(riderId);
            rateLimits.ingest().consume(RateLimits.ingestKey(caller, rider), items);
            return Map.of("riderId", rider, "deviceId", String.valueOf(caller.deviceId()));
        }
    }

    @RestControllerAdvice
    static class TestProblemAdvice extends ProblemAdvice {
    }
}
