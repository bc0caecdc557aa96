package dev.ridehail.trip.trip;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HaversineTests {

    @Test
    void shouldMeasureOneDegreeOfLongitudeAtTheEquator() {
        // 2 * pi * 6371008.8 / 360
        assertThat(Haversine.metres(0, 0, 0, 1)).isCloseTo(111_195.08, within(0.01));
    }

    @Test
    void shouldMeasureBerlinToParisWithinAFewMetresOfTheReferenceValue() {
        // spherical distance, mean radius
        assertThat(Haversine.metres(52.5200, 13.4050, 48.8566, 2.3522)).isCloseTo(877_464, within(500.0));
    }

    @Test
    void shouldDownsampleEvenlyKeepingFirstAndLast() {
        List<double[]> points = java.util.stream.IntStream.range(0, 10).mapToObj(i -> new double[] { i, i }).toList();

        assertThat(TripService.downsample(points, 4)).extracting(p -> p[0]).containsExactly(0.0, 3.0, 6.0, 9.0);
        assertThat(TripService.downsample(points, 20)).hasSize(10);
    }
}
