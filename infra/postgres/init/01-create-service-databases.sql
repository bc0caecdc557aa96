-- One database per service (trip-service -> trip, rider-service -> rider).
-- Run once by the postgres image from /docker-entrypoint-initdb.d on an empty data volume, and read by the
-- local stack (infra/local-stack), which creates whichever of these databases is missing.
CREATE DATABASE trip;
CREATE DATABASE rider;
