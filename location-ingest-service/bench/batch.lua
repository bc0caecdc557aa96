-- Batches of 100 location updates (100 riders each, 5000 riders in all). Rates are reported per request;
-- multiply by 100 for updates/s. DELAY_MS as in single.lua.
local bodies = {}
local counter = 0
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
local now = os.date("!%Y-%m-%dT%H:%M:%SZ")

for b = 1, 50 do
  local items = {}
  for i = 1, 100 do
    local rider = (b - 1) * 100 + i
    items[i] = string.format('{"riderId":"bench-%d","lat":%.6f,"lon":%.6f,"speedMps":7.5,"recordedAt":"%s"}',
      rider, 52.5 + rider / 100000, 13.4 + rider / 100000, now)
  end
  bodies[b] = '{"updates":[' .. table.concat(items, ",") .. ']}'
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path, nil, bodies[(counter % 50) + 1])
end

if delay_ms > 0 then
  delay = function() return delay_ms end
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.1f rate=%.0f updates_per_s=%.0f non2xx=%d errors=%d p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    100 * summary.requests / (summary.duration / 1e6),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000))
end
