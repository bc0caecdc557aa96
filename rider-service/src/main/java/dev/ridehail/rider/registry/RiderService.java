package dev.ridehail.rider.registry;

import dev.ridehail.problems.InvalidFieldException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

@Service
class RiderService {

    // GET /api/v1/riders/nearby would shadow GET /api/v1/riders/{id} for a rider with this id.
    private static final String RESERVED_ID = "nearby";

    private final RiderRepository riders;

    private final Clock clock;

    RiderService(RiderRepository riders, Clock clock) {
        this.riders = riders;
        this.clock = clock;
    }

    @Transactional
    RiderResponse register(CreateRiderRequest request) {
        String riderId = request.riderId() != null ? request.riderId() : UUID.randomUUID().toString();
        if (RESERVED_ID.equals(riderId)) {
            throw new InvalidFieldException("riderId", "'" + RESERVED_ID + "' is reserved");
        }
        String plate = request.plate().strip();
        if (riders.existsById(riderId)) {
            throw new RiderConflictException("A rider with id '" + riderId + "' is already registered");
        }
        if (riders.existsByPlateNormalized(Plates.normalize(plate))) {
            throw plateTaken(plate);
        }
        try {
            Rider rider = riders.saveAndFlush(new Rider(riderId, request.name().strip(), request.vehicleType(), plate,
                    request.phone(), now()));
            return RiderResponse.of(rider);
        }
        catch (DataIntegrityViolationException raced) {
            // Another request registered the same id or plate between the checks above and the insert.
            if (String.valueOf(raced.getMessage()).contains("riders_plate_normalized_key")) {
                throw plateTaken(plate);
            }
            throw new RiderConflictException("A rider with id '" + riderId + "' is already registered");
        }
    }

    @Transactional(readOnly = true)
    RiderResponse find(String riderId) {
        return riders.findById(riderId).map(RiderResponse::of).orElseThrow(() -> new RiderNotFoundException(riderId));
    }

    @Transactional(readOnly = true)
    RiderPageResponse list(RiderStatus status, int page, int size) {
        PageRequest request = PageRequest.of(page, size, Sort.by("riderId"));
        Page<Rider> found = status == null ? riders.findAll(request) : riders.findByStatus(status, request);
        return new RiderPageResponse(found.map(RiderResponse::of).getContent(), page, size, found.getTotalElements(),
                found.getTotalPages());
    }

    @Transactional
    RiderResponse changeStatus(String riderId, RiderStatus status) {
        Rider rider = riders.findById(riderId).orElseThrow(() -> new RiderNotFoundException(riderId));
        rider.changeStatus(status, now());
        return RiderResponse.of(rider);
    }

    // PostgreSQL keeps microseconds; answering with the stored precision keeps POST and GET bodies identical.
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static RiderConflictException plateTaken(String plate) {
        return new RiderConflictException("A rider with plate '" + plate + "' is already registered");
    }
}
