package dev.ridehail.baseline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The benchmark's direct-to-database baseline; not part of the product. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DirectBaselineApplication {

    public static void main(String[] args) {
        SpringApplication.run(DirectBaselineApplication.class, args);
    }
}
