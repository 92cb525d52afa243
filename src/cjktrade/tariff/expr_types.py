"""The duty-expression language: what one cell of a tariff schedule says, as typed values.

Every node is a frozen dataclass. A parsed cell (:class:`Cell`) keeps the raw text beside the
expression, so a figure can always be traced back to what the schedule printed. Fields that exist
only so that :func:`~cjktrade.tariff.expr_format.format_cell` can print the text the way the source
did (``term``, ``label``, ``numeral``...) are excluded from equality.

>>> AdValorem(Decimal("3.4")) == AdValorem(Decimal("3.4"))
True
>>> Free("無税") == Free("免税")
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, TypeAlias

Schedule = Literal["jp", "cn", "kr"]

#: The importer's currency: specific duties in each schedule are written in it (円, 元, 원).
SCHEDULE_CURRENCY: dict[str, str] = {"jp": "JPY", "cn": "CNY", "kr": "KRW"}


@dataclass(frozen=True, slots=True)
class Free:
    """No duty (JP 無税, or 免税 in two WTO cells)."""

    term: str = field(default="無税", compare=False)


@dataclass(frozen=True, slots=True)
class AdValorem:
    """A percentage of the customs value."""

    percent: Decimal


@dataclass(frozen=True, slots=True)
class Specific:
    """An amount of money per unit of quantity, e.g. 4,300円/足 or 0.6元/千克.

    ``per_unit`` is the canonical unit the caller must give a quantity for ("kg", "l", "kl",
    "m2", "pair", "head", "piece", "sheet", "t", "unit"); ``per_quantity`` is how many of them the
    amount covers (290.70円/1,000本 -> 1000). ``label`` is the unit as printed; ``""`` means the
    source left it implicit (CN "3.0%+291.2元" inside a per-台 band).
    """

    amount: Decimal
    currency: str
    per_unit: str
    per_quantity: Decimal = Decimal(1)
    label: str = field(default="", compare=False)
    numeral: str | None = field(default=None, compare=False)  # "170万": only when not plain digits


@dataclass(frozen=True, slots=True)
class Compound:
    """The sum of its parts (29.8%＋679円/kg)."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class HigherOf:
    """The highest of its parts (…のうちいずれか高い税率)."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class LowerOf:
    """The lowest of its parts (…のうちいずれか低い税率; CN 两者从低)."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Ceiling:
    """``expr``, but never more than ``maximum`` (JP （ただしその税率が50%を上回る場合は50%とする）)."""

    expr: Expr
    maximum: Expr


@dataclass(frozen=True, slots=True)
class Floor:
    """``expr``, but never less than ``minimum`` (JP ただしその税率が41.88円/lを下回る場合は41.88円/l)."""

    expr: Expr
    minimum: Expr


# --- gate-price formulas (差額関税): arithmetic over yen amounts and the customs value ---------


@dataclass(frozen=True, slots=True)
class FNumber:
    value: Decimal
    text: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class FYen:
    """An amount of yen, optionally written per unit (535.53円/kg)."""

    amount: Decimal
    per_label: str | None = None


@dataclass(frozen=True, slots=True)
class FCustomsValue:
    """課税価格: the customs value per unit of quantity (written 課税価格 or 課税価格/kg)."""

    per_label: str | None = None


@dataclass(frozen=True, slots=True)
class FBinary:
    op: Literal["+", "-", "×", "/"]
    left: Formula
    right: Formula


@dataclass(frozen=True, slots=True)
class FGroup:
    inner: Formula


Formula: TypeAlias = FNumber | FYen | FCustomsValue | FBinary | FGroup


@dataclass(frozen=True, slots=True)
class GatePrice:
    """A duty per unit computed from the customs value per unit (Japan's 差額関税 / gate price).

    ``535.53円/kg-課税価格/kg`` is ``FBinary("-", FYen(535.53, "kg"), FCustomsValue("kg"))``.
    The duty is ``max(0, formula(customs value / quantity)) × quantity``. ``outer_label`` is set
    when the whole formula is divided by the unit, as in ``(500円-課税価格)/kg``.
    """

    formula: Formula
    per_unit: str
    label: str = field(default="", compare=False)
    outer_label: bool = field(default=False, compare=False)


# --- China ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Provisional:
    """China ``X∆Y``: MFN rate X with a provisional (暂定) rate Y; the lower applies."""

    base: Expr
    provisional: Expr


@dataclass(frozen=True, slots=True)
class Footnote:
    """A circled footnote mark (①…) resolved from the footnote text.

    ``printed`` is what the cell itself shows before the mark (``65`` in ``65①``), ``resolved``
    what the cell means once the footnote is read (for ``65①`` with ``关税配额税率：1。``:
    a tariff quota, 1% in quota and 65% out of quota).
    """

    mark: str
    text: str
    resolved: Expr
    printed: Expr | None = None


@dataclass(frozen=True, slots=True)
class PartnerGroup:
    """One ``<rate><简称+代码>,<简称+代码>…`` group. ``labels`` keeps unknown fragments in place."""

    rate: Expr
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PartnerRates:
    """China's agreement (协定) or special preferential (特惠) column: rates by partner code.

    ``known`` maps each printed 简称+代码 label of the code table to its code. Labels outside it
    are fragments of a string whose PDF line was lost: those partners are unknown, not absent.
    """

    groups: tuple[PartnerGroup, ...]
    known: tuple[tuple[str, str], ...] = field(compare=False, default=())

    def rates(self) -> dict[str, Expr]:
        codes = dict(self.known)
        return {codes[label]: g.rate for g in self.groups for label in g.labels if label in codes}

    def fragments(self) -> tuple[str, ...]:
        codes = dict(self.known)
        return tuple(label for g in self.groups for label in g.labels if label not in codes)

    @property
    def damaged(self) -> bool:
        return bool(self.fragments())


# --- choices the caller must make -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TariffQuota:
    """In-quota and out-of-quota rates. ``out_of_quota`` None: the column gives no rate outside."""

    in_quota: Expr
    out_of_quota: Expr | None
    in_label: str = field(default="関税割当数量以内のもの", compare=False)
    out_label: str = field(default="関税割当数量以外のもの", compare=False)


@dataclass(frozen=True, slots=True)
class Conditional:
    """Sub-lines that apply to goods meeting a condition (ししゅうしたもの 6.8% / その他のもの 5%),
    or to a partner (（マレーシアに対する待遇） 3%), or to a value band (计税价格≤2000美元/台)."""

    branches: tuple[tuple[str, Expr], ...]


# --- summaries and markers --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RateRange:
    """``無税〜5%``: a line bundles goods with rates from ``low`` to ``high``; not one rate."""

    low: Expr
    high: Expr


@dataclass(frozen=True, slots=True)
class Varies:
    """``●無税又は非譲許``, ``3.8%、29.8%＋915円/kg``: the treatment is one of ``members``,
    depending on the goods inside the line. ``separators`` ("又は", "、") keep the printed form."""

    members: tuple[Expr, ...]
    separators: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Partial:
    """``一部10.5%``: applies to part of the line only."""

    expr: Expr


@dataclass(frozen=True, slots=True)
class Unbound:
    """非譲許: the agreement makes no concession on the goods (excluded); its column gives no rate."""

    term: str = field(default="非譲許", compare=False)


@dataclass(frozen=True, slots=True)
class NoRate:
    """No rate of this type (Korea ``null``; China ``仅关税配额内…`` outside the quota)."""


@dataclass(frozen=True, slots=True)
class Marked:
    """A prefix marker: ``●`` ``◎`` ``※`` ``*`` ``**`` (meanings in docs/tariff-notation.md)."""

    mark: str
    expr: Expr


@dataclass(frozen=True, slots=True)
class Noted:
    """A ``◆N`` note reference after a rate; ``expr`` None when the cell shows only the note."""

    expr: Expr | None
    note: str


@dataclass(frozen=True, slots=True)
class Parenthesised:
    """A rate printed in parentheses. At the top of a cell in the WTO協定 column it means the
    bound rate is not applied because the general/temporary rate is lower or equal."""

    expr: Expr


@dataclass(frozen=True, slots=True)
class Unparsed:
    """Text the parser does not fully understand: shown as such, never guessed, never dropped."""

    raw: str
    reason: str = ""


Expr: TypeAlias = (
    Free
    | AdValorem
    | Specific
    | Compound
    | HigherOf
    | LowerOf
    | Ceiling
    | Floor
    | GatePrice
    | Provisional
    | Footnote
    | PartnerRates
    | TariffQuota
    | Conditional
    | RateRange
    | Varies
    | Partial
    | Unbound
    | NoRate
    | Marked
    | Noted
    | Parenthesised
    | Unparsed
)


def children(expr: Expr) -> tuple[Expr, ...]:
    """The direct sub-expressions of ``expr`` (formula internals excluded)."""
    if isinstance(expr, Compound | HigherOf | LowerOf):
        return expr.parts
    if isinstance(expr, Ceiling):
        return (expr.expr, expr.maximum)
    if isinstance(expr, Floor):
        return (expr.expr, expr.minimum)
    if isinstance(expr, Provisional):
        return (expr.base, expr.provisional)
    if isinstance(expr, Footnote):
        return (expr.resolved,) if expr.printed is None else (expr.resolved, expr.printed)
    if isinstance(expr, PartnerRates):
        return tuple(g.rate for g in expr.groups)
    if isinstance(expr, TariffQuota):
        return (expr.in_quota,) if expr.out_of_quota is None else (expr.in_quota, expr.out_of_quota)
    if isinstance(expr, Conditional):
        return tuple(e for _, e in expr.branches)
    if isinstance(expr, RateRange):
        return (expr.low, expr.high)
    if isinstance(expr, Varies):
        return expr.members
    if isinstance(expr, Partial | Marked | Parenthesised):
        return (expr.expr,)
    if isinstance(expr, Noted):
        return () if expr.expr is None else (expr.expr,)
    return ()


def walk(expr: Expr) -> tuple[Expr, ...]:
    """``expr`` and all its descendants, depth first."""
    out: list[Expr] = [expr]
    for child in children(expr):
        out.extend(walk(child))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Cell:
    """One parsed cell: the raw text as published, and what it says."""

    raw: str
    expr: Expr
    schedule: Schedule
    column: str | None = None

    @property
    def parsed(self) -> bool:
        """True when every part of the text was understood (no :class:`Unparsed` inside)."""
        return not any(isinstance(e, Unparsed) for e in walk(self.expr))

    @property
    def marks(self) -> frozenset[str]:
        """Markers printed anywhere in the cell: ● ◎ ※ * ** and ◆ (for any ◆N note)."""
        found = {e.mark for e in walk(self.expr) if isinstance(e, Marked)}
        found |= {"◆" for e in walk(self.expr) if isinstance(e, Noted)}
        return frozenset(found)

    @property
    def parenthesised(self) -> bool:
        """True when the whole rate is printed in parentheses (markers and notes aside)."""
        expr = self.expr
        while isinstance(expr, Marked | Noted) and expr.expr is not None:
            expr = expr.expr
        return isinstance(expr, Parenthesised)

    @property
    def damaged(self) -> bool:
        """True for a China partner string with fragments of a lost line (partners unknown)."""
        return isinstance(self.expr, PartnerRates) and self.expr.damaged
