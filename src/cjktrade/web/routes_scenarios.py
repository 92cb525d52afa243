"""The trade-policy scenario page: a structural gravity counterfactual (e.g. a China–Japan–Korea FTA).

The run, with its Monte Carlo draws, happens in a background thread; the page shows its progress
(a ``<progress>`` bar that plain JavaScript refreshes from the status route, and a meta refresh when
JavaScript is off) and then the results: coefficients, the members' changes, the largest
third-country effects, and the welfare chart.
"""

from __future__ import annotations

import secrets
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from cjktrade.core.errors import CjktradeError, InvalidInputError, NotFoundError
from cjktrade.services import gravity
from cjktrade.web.forms import USER_ERRORS, field_errors
from cjktrade.web.rendering import page
from cjktrade.web.security import FormDep

router = APIRouter()

FIELDS = ("agreement", "sigma", "reference_importer", "draws")
MAX_DRAWS = 2000
MAX_RUNNING = 2
KEEP = 20
DEFAULTS = {
    "agreement": "CHN,JPN,KOR",
    "sigma": f"{gravity.DEFAULT_SIGMA:g}",
    "reference_importer": gravity.DEFAULT_REFERENCE_IMPORTER,
    "draws": "200",
}


@dataclass
class Job:
    id: str
    settings: dict[str, Any]
    total: int
    done: int = 0
    answer: dict[str, Any] | None = None
    error: str | None = None
    chart: bytes | None = None
    started: float = field(default_factory=time.monotonic)

    @property
    def finished(self) -> bool:
        return self.answer is not None or self.error is not None


_jobs: dict[str, Job] = {}
_lock = threading.Lock()


def _settings(form: FormDep) -> dict[str, Any]:
    values = {name: str(form.get(name) or DEFAULTS[name]).strip() for name in FIELDS}
    try:
        sigma = float(values["sigma"])
    except ValueError:
        raise InvalidInputError(f"sigma: {values['sigma']!r} is not a number.") from None
    if not 1 < sigma <= gravity.MAX_SIGMA:
        raise InvalidInputError(
            f"sigma: use an elasticity of substitution above 1 and at most {gravity.MAX_SIGMA:g} "
            f"(default {gravity.DEFAULT_SIGMA:g}, the gegravity documentation's example)."
        )
    if not values["draws"].isdigit() or int(values["draws"]) > MAX_DRAWS:
        raise InvalidInputError(f"draws: a whole number from 0 to {MAX_DRAWS}.")
    return {"agreement": values["agreement"], "sigma": sigma, "reference_importer": values["reference_importer"],
            "draws": int(values["draws"]), "tariff_link": form.get("tariff_link") == "on"}  # fmt: skip


def _run(job: Job) -> None:
    def progress(done: int, total: int) -> None:
        job.done, job.total = done, total

    try:
        answer = gravity.run_gravity(progress=progress, **job.settings)
        with tempfile.TemporaryDirectory() as folder:
            chart = Path(folder) / "welfare.png"
            gravity.write_charts(answer, chart)
            job.chart = chart.read_bytes()
        job.answer = answer
    except CjktradeError as error:
        job.error = str(error)


def _start(settings: dict[str, Any]) -> Job:
    with _lock:
        running = [j for j in _jobs.values() if not j.finished]
        if len(running) >= MAX_RUNNING:
            raise InvalidInputError("draws: other scenarios are running; try again in a minute.")
        for old in sorted(_jobs.values(), key=lambda j: j.started)[: max(0, len(_jobs) - KEEP)]:
            _jobs.pop(old.id, None)
        job = Job(secrets.token_urlsafe(12), settings, total=settings["draws"])
        _jobs[job.id] = job
    threading.Thread(target=_run, args=(job,), daemon=True, name=f"scenario-{job.id}").start()
    return job


def _job(job_id: str) -> Job:
    job = _jobs.get(job_id)
    if job is None:
        raise NotFoundError("this scenario run is not known (runs are kept for a while, then forgotten).")
    return job


@router.get("/scenarios/gravity")
def form(request: Request) -> Response:
    return page(request, "scenario.html", values=DEFAULTS, errors={}, job=None)


@router.post("/scenarios/gravity")
def start(request: Request, form: FormDep) -> Response:
    values = {name: str(form.get(name) or "") for name in FIELDS}
    try:
        job = _start(_settings(form))
    except USER_ERRORS as error:
        return page(
            request, "scenario.html", values=values, errors=field_errors(error, FIELDS), job=None, status=400
        )
    return Response(status_code=303, headers={"Location": f"/scenarios/gravity/{job.id}"})


@router.get("/scenarios/gravity/{job_id}")
def show(request: Request, job_id: str) -> Response:
    job = _job(job_id)
    values = {k: str(v) for k, v in job.settings.items()}
    return page(request, "scenario.html", values=values, errors={}, job=job)


@router.get("/scenarios/gravity/{job_id}/status")
def status(job_id: str) -> Response:
    job = _job(job_id)
    return JSONResponse({"done": job.done, "total": job.total, "finished": job.finished, "error": job.error})


@router.get("/scenarios/gravity/{job_id}/welfare.png")
def chart(job_id: str) -> Response:
    job = _job(job_id)
    if job.chart is None:
        raise NotFoundError("the chart is not ready yet.")
    return Response(job.chart, media_type="image/png")
