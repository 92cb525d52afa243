"""The RCEP country of origin (Art. 2.6): the Party where an originating good gained origin.

Where an importing Party's schedule differs by partner (Japan's RCEP columns for China, Korea and
ASEAN/Australia/NZ; China's and Korea's per-partner RCEP rates), the preferential rate depends on
the good's RCEP country of origin. The good gains origin where it was produced; when originating
materials of *other* Parties were counted by accumulation, Art. 2.6 looks further at what was done
in the producing Party (a minimal-operations test and a value-added test). Their wording and
thresholds are not encoded here, so the verdict gives the figures those tests need and says which
facts to confirm — it never guesses a threshold.
"""

from __future__ import annotations

from cjktrade.core.money import Money
from cjktrade.origin.bom import BillOfMaterials
from cjktrade.origin.eval_context import EvalContext
from cjktrade.origin.eval_figures import percent, percent_text
from cjktrade.origin.eval_materials import MaterialStanding, total
from cjktrade.origin.verdict import CountryOfOrigin


def _made_in(standing: MaterialStanding) -> str | None:
    material = standing.material
    if material.sub_bom is not None:
        return material.sub_bom.product.producer_country
    return material.origin_country


def rcep_country_of_origin(
    bom: BillOfMaterials, standings: tuple[MaterialStanding, ...], ctx: EvalContext
) -> CountryOfOrigin:
    producer = bom.product.producer_country
    counted = [s for s in standings if s.standing != "disregarded"]
    contributions: dict[str, Money] = {}
    for standing in counted:
        party = _made_in(standing)
        if standing.standing == "originating" and party is not None:
            contributions[party] = contributions.get(party, Money(0, bom.currency)) + standing.material.value
    fob = bom.product.fob
    value_added = fob - total((s.material.value for s in counted), bom.currency)
    ordered = tuple(sorted(contributions.items()))
    others = [(party, value) for party, value in ordered if party != producer]
    article = ctx.cite("country-of-origin")
    basis = f"{article}: the good gained origin in {producer}, where it was produced"
    if not others:
        return CountryOfOrigin(
            producer, basis + "; no originating material of another Party was counted", value_added, ordered
        )
    listed = ", ".join(f"{party} {value}" for party, value in others)
    needs = (
        f"{article} minimal-operations test: confirm that the operations in {producer} go beyond the minimal "
        f"operations Art. 2.6 lists (its list is not encoded here); originating materials of other Parties "
        f"were used ({listed})",
        f"{article} value-added test, where the importing Party ({ctx.importer}) applies it: value added in "
        f"{producer} = FOB {fob.amount} − materials {(fob - value_added).amount} = {value_added} "
        f"({percent_text(percent(value_added.amount, fob.amount))}% of FOB); check it against the threshold "
        "of Art. 2.6 (not encoded here)",
    )
    return CountryOfOrigin(producer, basis, value_added, ordered, needs)
