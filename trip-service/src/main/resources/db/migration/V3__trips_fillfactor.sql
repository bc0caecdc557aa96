-- The batch writer updates each active trip's aggregates once per poll: hundreds of updates per trip per hour.
-- None of the updated columns is indexed, so with free space on the page PostgreSQL updates in place (HOT): no new
-- index entries and the dead versions pruned on the page. At the default fillfactor of 100 about a third of those
-- updates found no room and went to another page (docs/trip-service.md#benchmark).
ALTER TABLE trips SET (fillfactor = 70);
