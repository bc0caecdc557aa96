package dev.ridehail.democli;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class DemoCliTests {

    @Nested
    class ProducerLines {

        @Test
        void shouldReadRiderAndZoneWhenLineIsAsInTheSourceNotes() {
            assertThat(ProducerLine.parse("tony south")).isEqualTo(new ProducerLine("tony", Zone.SOUTH));
            assertThat(ProducerLine.parse("  tony   NORTH ")).isEqualTo(new ProducerLine("tony", Zone.NORTH));
            assertThat(ProducerLine.parse("rider_7 center")).isEqualTo(new ProducerLine("rider_7", Zone.CENTRE));
        }

        static Stream<Arguments> invalidLines() {
            return Stream.of(Arguments.argumentSet("rider only", "tony"),
                    Arguments.argumentSet("three words", "tony south fast"),
                    Arguments.argumentSet("unknown zone", "tony downtown"),
                    Arguments.argumentSet("rider with a dot", "tony.stark south"),
                    Arguments.argumentSet("rider too long", "t".repeat(65) + " south"));
        }

        @ParameterizedTest
        @MethodSource("invalidLines")
        void shouldExplainWhenLineIsNotRiderAndZone(String line) {
            assertThatIllegalArgumentException().isThrownBy(() -> ProducerLine.parse(line))
                .withMessageMatching("(type: <rider> <zone>|unknown zone|rider must be).*");
        }
    }

    @Nested
    class Routes {

        @Test
        void shouldStartAtPickupEndAtDropoffAndBowInBetween() {
            Route route = new Route(Zone.SOUTH.lat(), Zone.SOUTH.lon(), Zone.NORTH.lat(), Zone.NORTH.lon());
            assertThat(route.at(0)).containsExactly(Zone.SOUTH.lat(), Zone.SOUTH.lon());
            assertThat(route.at(1)[0]).isCloseTo(Zone.NORTH.lat(), within(1e-9));
            assertThat(route.at(1)[1]).isCloseTo(Zone.NORTH.lon(), within(1e-9));
            double straight = Route.haversineMetres(Zone.SOUTH.lat(), Zone.SOUTH.lon(), Zone.NORTH.lat(),
                    Zone.NORTH.lon());
            double driven = 0;
            for (int i = 1; i <= 100; i++) {
                double[] a = route.at((i - 1) / 100.0);
                double[] b = route.at(i / 100.0);
                driven += Route.haversineMetres(a[0], a[1], b[0], b[1]);
            }
            // South (Jayanagar) to north (Hebbal) is about 12 km; the bowed road is a little longer.
            assertThat(straight).isBetween(11_000.0, 13_000.0);
            assertThat(driven).isGreaterThan(straight).isLessThan(straight * 1.1);
        }
    }

    @Nested
    class Options {

        @ParameterizedTest
        @ValueSource(strings = { "60s", "1m", "60", "60000ms" })
        void shouldReadDurationsInCommonUnits(String text) {
            assertThat(DemoCli.duration(text)).isEqualTo(Duration.ofSeconds(60));
        }

        @Test
        void shouldRejectUnknownOptionsAndEmptySimulations() {
            assertThatIllegalArgumentException().isThrownBy(() -> DemoCli.parseOptions(new String[] { "--bogus", "1" }));
            assertThatIllegalArgumentException()
                .isThrownBy(() -> DemoCli.parseOptions(new String[] { "--simulate", "0" }));
            assertThat(DemoCli.parseOptions(new String[] { "--simulate", "3", "--duration", "10s" }))
                .containsEntry("simulate", "3")
                .containsEntry("duration", "10s");
        }
    }
}
