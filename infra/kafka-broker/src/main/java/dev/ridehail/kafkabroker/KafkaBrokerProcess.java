package dev.ridehail.kafkabroker;

import dev.ridehail.processes.ChildProcess;
import dev.ridehail.processes.Ports;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker in its own operating-system process ({@link KafkaBrokerMain}), for the local stack, the
 * benchmark and fault tests: start and wait until it answers, stop gracefully, kill -9, freeze and thaw
 * (SIGSTOP/SIGCONT), and restart on the same data directory and ports. Each node of a {@link KafkaCluster} is one of
 * these.
 *
 * <pre>{@code
 * try (KafkaBrokerProcess broker = KafkaBrokerProcess.onFreePorts(dataDir, logFile).start()) {
 *     String bootstrap = broker.bootstrapServers();
 *     broker.kill();
 *     broker.start(); // same data, same ports
 * }
 * }</pre>
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms128m", "-Xmx512m",
            "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1");

    private final BrokerSettings settings;

    private final Path logFile;

    private final String classpath;

    private final List<String> jvmOptions;

    private final Duration startTimeout;

    private final boolean reaper;

    private final ChildProcess process;

    private KafkaBrokerProcess(BrokerSettings settings, Path logFile, String classpath, List<String> jvmOptions,
            Duration startTimeout, boolean reaper) {
        this.settings = Objects.requireNonNull(settings);
        this.logFile = logFile.toAbsolutePath();
        this.classpath = classpath;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.startTimeout = startTimeout;
        this.reaper = reaper;
        List<String> arguments = new ArrayList<>(jvmOptions);
        arguments.addAll(List.of("-cp", classpath, KafkaBrokerMain.class.getName()));
        arguments.addAll(List.of("--host", settings.host(), "--port", Integer.toString(settings.port()),
                "--controller-port", Integer.toString(settings.controllerPort()), "--data-dir",
                settings.dataDir().toString(), "--partitions", Integer.toString(settings.partitions()), "--node-id",
                Integer.toString(settings.nodeId()), "--quorum-voters", settings.quorumVoters()));
        if (settings.clusterId() != null) {
            arguments.addAll(List.of("--cluster-id", settings.clusterId()));
        }
        settings.overrides().forEach((property, value) -> arguments.addAll(List.of("--set", property + "=" + value)));
        String name = settings.clusterSize() == 1 ? "Kafka broker" : "Kafka node " + settings.nodeId();
        ChildProcess child = ChildProcess.java(name, arguments, this.logFile)
            .inOwnSession()
            .withStopTimeout(STOP_TIMEOUT);
        // An orphaned broker would hold its ports and data directory after a test JVM exits.
        this.process = reaper ? child.stoppedOnJvmExit() : child;
    }

    /** A broker on the given settings, run with this JVM's own class path (which must hold this module). */
    public static KafkaBrokerProcess of(BrokerSettings settings, Path logFile) {
        return new KafkaBrokerProcess(settings, logFile, System.getProperty("java.class.path"), DEFAULT_JVM_OPTIONS,
                DEFAULT_START_TIMEOUT, true);
    }

    /** A broker on two free loopback ports picked now and kept for every restart. */
    public static KafkaBrokerProcess onFreePorts(Path dataDir, Path logFile) {
        int port = Ports.free();
        int controllerPort = Ports.free();
        while (controllerPort == port) {
            controllerPort = Ports.free();
        }
        return of(new BrokerSettings("127.0.0.1", port, controllerPort, dataDir, 6), logFile);
    }

    /** Same broker with one broker property set on top of the defaults (applies from the next start). */
    public KafkaBrokerProcess withBrokerProperty(String property, String value) {
        return new KafkaBrokerProcess(settings.with(property, value), logFile, classpath, jvmOptions, startTimeout,
                reaper);
    }

    /** Same broker, other JVM options (heap size, GC logging, ...). */
    public KafkaBrokerProcess withJvmOptions(List<String> options) {
        return new KafkaBrokerProcess(settings, logFile, classpath, options, startTimeout, reaper);
    }

    /** Same broker, launched from another class path (for example {@code target/kafka-broker.jar}). */
    public KafkaBrokerProcess withClasspath(String otherClasspath) {
        return new KafkaBrokerProcess(settings, logFile, otherClasspath, jvmOptions, startTimeout, reaper);
    }

    /**
     * Same broker without the JVM shutdown hook that stops it: for an owner (the local stack) that stops its
     * processes itself, in order, from its own hook. The hook is registered on first start.
     */
    public KafkaBrokerProcess withoutShutdownHook() {
        return new KafkaBrokerProcess(settings, logFile, classpath, jvmOptions, startTimeout, false);
    }

    /**
     * Launches the process and returns once the port accepts and the broker answers describeCluster. A node of a
     * cluster answers only once a majority of the quorum runs: the cluster launches all its nodes before it waits.
     */
    public synchronized KafkaBrokerProcess start() {
        launch();
        return awaitStarted();
    }

    /** Launches the process without waiting for it ({@link #awaitStarted()}). */
    synchronized void launch() {
        process.start();
    }

    /** Waits until the launched process answers; kills it when it does not in time. */
    synchronized KafkaBrokerProcess awaitStarted() {
        try {
            process.awaitReady("answering on " + bootstrapServers(), startTimeout, Duration.ofMillis(250),
                    () -> portAccepts() && answersDescribeCluster());
        }
        catch (IllegalStateException ex) {
            process.kill();
            throw ex;
        }
        return this;
    }

    /** SIGTERM and wait for a clean shutdown (SIGKILL if it takes longer than 30 s). */
    public synchronized void stop() {
        process.stop();
    }

    /** kill -9: no shutdown hook, no flush; what a power cut or OOM killer does. */
    public synchronized void kill() {
        process.kill();
    }

    /** SIGSTOP: the process stays alive and keeps its sockets open but answers nothing (a long GC pause). */
    public void pause() {
        process.pause();
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        process.resume();
    }

    /** Stops (gracefully if running) and starts again on the same data directory and ports. */
    public synchronized KafkaBrokerProcess restart() {
        stop();
        return start();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    public BrokerSettings settings() {
        return settings;
    }

    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        stop();
    }

    private boolean portAccepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(settings.host(), settings.port()), 500);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private boolean answersDescribeCluster() {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3000);
        try (Admin admin = Admin.create(config)) {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                .nodes()
                .get(4, TimeUnit.SECONDS)
                .isEmpty();
        }
        catch (Exception ex) {
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the Kafka broker", ex);
            }
            return false;
        }
    }
}
