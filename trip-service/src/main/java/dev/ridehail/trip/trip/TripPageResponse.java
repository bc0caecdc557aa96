package dev.ridehail.trip.trip;

import java.util.List;

/** One page of trips, newest first. {@code size} is the page size actually used (requests are capped). */
record TripPageResponse(List<TripResponse> content, int page, int size, long totalElements, int totalPages) {
}
