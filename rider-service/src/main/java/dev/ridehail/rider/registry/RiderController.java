package dev.ridehail.rider.registry;

import dev.ridehail.rider.RiderProperties;
import dev.ridehail.problems.InvalidParameterException;
import dev.ridehail.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;

@RestController
@RequestMapping("/api/v1/riders")
class RiderController {

    private final RiderService riders;

    private final RiderProperties.Registry limits;

    RiderController(RiderService riders, RiderProperties properties) {
        this.riders = riders;
        this.limits = properties.registry();
    }

    @Operation(summary = "Register a rider", description = "Scope admin.")
    @PostMapping
    ResponseEntity<RiderResponse> register(@Valid @RequestBody CreateRiderRequest request) {
        RiderResponse created = riders.register(request);
        URI location = ServletUriComponentsBuilder.fromCurrentRequest()
            .path("/{riderId}")
            .buildAndExpand(created.riderId())
            .toUri();
        return ResponseEntity.created(location).body(created);
    }

    @Operation(summary = "One rider", description = "Scope fleet:read, or self:read for the token's own rider; "
            + "another rider is 404 rider-not-found, as an unknown one.")
    @GetMapping("/{riderId}")
    RiderResponse find(@PathVariable String riderId, Caller caller) {
        // Another rider's entry answers exactly as an unknown one, so ids cannot be probed.
        if (!caller.mayAccessRider(riderId)) {
            throw new RiderNotFoundException(riderId);
        }
        return riders.find(riderId);
    }

    @Operation(summary = "A page of riders", description = "Scope fleet:read.")
    @GetMapping
    RiderPageResponse list(@RequestParam(required = false) RiderStatus status,
            @RequestParam(defaultValue = "0") int page, @RequestParam(required = false) Integer size) {
        int pageSize = size == null ? limits.defaultPageSize() : size;
        if (page < 0) {
            throw new InvalidParameterException("page", "must be 0 or more");
        }
        if (pageSize < 1 || pageSize > limits.maxPageSize()) {
            throw new InvalidParameterException("size", "must be between 1 and " + limits.maxPageSize());
        }
        return riders.list(status, page, pageSize);
    }

    @Operation(summary = "Change a rider's status", description = "Scope admin.")
    @PutMapping("/{riderId}/status")
    RiderResponse changeStatus(@PathVariable String riderId, @Valid @RequestBody UpdateStatusRequest request) {
        return riders.changeStatus(riderId, request.status());
    }
}
