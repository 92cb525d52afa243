"""The landed-cost computation, in Decimal, in the order the law prescribes:

1. each line's value in the importer's currency (at the stated or ECB rate of the date);
2. the customs value (CIF: freight and insurance added per the Incoterm, shared pro rata by value,
   the last line taking the remainder so the shares add up exactly);
3. the duty from the tariff engine (best regime the proof held allows, or a forced regime);
4. China's consumption tax (grossed up) where the product is subject to it;
5. VAT / consumption tax on its base (JP: customs value + duty, per declaration; CN: customs value
   + duty + consumption tax; KR: customs value + duty);
6. shipment-level rules: Japan's ¥10,000 exemption, Korea's list clearance, China's CBEC limits;
7. rounding at each step, per country.
Every step records its figure, its source, and whether that source is verified.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from cjktrade.core.errors import InvalidInputError
from cjktrade.core.money import Money, money_json
from cjktrade.landed_cost.model import INCOTERMS_NEED_BOTH, INCOTERMS_NEED_INSURANCE, Shipment, ShipmentLine
from cjktrade.landed_cost.regimes import CountryRegime, Rule, ratio


@dataclass(frozen=True, slots=True)
class DutyDecision:
    candidate_id: str
    label: str
    regime: str
    expression: str
    duty: Money  # unrounded, in the importer's currency
    source: str
    conditions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    scenario: bool = False


# (line, customs value, quantities, claim a preference?, date) -> the decision
DutyOracle = Callable[[ShipmentLine, Money, Mapping[str, Decimal], bool, date], DutyDecision]
# (amount, target currency, date) -> (converted amount, record of the rate used)
FxOracle = Callable[[Money, str, date], tuple[Money, dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Step:
    step: str
    text: str
    line: int | None = None
    amount: Money | None = None
    source: str = ""
    verified: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "line": self.line,
            "text": self.text,
            "amount": money_json(self.amount),
            "source": self.source,
            "verified": self.verified,
        }


@dataclass
class LineFigures:
    index: int
    line: ShipmentLine
    value: Money
    customs_value: Money = field(init=False)
    duty: Money = field(init=False)
    decision: DutyDecision | None = None
    line_level: tuple[Money, Money, Money, DutyDecision | None] | None = None
    excise: Money = field(init=False)  # China's consumption tax (消费税)
    vat: Money = field(init=False)  # VAT: JP 消費税 (national + local), CN 增值税, KR 부가가치세

    def __post_init__(self) -> None:
        zero = Money(0, self.value.currency)
        self.customs_value = self.duty = self.excise = self.vat = zero

    def taxes(self) -> Money:
        return self.duty + self.excise + self.vat

    def as_dict(self) -> dict[str, Any]:
        d = self.decision
        return {
            "line": self.index,
            "code": self.line.code,
            "description": self.line.description,
            "origin": self.line.origin,
            "value": money_json(self.value),
            "customs_value": money_json(self.customs_value),
            "duty": money_json(self.duty),
            "duty_regime": None if d is None else {"id": d.candidate_id, "label": d.label, "regime": d.regime,
                                                    "expression": d.expression, "source": d.source,
                                                    "scenario": d.scenario, "conditions": list(d.conditions)},
            "excise": money_json(self.excise),
            "vat": money_json(self.vat),
            "taxes": money_json(self.taxes()),
        }  # fmt: skip


@dataclass
class Computation:
    lines: list[LineFigures]
    steps: list[Step]
    currency: str
    country: str = ""
    jp_consumption_tax: dict[str, Money] = field(default_factory=dict)
    outcome: list[str] = field(default_factory=list)

    def total(self, attribute: str) -> Money:
        # Summing the Decimals and making one Money is much cheaper than adding Money by Money;
        # every figure here is already in the importer's currency.
        return Money(sum((getattr(f, attribute).amount for f in self.lines), Decimal(0)), self.currency)

    def totals(self) -> dict[str, Money]:
        out = {name: self.total(name) for name in ("customs_value", "duty", "excise", "vat")}
        out["taxes"] = out["duty"] + out["excise"] + out["vat"]
        out["landed_cost"] = out["customs_value"] + out["taxes"]
        return out


@dataclass(frozen=True)
class LandedCostQuote:
    shipment: Shipment
    declared: Computation
    best_agreement: Computation | str  # the run, or why it could not be made
    mfn_only: Computation | str
    display: dict[str, Any] | None
    conversions: list[dict[str, Any]]
    data_versions: Mapping[str, str]

    def as_dict(self) -> dict[str, Any]:
        totals = self.declared.totals()
        unverified = sorted({s.source for s in self.declared.steps if not s.verified and s.source})
        return {
            "importer": self.declared.currency and self.shipment.importer,
            "currency": self.declared.currency,
            "date": self.shipment.date.isoformat(),
            "channel": self.shipment.channel,
            "importer_type": self.shipment.importer_type,
            "lines": [figures.as_dict() for figures in self.declared.lines],
            "totals": {k: money_json(v) for k, v in totals.items()},
            "tax_labels": TAX_LABELS.get(self.declared.country, {}),
            "japan_consumption_tax": {k: money_json(v) for k, v in self.declared.jp_consumption_tax.items()},
            "outcome": self.declared.outcome,
            "display": self.display,
            "comparison": self._comparison(),
            "explanation": [s.as_dict() for s in self.declared.steps],
            "unverified_sources_used": unverified,
            "currency_conversions": self.conversions,
            "data_versions": dict(self.data_versions),
        }

    def _comparison(self) -> dict[str, Any]:
        note = "taxes and duties if every line claimed its best eligible agreement (proof of origin held) against none claimed"
        if isinstance(self.best_agreement, str) or isinstance(self.mfn_only, str):
            why = self.best_agreement if isinstance(self.best_agreement, str) else self.mfn_only
            return {"with_best_agreement": None, "mfn_only": None, "preference_saves": None, "note": note,
                    "not_computed": f"the comparison could not be made: {why}"}  # fmt: skip
        best, mfn = self.best_agreement.totals()["taxes"], self.mfn_only.totals()["taxes"]
        return {
            "with_best_agreement": money_json(best),
            "mfn_only": money_json(mfn),
            "preference_saves": money_json(mfn - best),
            "note": note,
        }


TAX_LABELS = {
    "JP": {"vat": "consumption tax (消費税: national + local; rates and sources in the steps)", "excise": "not modelled (liquor, tobacco taxes)"},
    "CN": {"vat": "import VAT (增值税)", "excise": "consumption tax (消费税)"},
    "KR": {"vat": "VAT (부가가치세)", "excise": "not modelled (개별소비세, 주세)"},
}  # fmt: skip


# --- the public entry point ------------------------------------------------------------------------


def quote(
    shipment: Shipment,
    regime: CountryRegime,
    *,
    duty: DutyOracle,
    fx: FxOracle,
    data_versions: Mapping[str, str] | None = None,
) -> LandedCostQuote:
    conversions: list[dict[str, Any]] = []

    def convert(amount: Money, target: str) -> Money:
        if amount.currency == target:
            return amount
        converted, record = fx(amount, target, shipment.date)
        if record not in conversions:
            conversions.append(record)
        return converted

    declared = _compute(shipment, regime, duty, convert, claim="declared")
    # The comparison is extra: when a run needs a choice the declared one did not (an MFN quota,
    # say), the quote still stands and the comparison says why it is missing.
    comparisons: dict[str, Computation | str] = {}
    for claim in ("all", "none"):
        try:
            comparisons[claim] = _compute(shipment, regime, duty, convert, claim=claim, base=declared)
        except InvalidInputError as error:
            comparisons[claim] = error.message
    best, mfn = comparisons["all"], comparisons["none"]
    display = None
    if shipment.display_currency and shipment.display_currency != regime.currency:
        totals = declared.totals()
        display = {
            "currency": shipment.display_currency,
            # Shown to the buyer in their currency's minor unit; the importer's figures stay exact.
            "totals": {
                k: money_json(convert(v, shipment.display_currency).rounded()) for k, v in totals.items()
            },
        }
    return LandedCostQuote(shipment, declared, best, mfn, display, conversions, data_versions or {})


# --- one computation -------------------------------------------------------------------------------


def _compute(
    shipment: Shipment,
    regime: CountryRegime,
    duty: DutyOracle,
    convert: Callable[[Money, str], Money],
    claim: str,
    base: Computation | None = None,
) -> Computation:
    """One run of the computation. The comparison runs (``base`` given) reuse the declared run's
    customs values, and its line figures wherever the line's claim is the same in both runs."""
    cur = regime.currency
    steps: list[Step] = [] if claim == "declared" else _Quiet()
    if base is None:
        lines = [
            LineFigures(i, line, convert(line.value.money(), cur)) for i, line in enumerate(shipment.lines)
        ]
        for figures in lines:
            if _recording(steps):
                text = (
                    f"line value {figures.line.value.amount} {figures.line.value.currency} = {figures.value}"
                )
                steps.append(Step("value", text, figures.index, figures.value))
            _personal_use_value(shipment, regime, figures, steps)
        _customs_values(shipment, regime, lines, convert, steps)
    else:
        lines = [LineFigures(old.index, old.line, old.value) for old in base.lines]
        for figures, previous in zip(lines, base.lines, strict=True):
            figures.customs_value = previous.customs_value
    cbec_share = _cn_cbec(shipment, regime, lines, steps) if regime.country == "CN" else None
    for position, figures in enumerate(lines):
        old = base.lines[position] if base is not None else None
        if old is not None and old.line_level is not None and _same_claim(figures.line, claim):
            figures.duty, figures.excise, figures.vat, figures.decision = old.line_level
            figures.line_level = old.line_level
            continue
        _duty(shipment, regime, figures, duty, claim, steps)
        if cbec_share is not None:
            figures.duty = Money(0, cur)
            if _recording(steps):
                steps.append(
                    _rule_step("cbec", "CBEC: duty 0%", regime.rule("cbec"), figures.index, figures.duty)
                )
        if regime.country == "CN":
            _cn_taxes(regime, figures, steps, cbec_share)
        elif regime.country == "KR":
            _kr_vat(regime, figures, steps)
        # Kept before the shipment-level rules change them (exemptions, Japan's shared consumption tax).
        figures.line_level = (figures.duty, figures.excise, figures.vat, figures.decision)
    computation = Computation(lines, steps, cur, regime.country)
    computation.outcome.extend(s.text for s in steps if s.step == "cbec" and s.line is None)
    if regime.country == "JP":
        _jp_consumption_tax(regime, computation)
        _jp_de_minimis(regime, computation)
    elif regime.country == "KR":
        _kr_list_clearance(shipment, regime, computation, convert)
    return computation


def _same_claim(line: ShipmentLine, claim: str) -> bool:
    """Whether the line claims the same regime in this comparison run as declared."""
    if line.regime:
        return True  # a forced regime is used in every run
    return line.proof_of_origin if claim == "all" else not line.proof_of_origin


class _Quiet(list[Step]):
    """A step list for the comparison runs, whose explanation nobody reads: nothing is recorded."""


def _recording(steps: list[Step]) -> bool:
    # Building a step formats money into text; the comparison runs skip that work.
    return not isinstance(steps, _Quiet)


def _rule_step(
    step: str, text: str, rule: Rule | None, line: int | None = None, amount: Money | None = None
) -> Step:
    return Step(step, text, line, amount, rule.source if rule else "", rule.verified if rule else True)


def _round(regime: CountryRegime, step: str, amount: Money, steps: list[Step], line: int | None) -> Money:
    rounded, rule = regime.round(step, amount.amount)
    if rule is None:
        return amount
    result = Money(rounded, amount.currency)
    if _recording(steps):
        change = f"{amount} → {result}" if rounded != amount.amount else f"{result} (unchanged)"
        steps.append(
            _rule_step(
                "rounding", f"{step}: {change} ({rule.get('rule')} to {rule.get('unit')})", rule, line, result
            )
        )
    return result


def _personal_use_value(
    shipment: Shipment, regime: CountryRegime, figures: LineFigures, steps: list[Step]
) -> None:
    if not figures.line.retail_price:
        return
    rule = regime.rule("personal_use_value_share")
    if shipment.importer_type != "individual" or rule is None:
        raise InvalidInputError(
            f"lines[{figures.index}].retail_price: a retail-price basis applies only to individuals importing into Japan."
        )
    share = rule.decimal("value")
    figures.value = figures.value * share
    if _recording(steps):
        steps.append(
            _rule_step(
                "value",
                f"personal use: {share} × overseas retail price = {figures.value}",
                rule,
                figures.index,
                figures.value,
            )
        )


def _customs_values(
    shipment: Shipment,
    regime: CountryRegime,
    lines: list[LineFigures],
    convert: Callable[[Money, str], Money],
    steps: list[Step],
) -> None:
    basis = regime.rule("customs_value_basis")
    term = shipment.incoterm
    extra = Money(0, regime.currency)
    needed = (
        ["freight", "insurance"]
        if term in INCOTERMS_NEED_BOTH
        else ["insurance"]
        if term in INCOTERMS_NEED_INSURANCE
        else []
    )
    for name in needed:
        amount = getattr(shipment, name)
        if amount is None:
            raise InvalidInputError(
                f"{name}: the Incoterm {term} needs {' and '.join(needed)} to reach the CIF customs value."
            )
        converted = convert(amount.money(), regime.currency)
        extra = extra + converted
        if _recording(steps):
            steps.append(
                _rule_step(
                    "customs_value",
                    f"{name} {amount.amount} {amount.currency} = {converted} added ({term} → CIF)",
                    basis,
                    None,
                    converted,
                )
            )
    total_value = sum((f.value.amount for f in lines), Decimal(0))
    allocated = Decimal(0)
    for position, figures in enumerate(lines):
        if position == len(lines) - 1:
            share = extra.amount - allocated  # the last line takes the remainder: shares add up exactly
        else:
            share = extra.amount * figures.value.amount / total_value if total_value else Decimal(0)
            allocated += share
        figures.customs_value = figures.value + Money(share, regime.currency)
        if _recording(steps):
            steps.append(
                _rule_step(
                    "customs_value",
                    f"customs value ({basis.get('value') if basis else 'CIF'}) = {figures.customs_value}",
                    basis,
                    figures.index,
                    figures.customs_value,
                )
            )


def _quantities(line: ShipmentLine, index: int) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    if line.quantity is not None:
        if not line.unit:
            raise InvalidInputError(
                f"lines[{index}].unit: a quantity needs its unit (kg, l, pair, piece, …)."
            )
        out[line.unit] = line.quantity
    if line.weight_kg is not None:
        out.setdefault("kg", line.weight_kg)
    return out


def _duty(
    shipment: Shipment,
    regime: CountryRegime,
    figures: LineFigures,
    oracle: DutyOracle,
    claim: str,
    steps: list[Step],
) -> None:
    line = figures.line
    base = _round(regime, "duty_base", figures.customs_value, steps, figures.index)
    prefer = line.proof_of_origin if claim == "declared" else claim == "all"
    try:
        decision = oracle(line, base, _quantities(line, figures.index), prefer, shipment.date)
    except InvalidInputError as error:
        raise InvalidInputError(
            f"lines[{figures.index}] ({line.code}): {error.message}", hint=error.hint
        ) from None
    figures.decision = decision
    if _recording(steps):
        steps.append(Step("duty", f"{decision.label}: {decision.expression} on {base} = {decision.duty}", figures.index, decision.duty,
                          decision.source, not decision.scenario))  # fmt: skip
    figures.duty = _round(regime, "duty", decision.duty, steps, figures.index)


def _cn_taxes(
    regime: CountryRegime, figures: LineFigures, steps: list[Step], cbec_share: Decimal | None
) -> None:
    """Consumption tax grossed up on (customs value + duty), then VAT on all three; under CBEC
    within limits both are charged at ``cbec_share`` of the statutory amount (duty being 0%)."""
    line, index = figures.line, figures.index
    ct_rule, listed = regime.rule("consumption_tax"), regime.rule("consumption_tax_chapters")
    share = cbec_share if cbec_share is not None else Decimal(1)
    shown = "" if cbec_share is None else f" × {cbec_share} (CBEC)"
    rate = line.consumption_tax_rate
    if rate is None:
        prefixes = tuple(listed.get("prefixes") or ()) if listed else ()
        if line.code.startswith(prefixes):
            raise InvalidInputError(
                f"lines[{index}].consumption_tax_rate: {line.code} may be subject to China's consumption tax "
                "(its rate is not in the loaded data); state the rate in percent, 0 if the product is not subject."
            )
        if _recording(steps):
            steps.append(
                _rule_step(
                    "consumption_tax",
                    "not among the consumption-tax categories: none charged (list unverified; state consumption_tax_rate to override)",
                    listed,
                    index,
                )
            )
        rate = Decimal(0)
    statutory_ct = Decimal(0)
    if rate:
        t = rate / 100
        statutory_ct = (figures.customs_value.amount + figures.duty.amount) / (1 - t) * t
        figures.excise = _round(regime, "tax", Money(statutory_ct * share, regime.currency), steps, index)
        if _recording(steps):
            steps.append(
                _rule_step(
                    "consumption_tax",
                    f"({figures.customs_value} + {figures.duty}) / (1 − {rate}%) × {rate}%{shown} = {figures.excise}",
                    ct_rule,
                    index,
                    figures.excise,
                )
            )
    vat_rule = regime.rule("vat")
    assert vat_rule is not None
    vat_rate = line.vat_rate if line.vat_rate is not None else vat_rule.decimal("rate")
    # The VAT base takes the consumption tax as assessed (rounded), at its statutory amount.
    assessed_ct, _ = regime.round("tax", statutory_ct)
    base = figures.customs_value.amount + figures.duty.amount + assessed_ct
    figures.vat = _round(regime, "tax", Money(base * vat_rate / 100 * share, regime.currency), steps, index)
    if _recording(steps):
        steps.append(
            _rule_step(
                "vat",
                f"VAT {vat_rate}% × ({figures.customs_value} + {figures.duty} + consumption tax {assessed_ct}){shown} = {figures.vat}",
                vat_rule,
                index,
                figures.vat,
            )
        )


def _kr_vat(regime: CountryRegime, figures: LineFigures, steps: list[Step]) -> None:
    rule = regime.rule("vat")
    assert rule is not None
    rate = figures.line.vat_rate if figures.line.vat_rate is not None else rule.decimal("rate")
    base = figures.customs_value + figures.duty
    figures.vat = _round(regime, "tax", Money(base.amount * rate / 100, base.currency), steps, figures.index)
    if _recording(steps):
        steps.append(
            _rule_step(
                "vat",
                f"VAT {rate}% × ({figures.customs_value} + {figures.duty}) = {figures.vat}",
                rule,
                figures.index,
                figures.vat,
            )
        )


def _jp_consumption_tax(regime: CountryRegime, computation: Computation) -> None:
    """Per declaration: base truncated to ¥1,000, national tax then local tax (22/78 of it), each
    truncated to ¥100; the totals are shared back to the lines pro rata (last line takes the rest)."""
    national_rule, local_rule = regime.rule("consumption_tax_national"), regime.rule("consumption_tax_local")
    assert national_rule is not None and local_rule is not None
    steps, cur = computation.steps, computation.currency
    for reduced in (False, True):
        group = [f for f in computation.lines if f.line.reduced_consumption_tax == reduced]
        if not group:
            continue
        rate = national_rule.decimal("reduced_rate" if reduced else "rate")
        base = Money(sum((f.customs_value.amount + f.duty.amount for f in group), Decimal(0)), cur)
        if _recording(steps):
            steps.append(
                _rule_step(
                    "consumption_tax",
                    f"consumption-tax base (customs value + duty){' at the reduced rate' if reduced else ''} = {base}",
                    national_rule,
                    None,
                    base,
                )
            )
        base = _round(regime, "consumption_tax_base", base, steps, None)
        national = _round(
            regime, "consumption_tax_national", Money(base.amount * rate / 100, cur), steps, None
        )
        if _recording(steps):
            steps.append(
                _rule_step(
                    "consumption_tax",
                    f"national consumption tax {rate}% × {base} = {national}",
                    national_rule,
                    None,
                    national,
                )
            )
        local = _round(
            regime,
            "consumption_tax_local",
            Money(national.amount * ratio(str(local_rule.get("ratio_of_national"))), cur),
            steps,
            None,
        )
        if _recording(steps):
            steps.append(
                _rule_step(
                    "consumption_tax",
                    f"local consumption tax {local_rule.get('ratio_of_national')} × {national} = {local}",
                    local_rule,
                    None,
                    local,
                )
            )
        suffix = "_reduced" if reduced else ""
        computation.jp_consumption_tax[f"national{suffix}"] = national
        computation.jp_consumption_tax[f"local{suffix}"] = local
        _share(group, national + local, lambda f: f.customs_value.amount + f.duty.amount, "vat")


def _share(
    group: list[LineFigures], total: Money, weight: Callable[[LineFigures], Decimal], attribute: str
) -> None:
    weights = [weight(f) for f in group]
    whole = sum(weights, Decimal(0))
    given = Decimal(0)
    for position, figures in enumerate(group):
        if position == len(group) - 1:
            part = total.amount - given
        else:
            part = (total.amount * weights[position] / whole) if whole else Decimal(0)
            given += part
        setattr(figures, attribute, Money(part, total.currency))


def _exempt(computation: Computation, what: tuple[str, ...]) -> None:
    for figures in computation.lines:
        for attribute in what:
            setattr(figures, attribute, Money(0, computation.currency))
    computation.jp_consumption_tax = {
        k: Money(0, computation.currency) for k in computation.jp_consumption_tax
    }


def _jp_de_minimis(regime: CountryRegime, computation: Computation) -> None:
    rule = regime.rule("de_minimis")
    if rule is None:
        return
    total = computation.total("customs_value")
    threshold = rule.decimal("threshold")
    if total.amount > threshold:
        return
    _exempt(computation, ("duty", "excise", "vat"))
    text = f"total customs value {total} ≤ ¥{threshold:,}: exempt from duty and consumption tax ({rule.get('not_exempt')} excepted)"
    if _recording(computation.steps):
        computation.steps.append(_rule_step("de_minimis", text, rule, None))
    computation.outcome.append(text)
    designated = rule.get("possibly_designated") or {}
    prefixes = tuple(designated.get("prefixes") or ())
    for figures in computation.lines:
        if figures.line.code.startswith(prefixes):
            note = f"line {figures.index} ({figures.line.code}): {designated.get('note')}"
            if _recording(computation.steps):
                computation.steps.append(
                    Step("de_minimis", note, figures.index, None, str(designated.get("source")), False)
                )
            computation.outcome.append(note)


def _kr_list_clearance(
    shipment: Shipment,
    regime: CountryRegime,
    computation: Computation,
    convert: Callable[[Money, str], Money],
) -> None:
    rule = regime.rule("de_minimis")
    if rule is None or shipment.importer_type != "individual":
        return
    us_only = all(f.line.origin == "US" for f in computation.lines)
    threshold = rule.decimal("threshold_us_origin" if us_only else "threshold")
    total = computation.total("customs_value")
    in_usd = convert(total, str(rule.get("currency")))
    if in_usd.amount <= threshold:
        _exempt(computation, ("duty", "vat"))
        text = f"individual, list clearance: {in_usd} ≤ USD {threshold}: exempt from duty and VAT"
    else:
        text = f"individual: {in_usd} > USD {threshold}: {rule.get('above')}"
    if _recording(computation.steps):
        computation.steps.append(_rule_step("de_minimis", text, rule, None))
    computation.outcome.append(text)


def _cn_cbec(
    shipment: Shipment, regime: CountryRegime, lines: list[LineFigures], steps: list[Step]
) -> Decimal | None:
    """China's cross-border e-commerce retail import regime: the share of VAT and consumption tax
    charged when the order is within the limits (duty 0%), or None when general trade applies."""
    if shipment.channel == "postal":
        raise InvalidInputError(
            "channel: China's postal articles tax (行邮税) is not loaded; use general or cbec."
        )
    if shipment.channel != "cbec":
        return None
    rule = regime.rule("cbec")
    assert rule is not None
    total = Money(sum((f.customs_value.amount for f in lines), Decimal(0)), regime.currency)
    per_order, annual = rule.decimal("per_order_limit"), rule.decimal("annual_limit")
    used = shipment.cbec_annual_used.money() if shipment.cbec_annual_used else Money(0, regime.currency)
    if used.currency != regime.currency:
        raise InvalidInputError(f"cbec_annual_used: give it in {regime.currency}.")
    single_item = len(lines) == 1 and lines[0].line.quantity in (None, Decimal(1))
    share: Decimal | None = None
    if used.amount + total.amount > annual:
        text = f"CBEC: {used} already used + {total} exceeds the annual CNY {annual:,} limit: general trade duty and taxes apply"
    elif total.amount > per_order:
        kind = "a single item" if single_item else "the order"
        text = f"CBEC: {kind} above CNY {per_order:,} ({total}): full duty and taxes as in general trade"
    else:
        share = rule.decimal("tax_share")
        text = (
            f"CBEC within limits ({total} ≤ CNY {per_order:,} per order, annual CNY {annual:,}): duty 0%, "
            f"VAT and consumption tax at {share} of the statutory amount"
        )
    if _recording(steps):
        steps.append(_rule_step("cbec", text, rule, None))
    return share
