package dev.ridehail.trip.history;

import dev.ridehail.trip.TripProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

// Scheduling runs the partition maintenance (HistoryPartitionMaintenance).
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class HistoryConfiguration {

    @Bean
    HistoryWriter historyWriter(TripProperties properties, MeterRegistry meters) {
        return switch (properties.history().writeStrategy()) {
            case COPY -> new CopyHistoryWriter(meters);
            case MULTI_ROW_INSERT -> new MultiRowInsertHistoryWriter(properties.history().insertChunkRows());
        };
    }
}
