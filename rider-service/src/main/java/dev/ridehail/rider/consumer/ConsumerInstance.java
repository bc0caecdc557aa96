package dev.ridehail.rider.consumer;

/** Who this consumer is: its group, its instance id ({@code <host>-<pid>}) and the topic it reads. */
record ConsumerInstance(String group, String instanceId, String topic) {
}
