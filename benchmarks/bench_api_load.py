"""Throughput and p50/p99 latency of GET /api/v1/tariff/... and POST /api/v1/landed-cost under wrk
(64 connections on loopback), against a bare FastAPI JSON endpoint served with the same uvicorn
settings in the same run (the framework's limit); and the server's resident memory with all
reference data loaded. Needs wrk (apt-get install wrk).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

WORKERS = int(os.environ.get("BENCH_WORKERS", "1"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = 64
BARE_APP = """
from fastapi import FastAPI
app = FastAPI()

@app.get("/ping")
def ping() -> dict:
    return {"status": "ok", "service": "bare"}
"""
SHIPMENT = {"importer": "JP", "date": "2026-10-30", "incoterm": "CIF", "lines": [
    {"code": "6105.90.020", "origin": "CN", "proof_of_origin": True, "value": {"amount": "500000", "currency": "JPY"}}]}  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args: list[str], env: dict[str, str], url: str) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    for _ in range(300):
        try:
            httpx.get(url, timeout=1)
            return proc
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit(f"server did not start: {args}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=20)


def rss_mb(proc: subprocess.Popen[bytes]) -> float:
    """Resident memory of the server and its worker processes, in MB."""
    pids = [proc.pid] + [
        int(p)
        for p in subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    ]
    total = 0
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    return total / 1024


def wrk(url: str, script: str | None = None) -> dict[str, float]:
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", url]
    if script:
        args[1:1] = ["-s", script]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}

    def latency(label: str) -> float:
        match = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out)
        return float(match.group(1)) * unit[match.group(2)] if match else float("nan")

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": latency("50"),
        "p99": latency("99"),
        "non_2xx": float(errors.group(1)) if errors else 0.0,
    }


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    home = tempfile.mkdtemp()
    env = {**os.environ, "CJKTRADE_HOME": home, "CJKTRADE_RATE_LIMIT": "100000000"}
    env.pop("CJKTRADE_DATABASE_URL", None)
    bare_file = Path(home) / "bare_app.py"
    bare_file.write_text(BARE_APP)
    uvicorn = [
        sys.executable,
        "-m",
        "uvicorn",
        "--host",
        "127.0.0.1",
        "--workers",
        str(WORKERS),
        "--no-access-log",
        "--log-level",
        "warning",
    ]

    port = free_port()
    bare = start(
        [*uvicorn, "--app-dir", home, "--port", str(port), "bare_app:app"],
        env,
        f"http://127.0.0.1:{port}/ping",
    )
    wrk(f"http://127.0.0.1:{port}/ping")  # warm up
    limit = wrk(f"http://127.0.0.1:{port}/ping")
    stop(bare)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cli = str(Path(sys.executable).with_name("cjktrade"))
    ours = start(
        [cli, "serve", "--port", str(port), "--workers", str(WORKERS), "--no-access-log"],
        env,
        f"{base}/api/v1/data/status",
    )
    tariff_url = f"{base}/api/v1/tariff/6105.90.020?to=JP&from=CN"
    for path in ("/api/v1/tariff/6105.90.020?to=JP&from=CN", "/api/v1/tariff/8507602000?to=KR&from=CN",
                 "/api/v1/tariff/02013000?to=CN&from=KR", "/api/v1/hs/search?q=lithium", "/api/v1/origin/rules/8507.60"):  # fmt: skip
        for _ in range(WORKERS * 3):  # every worker loads the schedules, rules and index
            httpx.get(base + path, timeout=30).raise_for_status()
    lua = Path(home) / "post.lua"
    lua.write_text(
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = '
        + json.dumps(json.dumps(SHIPMENT))
        + "\n"
    )
    httpx.post(f"{base}/api/v1/landed-cost", json=SHIPMENT, timeout=30).raise_for_status()
    wrk(tariff_url)  # warm up
    tariff = wrk(tariff_url)
    landed = wrk(f"{base}/api/v1/landed-cost", str(lua))
    memory = rss_mb(ours)
    stop(ours)

    print(
        f"uvicorn, {WORKERS} worker(s), wrk -t2 -c{CONNECTIONS} -d{DURATION} on loopback, 2 cores shared with wrk"
    )
    for name, result in (
        ("bare FastAPI GET /ping (limit)", limit),
        ("GET /api/v1/tariff/6105.90.020", tariff),
        ("POST /api/v1/landed-cost", landed),
    ):
        share = result["rps"] / limit["rps"] * 100
        print(
            f"{name:<34} {result['rps']:>9,.0f} req/s ({share:5.1f}% of limit)  p50 {result['p50']:6.2f} ms  p99 {result['p99']:6.2f} ms  non-2xx {result['non_2xx']:.0f}"
        )
    print("targets: >= 50% of the limit and p99 < 50 ms at 64 connections")
    print(f"server resident memory with all reference data loaded: {memory:.0f} MB (target < 400 MB)")


if __name__ == "__main__":
    main()
