-- Shipped by the kafka-db-offsets library and found by Flyway's default location (classpath:db/migration) in every
-- service that depends on it. Version 0.1 sorts before each service's own V1.
--
-- Offsets of consumed partitions, committed in the same transaction as the rows they cover. owner_epoch fences
-- zombies: each assignment bumps it, and a commit only succeeds with the epoch its consumer claimed.
CREATE TABLE kafka_consumer_offsets (
    consumer_group  text        NOT NULL,
    topic           text        NOT NULL,
    partition_id    integer     NOT NULL,
    next_offset     bigint,
    owner_id        text        NOT NULL,
    owner_epoch     bigint      NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, partition_id)
);
