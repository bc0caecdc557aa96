package dev.ridehail.problems;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ExpectationsTests {

    enum Status { AVAILABLE, OFFLINE }

    record Position(double lat, double lon) {
    }

    @Test
    void shouldSayEveryExpectationInPlainEnglishNeverWithAClassName() {
        assertThat(Expectations.of(int.class)).isEqualTo("must be an integer");
        assertThat(Expectations.of(Integer.class)).isEqualTo("must be an integer");
        assertThat(Expectations.of(Long.class)).isEqualTo("must be an integer");
        assertThat(Expectations.of(short.class)).isEqualTo("must be an integer");
        assertThat(Expectations.of(double.class)).isEqualTo("must be a number");
        assertThat(Expectations.of(Float.class)).isEqualTo("must be a number");
        assertThat(Expectations.of(BigDecimal.class)).isEqualTo("must be a number");
        assertThat(Expectations.of(Boolean.class)).isEqualTo("must be true or false");
        assertThat(Expectations.of(UUID.class)).isEqualTo("must be a UUID");
        assertThat(Expectations.of(Instant.class)).isEqualTo("must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        assertThat(Expectations.of(LocalDate.class)).isEqualTo("must be a date such as 2026-01-31");
        assertThat(Expectations.of(Duration.class)).isEqualTo("must be an ISO-8601 duration such as PT5M");
        assertThat(Expectations.of(String.class)).isEqualTo("must be a string");
        assertThat(Expectations.of(Status.class)).isEqualTo("must be one of [AVAILABLE, OFFLINE]");
        assertThat(Expectations.of(List.class)).isEqualTo("must be an array");
        assertThat(Expectations.of(double[].class)).isEqualTo("must be an array");
        assertThat(Expectations.of(Map.class)).isEqualTo("must be an object");
        assertThat(Expectations.of(Position.class)).isEqualTo("must be an object");
        assertThat(Expectations.of(java.net.URI.class)).isEqualTo("is not a valid value");
        assertThat(Expectations.of(null)).isEqualTo("is not a valid value");
    }

    @Test
    void shouldNeverNameAJavaTypeTheWayTheOldAnswersDid() {
        for (Class<?> type : List.of(Integer.class, Long.class, long.class, Instant.class, Double.class,
                double.class, Object.class, Status.class, Position.class)) {
            assertThat(Expectations.of(type)).doesNotContain(type.getSimpleName()).doesNotContain("a Integer");
        }
    }
}
