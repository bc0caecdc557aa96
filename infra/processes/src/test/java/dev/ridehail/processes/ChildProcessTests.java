package dev.ridehail.processes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Timeout(60)
class ChildProcessTests {

    @TempDir
    Path dir;

    @Test
    void shouldBeReadyWhenThePredicateHoldsAndStopGracefully() throws Exception {
        Path marker = dir.resolve("marker");
        ChildProcess child = shell("ready", "trap 'echo got TERM; exit 0' TERM; touch " + marker
                + "; while true; do sleep 0.1; done");

        child.start().awaitReady("ready", Duration.ofSeconds(10), Duration.ofMillis(50), () -> Files.exists(marker));
        child.stop();

        assertThat(child.isAlive()).isFalse();
        assertThat(child.exitValue()).isZero();
        assertThat(Files.readString(child.logFile())).contains("got TERM");
    }

    @Test
    void shouldNameTheLastLogLinesWhenTheProcessExitsBeforeItIsReady() {
        ChildProcess child = shell("early-exit", "echo line one; echo the real reason; exit 3");

        assertThatThrownBy(() -> child.start()
            .awaitReady("healthy", Duration.ofSeconds(10), Duration.ofMillis(50), () -> false))
            .hasMessageContaining("early-exit exited with status 3 before it was healthy")
            .hasMessageContaining("the real reason");
    }

    @Test
    void shouldFailWithTheLogTailWhenNotReadyInTime() {
        ChildProcess child = shell("slow", "echo still starting; sleep 30");
        try {
            assertThatThrownBy(() -> child.start()
                .awaitReady("healthy", Duration.ofMillis(500), Duration.ofMillis(50), () -> false))
                .hasMessageContaining("slow was not healthy within PT0.5S")
                .hasMessageContaining("still starting");
            assertThat(child.isAlive()).isTrue();
        }
        finally {
            child.kill();
        }
    }

    @Test
    void shouldKillAProcessThatIgnoresTermAfterTheStopTimeout() {
        Path marker = dir.resolve("marker");
        ChildProcess child = shell("stubborn", "trap '' TERM; touch " + marker + "; while true; do sleep 0.1; done")
            .withStopTimeout(Duration.ofSeconds(1));
        child.start().awaitReady("ready", Duration.ofSeconds(10), Duration.ofMillis(50), () -> Files.exists(marker));

        child.stop();

        assertThat(child.isAlive()).isFalse();
        assertThat(child.exitValue()).isEqualTo(128 + 9);
    }

    @Test
    void shouldFreezeAndThawAndKillAndStartAgain() throws Exception {
        Path ticks = dir.resolve("ticks");
        ChildProcess child = shell("ticker", "while true; do echo tick >> " + ticks + "; sleep 0.05; done")
            .inOwnSession()
            .withEnvironment(Map.of("UNUSED", "x"));
        child.start().awaitReady("ticking", Duration.ofSeconds(10), Duration.ofMillis(50), () -> Files.exists(ticks));
        long firstPid = child.pid();
        assertThat(Signals.owns(firstPid)).isTrue();

        child.pause();
        Thread.sleep(300); // let a write in flight land
        long frozen = Files.size(ticks);
        Thread.sleep(500);
        assertThat(Files.size(ticks)).isEqualTo(frozen);
        assertThat(child.isAlive()).isTrue();

        child.resume();
        Thread.sleep(500);
        assertThat(Files.size(ticks)).isGreaterThan(frozen);

        child.kill();
        assertThat(child.isAlive()).isFalse();
        assertThat(child.exitValue()).isEqualTo(128 + 9);
        await().atMost(Duration.ofSeconds(5)).until(() -> !Signals.owns(firstPid));

        child.start();
        assertThat(child.pid()).isNotEqualTo(firstPid);
        assertThat(child.isAlive()).isTrue();
        child.stop();
    }

    @Test
    void shouldRefuseToStartTwice() {
        ChildProcess child = shell("twice", "sleep 30");
        try {
            child.start();
            assertThatThrownBy(child::start).hasMessageContaining("twice is already running");
        }
        finally {
            child.kill();
        }
    }

    @Test
    void shouldRunAJvmWithThisJvmsJava() {
        ChildProcess child = ChildProcess.java("jvm", List.of("-version"), dir.resolve("jvm.log"));
        child.start();
        assertThat(child.waitForExit(Duration.ofSeconds(30))).isTrue();
        assertThat(child.exitValue()).isZero();
        assertThat(child.logTail(5)).contains(Runtime.version().feature() + "");
    }

    @Test
    void shouldRefuseToSignalAProcessItDidNotStart() {
        assertThatThrownBy(() -> Signals.send(1, Signals.Signal.KILL)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("Refusing to signal pid 1");
    }

    private ChildProcess shell(String name, String script) {
        return ChildProcess.command(name, List.of("sh", "-c", script), dir.resolve(name + ".log"));
    }
}
