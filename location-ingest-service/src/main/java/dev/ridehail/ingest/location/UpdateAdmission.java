package dev.ridehail.ingest.location;

import dev.ridehail.contract.LocationUpdateEvent;
import dev.ridehail.security.Caller;
import dev.ridehail.security.ForbiddenRiderException;
import dev.ridehail.security.RateLimitDecision;
import dev.ridehail.security.RateLimitExceededException;
import dev.ridehail.security.RateLimiter;
import dev.ridehail.security.RateLimits;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the caller may publish these valid updates now, decided for the whole request before anything is
 * published: every update is for the token's own rider (an update naming none is taken to be, one naming another is
 * 403 {@code forbidden-rider}), and the rider's device still has that many updates in its ingest bucket (429
 * {@code rate-limited}; a batch costs its size). The one place ingest decides whose updates go out.
 */
@Component
class UpdateAdmission {

    private final RateLimits rateLimits;

    UpdateAdmission(RateLimits rateLimits) {
        this.rateLimits = rateLimits;
    }

    /** The events to publish, each naming its rider, and the bucket's state after they were taken from it. */
    record Admitted(List<LocationUpdateEvent> events, RateLimitDecision rateLimit) {
    }

    /**
     * @param batch whether the updates came as a batch (errors then name the item's index)
     * @throws ForbiddenRiderException     when any update names a rider other than the token's
     * @throws RateLimitExceededException  when the rider's device may not send that many updates now
     * @throws InvalidLocationUpdateException when security is off and an update names no rider (there is no token
     *                                     to take one from)
     */
    Admitted admit(Caller caller, List<LocationUpdateRequest> updates, boolean batch, Instant receivedAt) {
        String[] riders = new String[updates.size()];
        List<FieldError> errors = null;
        for (int i = 0; i < riders.length; i++) {
            riders[i] = caller.riderIdFor(updates.get(i).riderId());
            if (riders[i] == null) {
                FieldError error = FieldError.of("riderId", "is required");
                errors = UpdateChecks.add(errors, batch ? error.at(i) : error);
            }
        }
        if (errors != null) {
            throw new InvalidLocationUpdateException(batch ? "The batch contains invalid updates; none was published"
                    : "The location update is invalid", errors);
        }
        RateLimitDecision decision = consume(caller, riders);
        List<LocationUpdateEvent> events = new ArrayList<>(riders.length);
        for (int i = 0; i < riders.length; i++) {
            events.add(updates.get(i).toEvent(riders[i], receivedAt));
        }
        return new Admitted(events, decision);
    }

    private RateLimitDecision consume(Caller caller, String[] riders) {
        RateLimiter ingest = rateLimits.ingest();
        String first = riders[0];
        boolean oneRider = true;
        for (String rider : riders) {
            oneRider &= rider.equals(first);
        }
        if (oneRider) {
            // Always the case with a token: every update is the token's rider.
            return ingest.consume(RateLimits.ingestKey(caller, first), riders.length);
        }
        // Only without security (the benchmark's comparison run) does a batch mix riders: each pays its own share.
        Map<String, Integer> perRider = new LinkedHashMap<>();
        for (String rider : riders) {
            perRider.merge(rider, 1, Integer::sum);
        }
        RateLimitDecision last = null;
        for (Map.Entry<String, Integer> share : perRider.entrySet()) {
            last = ingest.consume(RateLimits.ingestKey(caller, share.getKey()), share.getValue());
        }
        return last;
    }
}
