"""/api/v1/scenarios: trade-policy scenarios by structural gravity."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from cjktrade.services import gravity

router = APIRouter(prefix="/scenarios", tags=["scenarios"])

MAX_DRAWS = 5000


class GravityScenarioCreate(BaseModel):
    """A structural gravity scenario: who joins the agreement, and the model's parameters."""

    agreement: list[str] = Field(
        default=["CHN", "JPN", "KOR"], min_length=2, description="Members (alpha-3, alpha-2 or names)."
    )
    sigma: float = Field(
        default=gravity.DEFAULT_SIGMA,
        gt=1,
        le=gravity.MAX_SIGMA,
        description="Elasticity of substitution (an assumption).",
    )
    reference_importer: str = Field(
        default=gravity.DEFAULT_REFERENCE_IMPORTER, description="Inward resistance normalised to 1."
    )
    draws: int = Field(
        default=0, ge=0, le=MAX_DRAWS, description="Monte Carlo draws for 95% intervals (0: none)."
    )
    seed: int = Field(default=gravity.DEFAULT_SEED, description="Seed of the draws.")
    formulation: Literal["full", "one-step"] = Field(
        default="full", description="full-endowment GE, or the peer gegravity's one-step formulation."
    )
    tariff_link: bool = Field(
        default=False,
        description="Cost change from the CN/JP/KR schedules' preference margins, not the pta coefficient.",
    )
    csv: str | None = Field(
        default=None,
        description="Your own data as CSV text (columns: exporter, importer, trade, Y, E, pta [, lndist, "
        "contiguity, common_language, international, year]); default the shipped 2006 sample.",
    )


@router.post(
    "/gravity", summary="What an agreement would do: PPML gravity + general-equilibrium counterfactual"
)
def create_gravity_scenario(body: GravityScenarioCreate) -> dict[str, Any]:
    return gravity.run_gravity(
        agreement=body.agreement,
        csv_text=body.csv,
        sigma=body.sigma,
        reference_importer=body.reference_importer,
        draws=body.draws,
        seed=body.seed,
        formulation=body.formulation,
        tariff_link=body.tariff_link,
    )
