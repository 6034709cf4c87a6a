"""wrk (Debian's HTTP benchmarking tool) driven from the benchmarks: one Lua script that cycles
through a list of paths with ``Accept-Encoding: gzip`` and prints throughput, latency
percentiles, errors and the request count on one ``RESULT`` line (used by ``bench/api/run.py``
and ``bench/load/nginx.py``)."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile

LUA = """
paths = {%s}
i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Accept-Encoding"] = "gzip"})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%f %%f %%f %%d %%d\\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.timeout,
    summary.requests))
end
"""


def run_wrk(base: str, paths: list[str], duration: int, connections: int, warmup: int = 0) -> dict:
    """``wrk -t2 -c<connections> -d<duration>s`` against ``base`` (``http://host:port``), cycling
    through ``paths``; first a ``warmup``-second run whose figures are dropped, when given.

    Returns ``{"rps": requests/s, "p50_ms", "p95_ms": milliseconds, "errors": non-2xx/3xx
    answers + connect errors + timeouts, "requests": count}``. Raises
    ``subprocess.CalledProcessError`` when wrk fails, ``FileNotFoundError`` without wrk.
    """
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % ", ".join(json.dumps(p) for p in paths))

    def wrk(seconds: int) -> str:
        command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
        return subprocess.run(
            [*command, "-s", script.name, base], capture_output=True, text=True, check=True
        ).stdout

    try:
        if warmup:
            wrk(warmup)
        out = wrk(duration)
    finally:
        os.unlink(script.name)
    line = next(line for line in out.splitlines() if line.startswith("RESULT"))
    rps, p50, p95, errors, requests = line.split()[1:]
    return {
        "rps": round(float(rps), 1),
        "p50_ms": round(float(p50), 2),
        "p95_ms": round(float(p95), 2),
        "errors": int(errors),
        "requests": int(requests),
    }
