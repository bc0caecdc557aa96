-- Batches of 100 location updates, each batch one rider's (a token writes only for its own rider): 50 riders,
-- bench-1 .. bench-50, round-robin. Rates are reported per request; multiply by 100 for updates/s.
-- TOKENS_FILE and DELAY_MS as in single.lua.
local bodies = {}
local headers = {}
local counter = 0
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
local now = os.date("!%Y-%m-%dT%H:%M:%SZ")
local riders = 50

local tokens = {}
local tokens_file = os.getenv("TOKENS_FILE") or ""
if tokens_file ~= "" then
  for line in io.lines(tokens_file) do tokens[#tokens + 1] = line end
  assert(#tokens >= riders, "TOKENS_FILE holds " .. #tokens .. " tokens, " .. riders .. " needed")
end

for b = 1, riders do
  local items = {}
  for i = 1, 100 do
    -- the rider's track: 100 fixes a little apart
    items[i] = string.format('{"riderId":"bench-%d","lat":%.6f,"lon":%.6f,"speedMps":7.5,"recordedAt":"%s"}',
      b, 52.5 + b / 1000 + i / 100000, 13.4 + b / 1000 + i / 100000, now)
  end
  bodies[b] = '{"updates":[' .. table.concat(items, ",") .. ']}'
  headers[b] = { ["Content-Type"] = "application/json" }
  if tokens[b] then headers[b]["Authorization"] = "Bearer " .. tokens[b] end
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  counter = counter + 1
  local b = (counter % riders) + 1
  return wrk.format(nil, wrk.path, headers[b], bodies[b])
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
