-- One location update per request, 1000 riders round-robin. recordedAt is the start of the run (valid for 24 h).
-- TOKENS_FILE (optional): one bearer token per line, line i for rider bench-i; each request then carries its rider's
-- token, as a rider's app would (lib.sh's fetch_tokens writes it). Without it no Authorization header is sent (the
-- SECURITY=off comparison).
-- DELAY_MS (optional): pause per connection between requests, to offer a lower, steady rate.
local bodies = {}
local headers = {}
local counter = 0
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
local now = os.date("!%Y-%m-%dT%H:%M:%SZ")
local riders = 1000

local tokens = {}
local tokens_file = os.getenv("TOKENS_FILE") or ""
if tokens_file ~= "" then
  for line in io.lines(tokens_file) do tokens[#tokens + 1] = line end
  assert(#tokens >= riders, "TOKENS_FILE holds " .. #tokens .. " tokens, " .. riders .. " needed")
end

for i = 1, riders do
  bodies[i] = string.format(
    '{"riderId":"bench-%d","lat":%.6f,"lon":%.6f,"speedMps":7.5,"headingDeg":90,"accuracyM":4,"recordedAt":"%s"}',
    i, 52.5 + i / 10000, 13.4 + i / 10000, now)
  headers[i] = { ["Content-Type"] = "application/json" }
  if tokens[i] then headers[i]["Authorization"] = "Bearer " .. tokens[i] end
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  counter = counter + 1
  local i = (counter % riders) + 1
  return wrk.format(nil, wrk.path, headers[i], bodies[i])
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
