"""A real server for the browser tests: the one FastAPI app with the web pages mounted, served by
uvicorn on a free loopback port, in its own process, with its own $CJKTRADE_HOME.

``python -m tests.e2e.webserver PORT`` serves; ``running(home)`` starts it and yields its base URL.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "browser tests issuer passphrase"
ISSUER = "e2e-issuer"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def create_issuer(home: Path, public_url: str) -> None:
    """An issuer with a signing key in ``home``, so that documents can be issued."""
    from cjktrade.services import documents

    settings = documents.Settings(home, public_url, kdf_log_n=12)  # a fast key derivation: test keys only
    documents.new_issuer(
        ISSUER, PASSPHRASE, display_name="E2E Chamber of Commerce", ws=documents.workspace(settings)
    )


@contextmanager
def running(home: Path, timeout: float = 90) -> Iterator[str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    create_issuer(home, base)
    env = {k: v for k, v in os.environ.items() if k != "CJKTRADE_DATABASE_URL"}
    env.update(CJKTRADE_HOME=str(home), CJKTRADE_PUBLIC_URL=base, CJKTRADE_KEY_PASSPHRASE=PASSPHRASE,
               CJKTRADE_RATE_LIMIT="100000", CJKTRADE_CACHE_DIR=os.environ.get("CJKTRADE_CACHE_DIR", str(REPO / ".cache")))  # fmt: skip
    log = (home / "server.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "tests.e2e.webserver", str(port)], cwd=REPO, env=env,
                               stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"the web server did not start: {(home / 'server.log').read_text()[-3000:]}"
                )
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def main() -> None:
    import uvicorn

    from cjktrade.api.app import create_app

    app = create_app()  # the web pages are mounted by create_app
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")


if __name__ == "__main__":
    main()
