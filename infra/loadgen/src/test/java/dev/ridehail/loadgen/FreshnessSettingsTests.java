package dev.ridehail.loadgen;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FreshnessSettingsTests {

    private static FreshnessSettings settings(String... args) {
        return FreshnessSettings.fromOptions(FreshnessProbeMain.options(args));
    }

    @Nested
    class Defaults {

        @Test
        void shouldTargetTheLocalStackAndItsDemoIssuerWhenGivenNoOptions() {
            FreshnessSettings settings = settings();

            assertThat(settings.ingestUri()).isEqualTo(URI.create("http://127.0.0.1:8081"));
            assertThat(settings.tokenIssuer()).isEqualTo(URI.create("http://127.0.0.1:8081/demo"));
            assertThat(settings.riderUri()).isEqualTo(URI.create("http://127.0.0.1:8082"));
            assertThat(settings.tripUri()).isEqualTo(URI.create("http://127.0.0.1:8083"));
            assertThat(settings.samples()).isEqualTo(1000);
            assertThat(settings.warmup()).isEqualTo(50);
            assertThat(settings.sampleEvery()).isEqualTo(1);
            assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(10));
            assertThat(settings.deadline()).isEqualTo(Duration.ofSeconds(60));
            assertThat(settings.json()).isNull();
            assertThat(settings.progress()).isTrue();
        }

        @Test
        void shouldTakeTheIssuerOfAnotherIngestWhenOnlyTheIngestUrlIsGiven() {
            assertThat(settings("--ingest-url", "http://10.0.0.5:18081").tokenIssuer())
                .isEqualTo(URI.create("http://10.0.0.5:18081/demo"));
        }

        @ParameterizedTest(name = "rate {0}/s -> {1} riders")
        @CsvSource({ "1, 50", "5, 50", "25, 50", "26, 52", "100, 200", "0.5, 50", "30.2, 61" })
        void shouldSpreadTheUpdatesOverTwoRidersPerUpdatePerSecondAndAtLeastFifty(double rate, int riders) {
            assertThat(settings("--rate", Double.toString(rate)).riders()).isEqualTo(riders);
        }

        @Test
        void shouldKeepTheRidersGivenWhenTheRiderCountIsAnOption() {
            assertThat(settings("--rate", "100", "--riders", "20").riders()).isEqualTo(20);
        }
    }

    @Nested
    class Options {

        @Test
        void shouldReadEveryOptionInBothSpellings() {
            FreshnessSettings settings = settings("--rate=12.5", "--samples", "200", "--warmup=0", "--sample-every",
                    "4", "--poll-interval", "25ms", "--deadline", "2m", "--json", "out/f.json", "--quiet",
                    "--trip-url", "http://h:1", "--rider-url=http://h:2", "--token-issuer", "http://i/demo");

            assertThat(settings.rate()).isEqualTo(12.5);
            assertThat(settings.samples()).isEqualTo(200);
            assertThat(settings.warmup()).isZero();
            assertThat(settings.sampleEvery()).isEqualTo(4);
            assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(25));
            assertThat(settings.deadline()).isEqualTo(Duration.ofMinutes(2));
            assertThat(settings.json()).isEqualTo(Path.of("out/f.json"));
            assertThat(settings.progress()).isFalse();
            assertThat(settings.tripUri()).isEqualTo(URI.create("http://h:1"));
            assertThat(settings.riderUri()).isEqualTo(URI.create("http://h:2"));
            assertThat(settings.tokenIssuer()).isEqualTo(URI.create("http://i/demo"));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = { "--rate 0|--rate must be above 0", "--rate fast|--rate takes a number",
                "--samples 0|--samples must be at least 1", "--warmup -1|--warmup must be at least 0",
                "--sample-every 0|--sample-every must be at least 1", "--riders 2.5|--riders takes a whole number",
                "--poll-interval 0ms|--poll-interval and --deadline must be above 0",
                "--rates 5|Unknown option --rates", "--samples|Missing value for --samples",
                "5|Unexpected argument 5" })
        void shouldRefuseWithAMessageNamingTheOptionWhenAnArgumentIsWrong(String args, String message) {
            assertThatThrownBy(() -> settings(args.split(" "))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
        }
    }

    @Nested
    class Samples {

        @Test
        void shouldPostEverySamplesUpdateAndTheLoadBetweenThemWhenEveryKthIsASample() {
            FreshnessSettings settings = settings("--warmup", "2", "--samples", "3", "--sample-every", "4");

            assertThat(settings.posts()).isEqualTo(20);
            assertThat(settings.phaseOf(0)).isEqualTo(FreshnessPhase.WARM_UP);
            assertThat(settings.phaseOf(1)).isNull();
            assertThat(settings.phaseOf(4)).isEqualTo(FreshnessPhase.WARM_UP);
            assertThat(settings.phaseOf(7)).isNull();
            assertThat(settings.phaseOf(8)).isEqualTo(FreshnessPhase.MEASURED);
            assertThat(settings.phaseOf(16)).isEqualTo(FreshnessPhase.MEASURED);
        }

        @Test
        void shouldMakeEveryUpdateASampleWhenSampleEveryIsOne() {
            FreshnessSettings settings = settings("--warmup", "10", "--samples", "100");

            assertThat(settings.posts()).isEqualTo(110);
            assertThat(settings.phaseOf(9)).isEqualTo(FreshnessPhase.WARM_UP);
            assertThat(settings.phaseOf(10)).isEqualTo(FreshnessPhase.MEASURED);
            assertThat(settings.phaseOf(109)).isEqualTo(FreshnessPhase.MEASURED);
        }
    }
}
