package dev.ridehail.rider.registry;

import dev.ridehail.rider.RiderProperties;
import dev.ridehail.problems.InvalidParameterException;
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

    @PostMapping
    ResponseEntity<RiderResponse> register(@Valid @RequestBody CreateRiderRequest request) {
        RiderResponse created = riders.register(request);
        URI location = ServletUriComponentsBuilder.fromCurrentRequest()
            .path("/{riderId}")
            .buildAndExpand(created.riderId())
            .toUri();
        return ResponseEntity.created(location).body(created);
    }

    @GetMapping("/{riderId}")
    RiderResponse find(@PathVariable String riderId) {
        return riders.find(riderId);
    }

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

    @PutMapping("/{riderId}/status")
    RiderResponse changeStatus(@PathVariable String riderId, @Valid @RequestBody UpdateStatusRequest request) {
        return riders.changeStatus(riderId, request.status());
    }
}
