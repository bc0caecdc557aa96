package dev.ridehail.trip;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything trip-service can be tuned with; defaults live in application.yml.
 */
@Validated
@ConfigurationProperties("trip")
public record TripProperties(@Valid @DefaultValue Topic topic) {

    /** The rider-updates topic. */
    public record Topic(@NotBlank @DefaultValue("rider-updates") String name) {
    }
}
