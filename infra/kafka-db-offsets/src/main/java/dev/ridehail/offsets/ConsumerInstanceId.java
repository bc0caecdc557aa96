package dev.ridehail.offsets;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Names this process as an owner of partitions in the offsets table: host and pid, so two instances on one host (the
 * local stack, the fault suite) and two containers (compose sets HOSTNAME to the container id) never share a name.
 */
public final class ConsumerInstanceId {

    private ConsumerInstanceId() {
    }

    public static String current() {
        return hostName() + "-" + ProcessHandle.current().pid();
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException ex) {
            return "unknown-host";
        }
    }
}
