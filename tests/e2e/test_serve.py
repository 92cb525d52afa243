"""`cjktrade serve` as a real process on loopback, answered over HTTP."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = free_port()
    cli = str(Path(sys.executable).with_name("cjktrade"))
    proc = subprocess.Popen(
        [cli, "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=os.environ.copy(),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/api/v1/openapi.json", timeout=1)
            break
        except httpx.TransportError:
            if proc.poll() is not None:
                pytest.fail(proc.stdout.read().decode())
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("server did not start within 60 s")
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def test_serve_answers_hs_854231_with_three_languages_and_lines(server):
    body = httpx.get(f"{server}/api/v1/hs/854231", timeout=10).json()
    assert {"en", "ja", "ko"} <= set(body["descriptions"])
    assert body["national_lines"]["JP"] and body["national_lines"]["KR"]


def test_serve_bad_code_is_problem_json(server):
    response = httpx.get(f"{server}/api/v1/hs/85423", timeout=10)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
