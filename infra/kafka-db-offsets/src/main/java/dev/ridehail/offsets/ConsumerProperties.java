package dev.ridehail.offsets;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The settings both consumer services share, under the same property names and environment variables in each (see
 * the configuration table in the README); each service's application.yml only sets its own consumer group. The topic
 * itself is {@code dev.ridehail.topics.TopicProperties} ({@code ridehail.topic.*}), shared with its owner, ingest.
 *
 * @param group the consumer group, also the listener container's id
 * @param maxFutureSkew how far {@code recordedAt} may lie after the earlier of {@code receivedAt} and now before the
 *     record is dead-lettered as an impossible device time. Looser than ingest's own check (60 s ahead of its clock) on
 *     purpose: a consumer must never dead-letter what ingest acknowledged, also when an operator raises ingest's limit
 *     or two hosts' clocks drift; it only stops records from producers that bypass ingest.
 * @param writeStatementTimeout replaces the connection's short statement timeout (meant for queries) inside a batch
 *     transaction, so a locked or slow table makes the batch wait instead of failing and retrying every few seconds
 */
@Validated
@ConfigurationProperties("ridehail.consumer")
public record ConsumerProperties(@NotBlank String group,
        @NotNull @DefaultValue("5m") Duration maxFutureSkew,
        @NotNull @DefaultValue("120s") Duration writeStatementTimeout) {
}
