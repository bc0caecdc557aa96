// The notes' consumer.js: node consumer.js <GROUP_NAME> prints every record of the topic as
// "<group>: [rider-updates]: PART:<n>: <value>", the same line the services log at DEBUG.
const { kafka } = require("./client");

const group = process.argv[2];
const topic = process.env.TOPIC_NAME || "rider-updates";

async function init() {
  if (!group) {
    throw new Error("usage: node consumer.js <GROUP_NAME>");
  }
  const consumer = kafka.consumer({ groupId: group });
  await consumer.connect();

  await consumer.subscribe({ topics: [topic], fromBeginning: true });

  // Ctrl-C (or the test's SIGTERM) leaves the group at once instead of after the session timeout.
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => consumer.disconnect().finally(() => process.exit(0)));
  }

  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      console.log(`${group}: [${topic}]: PART:${partition}:`, message.value.toString());
    },
  });
}

init().catch((error) => {
  console.error(error);
  process.exit(1);
});
