// The notes' client.js, pointed at this system's broker and able to read what ingest writes.
const { Kafka, CompressionTypes, CompressionCodecs } = require("kafkajs");
const SnappyCodec = require("kafkajs-snappy");

// location-ingest-service compresses every batch with snappy (measured faster and cheaper than lz4 for this traffic);
// kafkajs 2 ships only gzip and throws "KafkaJSNotImplemented: Snappy compression not implemented" without this line.
CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec;

// The notes' <PRIVATE_IP>:9092: the local stack's broker listens on localhost:9092, compose's on localhost:9094.
const brokers = (process.env.KAFKA_BROKERS || "localhost:9092").split(",");

exports.kafka = new Kafka({
  clientId: "my-app",
  brokers,
});
