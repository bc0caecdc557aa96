package dev.ridehail.rider.registry;

import dev.ridehail.rider.RiderIntegrationTest;
import dev.ridehail.rider.RiderTestSupport;
import dev.ridehail.rider.RiderTestSupport.Response;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

@RiderIntegrationTest
class RiderRegistryTests {

    @Autowired
    RiderTestSupport.Api api;

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A plate no other test uses. */
    static String plate() {
        return "T " + unique().toUpperCase();
    }

    Response register(String riderId, String plate) {
        String id = riderId == null ? "" : "\"riderId\":\"" + riderId + "\",";
        return api.post("/api/v1/riders", """
                {%s"name":"Ada Rider","vehicleType":"SCOOTER","plate":"%s","phone":"+49 30 1234567"}
                """.formatted(id, plate));
    }

    @Nested
    class Register {

        @Test
        void shouldCreateRiderWithSuppliedIdWhenValid() {
            String riderId = "rider-" + unique();
            String plate = plate();

            Response response = register(riderId, plate);

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.header("Location")).endsWith("/api/v1/riders/" + riderId);
            JsonNode body = response.json();
            assertThat(body.path("riderId").asString()).isEqualTo(riderId);
            assertThat(body.path("plate").asString()).isEqualTo(plate);
            assertThat(body.path("vehicleType").asString()).isEqualTo("SCOOTER");
            assertThat(body.path("status").asString()).isEqualTo("OFFLINE");
            assertThat(api.get("/api/v1/riders/" + riderId).json().path("name").asString()).isEqualTo("Ada Rider");
        }

        @Test
        void shouldGenerateIdWhenNoneSupplied() {
            Response response = register(null, plate());

            assertThat(response.status()).isEqualTo(201);
            String riderId = response.json().path("riderId").asString();
            assertThat(UUID.fromString(riderId)).isNotNull();
            assertThat(api.get(response.header("Location").replaceFirst("^http://[^/]+", "")).status()).isEqualTo(200);
        }

        @Test
        void shouldAnswerConflictWhenPlateIsTakenInAnotherSpelling() {
            String plate = unique().toUpperCase();
            assertThat(register("rider-" + unique(), "B-" + plate).status()).isEqualTo(201);

            Response duplicate = register("rider-" + unique(), "b " + plate.toLowerCase());

            assertThat(duplicate.status()).isEqualTo(409);
            assertThat(duplicate.header("Content-Type")).startsWith("application/problem+json");
            assertThat(duplicate.json().path("detail").asString()).contains("plate");
        }

        @Test
        void shouldAnswerConflictWhenIdIsTaken() {
            String riderId = "rider-" + unique();
            assertThat(register(riderId, plate()).status()).isEqualTo(201);

            Response duplicate = register(riderId, plate());

            assertThat(duplicate.status()).isEqualTo(409);
            assertThat(duplicate.json().path("detail").asString()).contains(riderId);
        }

        // The shape rules (blank, pattern, enum, not JSON) are RiderControllerSliceTests'; this one is the service's.
        static Stream<Arguments> invalidRegistrations() {
            return Stream.of(
                    argumentSet("reserved rider id", "{\"riderId\":\"nearby\",\"name\":\"A\",\"vehicleType\":\"CAR\",\"plate\":\"X1\"}", "riderId"));
        }

        @ParameterizedTest
        @MethodSource("invalidRegistrations")
        void shouldAnswerBadRequestNamingTheFieldWhenInputIsInvalid(String body, String field) {
            Response response = api.post("/api/v1/riders", body);

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.json().path("errors").findValuesAsString("field")).isNotEmpty().containsOnly(field);
        }
    }

    @Nested
    class Find {

        @Test
        void shouldAnswerNotFoundProblemWhenRiderIsUnknown() {
            Response response = api.get("/api/v1/riders/nobody-" + unique());

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.json().path("title").asString()).isEqualTo("Rider not found");
        }
    }

    @Nested
    class ChangeStatus {

        @Test
        void shouldChangeStatusWhenValid() {
            String riderId = "rider-" + unique();
            register(riderId, plate());

            Response response = api.put("/api/v1/riders/" + riderId + "/status", "{\"status\":\"ON_TRIP\"}");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().path("status").asString()).isEqualTo("ON_TRIP");
            assertThat(api.get("/api/v1/riders/" + riderId).json().path("status").asString()).isEqualTo("ON_TRIP");
        }

        @Test
        void shouldAnswerNotFoundWhenRiderIsUnknown() {
            assertThat(api.put("/api/v1/riders/nobody-" + unique() + "/status", "{\"status\":\"AVAILABLE\"}").status())
                .isEqualTo(404);
        }
    }

    @Nested
    class List {

        @Test
        void shouldFilterByStatusAndPage() {
            String prefix = "list-" + unique();
            for (int i = 0; i < 3; i++) {
                register(prefix + "-" + i, plate());
                api.put("/api/v1/riders/" + prefix + "-" + i + "/status", "{\"status\":\"AVAILABLE\"}");
            }

            JsonNode firstPage = api.get("/api/v1/riders?status=AVAILABLE&page=0&size=2").json();
            JsonNode offline = api.get("/api/v1/riders?status=OFFLINE&size=100").json();

            assertThat(firstPage.path("items")).hasSize(2);
            assertThat(firstPage.path("size").asInt()).isEqualTo(2);
            assertThat(firstPage.path("totalElements").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(firstPage.path("items").findValuesAsString("status")).containsOnly("AVAILABLE");
            assertThat(offline.path("items").findValuesAsString("riderId")).noneMatch(id -> id.startsWith(prefix));
        }
    }
}
