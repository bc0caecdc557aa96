-- One location update per request, 1000 riders round-robin. recordedAt is the start of the run (valid for 24 h).
-- DELAY_MS (optional): pause per connection between requests, to offer a lower, steady rate.
local bodies = {}
local counter = 0
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
local now = os.date("!%Y-%m-%dT%H:%M:%SZ")

for i = 1, 1000 do
  bodies[i] = string.format(
    '{"riderId":"bench-%d","lat":%.6f,"lon":%.6f,"speedMps":7.5,"headingDeg":90,"accuracyM":4,"recordedAt":"%s"}',
    i, 52.5 + i / 10000, 13.4 + i / 10000, now)
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path, nil, bodies[(counter % 1000) + 1])
end

if delay_ms > 0 then
  delay = function() return delay_ms end
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.1f rate=%.0f non2xx=%d errors=%d p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000))
end
