package dev.ridehail.rider.position;

/** Why a record is dead-lettered: {@code code} goes to the dlt-reason header, {@code detail} to dlt-reason-detail. */
record Rejection(String code, String detail) {

    static final String NOT_JSON = "NOT_JSON";

    static final String UNKNOWN_SCHEMA_VERSION = "UNKNOWN_SCHEMA_VERSION";

    static final String INVALID_FIELD = "INVALID_FIELD";

    static final String RECORDED_AT_IN_FUTURE = "RECORDED_AT_IN_FUTURE";
}
