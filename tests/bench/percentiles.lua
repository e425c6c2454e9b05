-- wrk prints p50/p75/p90/p99 only; this adds the exact p50/p95/p99 (microseconds) on one line.
done = function(summary, latency, requests)
  io.write(string.format("PERCENTILES %d %d %d\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
