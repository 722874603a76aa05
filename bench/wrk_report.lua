-- wrk's summary as one JSON line, read by bench/loadgen.py. Latencies are in microseconds;
-- "status" counts responses that are neither 2xx nor 3xx.
done = function(summary, latency, requests)
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %.0f, ' ..
    '"p99_us": %.0f, "max_us": %.0f, "connect": %d, "read": %d, "write": %d, ' ..
    '"timeout": %d, "status": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99), latency.max,
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status))
end
