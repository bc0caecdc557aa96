-- Offsets of consumed rider-updates partitions, committed in the same transaction as the rows they cover.
CREATE TABLE kafka_consumer_offsets (
    consumer_group  text        NOT NULL,
    topic           text        NOT NULL,
    partition_id    integer     NOT NULL,
    next_offset     bigint      NOT NULL,
    owner_id        text        NOT NULL,
    owner_epoch     bigint      NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, partition_id)
);
