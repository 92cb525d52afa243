"""A read of ``Verdict.as_dict()`` (cjktrade.origin.verdict): the fields a document takes from it.

The verdict is the only source of a document's origin facts — HS code, criterion, RVC figures,
RCEP country of origin, FOB — so nothing is retyped. A verdict that is not ``originating`` is
refused with what it lacks (``NotOriginatingError``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cjktrade.core.steps import step_lines
from cjktrade.documents.errors import InvalidVerdictError, NotOriginatingError
from cjktrade.documents.models_common import Amount

_REQUIRED = (
    "status",
    "agreement",
    "importer",
    "product_hs_code",
    "producer_country",
    "rule",
    "criterion",
    "criteria_met",
    "steps",
    "rvc",
    "accumulation_applied",
    "de_minimis_applied",
    "non_originating_value",
)


@dataclass(frozen=True)
class VerdictView:
    where: str
    data: Mapping[str, Any]

    @classmethod
    def read(cls, data: object, where: str) -> VerdictView:
        if not isinstance(data, Mapping):
            raise InvalidVerdictError(
                f"{where}: a verdict is a JSON object (Verdict.as_dict()), not {type(data).__name__}."
            )
        missing = [k for k in _REQUIRED if k not in data]
        if missing:
            raise InvalidVerdictError(
                f"{where}: not a verdict of the origin engine: missing {', '.join(missing)}.",
                hint="Give the JSON of Verdict.as_dict() (cjktrade.origin.evaluate).",
            )
        return cls(where, data)

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not value:
            raise InvalidVerdictError(f"{self.where}: {key} must be a non-empty string, not {value!r}.")
        return value

    @property
    def agreement(self) -> str:
        return self.text("agreement").upper()

    @property
    def hs_subheading(self) -> str:
        digits = self.text("product_hs_code").replace(".", "")
        if len(digits) < 6 or not digits.isdigit():
            raise InvalidVerdictError(f"{self.where}: product_hs_code {digits!r} is not an HS code.")
        return f"{digits[:4]}.{digits[4:6]}"

    @property
    def criteria_met(self) -> list[str]:
        value = self.data["criteria_met"]
        return [str(c) for c in value] if isinstance(value, list) else []

    def require_originating(self) -> None:
        status = self.data["status"]
        if status == "originating":
            if not self.criteria_met:
                raise InvalidVerdictError(f"{self.where}: an originating verdict must list criteria_met.")
            return
        rule = self.data.get("rule") or {}
        canonical = rule.get("canonical") or rule.get("original_text") or "its rule"
        head = f"{self.where}: the good {self.hs_subheading} is {status} under {self.agreement} ({canonical})"
        if status == "undetermined":
            facts = "; ".join(str(q.get("question")) for q in self.data.get("missing_facts") or [])
            raise NotOriginatingError(
                f"{head}: no proof of origin can be issued until these facts are given: {facts or 'see the verdict'}.",
                hint="Answer the verdict's questions and evaluate the BOM again.",
            )
        remedies = " ".join(str(r.get("text")) for r in self.data.get("to_pass") or [])
        raise NotOriginatingError(
            f"{head}: no proof of origin can be issued for a good that does not qualify.",
            hint=remedies or "Evaluate the BOM again once the good qualifies.",
        )

    def amount(self, value: object, name: str) -> Amount:
        if not isinstance(value, Mapping):
            raise InvalidVerdictError(f"{self.where}: {name} must be an amount object, not {value!r}.")
        try:
            return Amount(amount=str(value["amount"]), currency=str(value["currency"]))
        except (KeyError, ValueError):
            raise InvalidVerdictError(
                f"{self.where}: {name} is not an amount {{amount, currency}}: {value!r}."
            ) from None

    def amounts(self, value: object, name: str) -> dict[str, Amount] | None:
        if not isinstance(value, Mapping) or not value:
            return None
        return {str(k): self.amount(v, f"{name}.{k}") for k, v in value.items()}

    def passing_rvc(self, criterion: str) -> Mapping[str, Any] | None:
        """The first RVC computation met for an RVC part of ``criterion`` (build-down comes first)."""
        parts = {p.strip() for p in criterion.replace(" and ", "+").split("+")}
        for computation in self.data.get("rvc") or []:
            if (
                isinstance(computation, Mapping)
                and computation.get("passed") is True
                and computation.get("criterion") in parts
            ):
                return computation
        return None

    def any_fob(self) -> Amount | None:
        for computation in self.data.get("rvc") or []:
            terms = computation.get("terms") if isinstance(computation, Mapping) else None
            if isinstance(terms, Mapping) and "FOB" in terms:
                return self.amount(terms["FOB"], "rvc.terms.FOB")
            if isinstance(computation, Mapping) and computation.get("denominator"):
                return self.amount(computation["denominator"], "rvc.denominator")
        return None

    @property
    def country_of_origin(self) -> Mapping[str, Any] | None:
        value = self.data.get("country_of_origin")
        return value if isinstance(value, Mapping) else None

    @property
    def relies_on_accumulation(self) -> bool:
        """Accumulation was applied and, without it, the good would not originate (RCEP Art. 3.4)."""
        if not self.data.get("accumulation_applied"):
            return False
        without = self.data.get("without_accumulation")
        return not isinstance(without, Mapping) or without.get("status") != "originating"

    def explanation(self) -> list[str]:
        return step_lines(s for s in self.data.get("steps") or [] if isinstance(s, Mapping))
