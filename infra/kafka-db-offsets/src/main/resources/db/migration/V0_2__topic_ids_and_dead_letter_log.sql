-- The Kafka topic id the stored offsets belong to. A topic deleted and created again under the same name gets a new
-- id, and offsets of the old log mean nothing on the new one. NULL: stored before ids were kept; the next claim adopts
-- the topic's current id without resetting.
ALTER TABLE kafka_consumer_offsets ADD COLUMN topic_id text;

-- Records of consumed partitions already on the dead-letter topic, so a batch read again (after a database error, a
-- fencing or a restart) does not publish them again. A row is written after the broker acknowledged the dead letter,
-- and deleted in the transaction that commits an offset past it: the table holds only dead letters of batches not yet
-- committed.
CREATE TABLE dead_letter_log (
    consumer_group  text        NOT NULL,
    topic           text        NOT NULL,
    partition_id    integer     NOT NULL,
    record_offset   bigint      NOT NULL,
    published_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, partition_id, record_offset)
);
