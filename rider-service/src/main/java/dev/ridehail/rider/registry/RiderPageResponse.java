package dev.ridehail.rider.registry;

import java.util.List;

record RiderPageResponse(List<RiderResponse> items, int page, int size, long totalElements, int totalPages) {
}
