"""Parser for China's import tariff (进口税则) rate strings and their footnotes.

Columns: ``mfn`` (最惠国), ``agr`` (协定), ``pref`` (特惠), ``gen`` (普通). Rates are percentages
printed without ``%``. Grammar (whitespace removed, except where it separates partner groups)::

    mfn, gen  := rate ["∆" rate]                   -- X∆Y: MFN X, provisional (暂定) Y
    rate      := CN_NUMBER [MARK] | MARK              -- MARK ①…⑳ resolved from the footnote text
    agr, pref := group (" " group)*                -- split on whitespace before a digit or mark
    group     := rate label ("," label)*           -- label: 简称+代码 such as 日RJPR

Footnote texts (``最惠国税率：0.6元/千克。``, ``关税配额税率：1。``, ``仅关税配额内税率为0。``,
``普通税率：计税价格≤2000美元/台：130%；计税价格>2000美元/台：6%+20600元/台。``…) are read
clause by clause; only the clauses that belong to the column being parsed are used.

>>> parse_cn_expr("20∆5", {})
Provisional(base=AdValorem(percent=Decimal('20')), provisional=AdValorem(percent=Decimal('5')))
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from cjktrade.tariff.expr_text import CN_NUMBER, to_number
from cjktrade.tariff.expr_types import (
    AdValorem,
    Compound,
    Conditional,
    Expr,
    Footnote,
    LowerOf,
    NoRate,
    PartnerGroup,
    PartnerRates,
    Provisional,
    Specific,
    TariffQuota,
    Unparsed,
)

CN_MARKS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
CN_UNITS: dict[str, str] = {"千克": "kg", "吨": "t", "升": "l", "平方米": "m2", "台": "unit"}

#: 协定及对应简称、代码表 — 《进出口税则》(2026) 规则与说明 一(三)2(2). Label -> partner code.
CN_AGREEMENT_LABELS: dict[str, str] = {
    label: re.sub(r"^[^A-Z]+", "", label)
    for label in (
        "亚太AP", "东盟AS", "智CL", "巴PK", "新西兰NZ", "新加坡SG", "秘PE", "哥CR", "瑞CH", "冰IS",
        "韩KR", "澳AU", "格GE", "毛MU", "东盟RASR", "澳RAUR", "日RJPR", "韩RKRR", "新西兰RNZR",
        "柬KH", "尼NI", "厄EC", "塞RS", "洪HN", "马MV", "港HK", "澳门MO", "台TW",
    )
}  # fmt: skip
#: 特惠税率 labels — 规则与说明 一(四): 惠LD (least-developed countries), 亚太AP, 柬KH, 老LA, 缅MM.
CN_PREFERENTIAL_LABELS: dict[str, str] = {
    "惠LD": "LD",
    "亚太AP": "AP",
    "柬KH": "KH",
    "老LA": "LA",
    "缅MM": "MM",
}

#: Which footnote clause labels speak for which column.
_COLUMN_LABELS: dict[str, tuple[str, ...]] = {
    "mfn": ("最惠国税率", "关税配额税率"),
    "mfn-provisional": ("最惠国暂定税率",),
    "gen": ("普通税率",),
    "agr": ("协定税率", "按相应自由贸易协定规定执行,关税配额税率"),
    "pref": ("仅关税配额内税率为",),
}
_LABELS = (
    "按相应自由贸易协定规定执行,关税配额税率",
    "最惠国暂定税率",
    "最惠国税率",
    "关税配额税率",
    "进口暂定税率",
    "普通税率",
    "协定税率",
    "仅关税配额内税率为",
)
_RATE = re.compile(rf"(?P<n>{CN_NUMBER})?(?P<mark>[{CN_MARKS}])?")
_BAND = re.compile(r"(?P<cond>计税价格(?:≤|>)[\d.]+美元/台)[:,](?P<rate>[^;]+)")


def parse_cn_expr(raw: str, footnotes: Mapping[str, str], column: str = "mfn") -> Expr:
    """The expression a China rate string states, or :class:`Unparsed`."""
    if column in ("agr", "pref"):
        return _partner_rates(raw, footnotes, column)
    text = "".join(raw.split())
    base, sep, provisional = text.partition("∆")
    first = _rate(base, footnotes, column)
    if not sep:
        return first if first is not None else Unparsed(raw, "not a rate")
    second = _rate(provisional, footnotes, "mfn-provisional")
    if first is None or second is None:
        return Unparsed(raw, "not an X∆Y rate")
    return Provisional(first, second)


def _rate(text: str, footnotes: Mapping[str, str], column: str) -> Expr | None:
    match = _RATE.fullmatch(text)
    if not text or match is None:
        return None
    printed = AdValorem(to_number(match.group("n"))) if match.group("n") else None
    mark = match.group("mark")
    if mark is None:
        return printed
    note = footnotes.get(mark, "")
    resolved = read_footnote(note, column, printed)
    if isinstance(resolved, Unparsed):
        resolved = Unparsed(text, f"footnote {mark} {note!r} not understood for column {column}")
    return Footnote(mark, note, resolved, printed)


def read_footnote(note: str, column: str, printed: Expr | None = None) -> Expr:
    """What footnote text ``note`` says for ``column``, given the rate printed before the mark."""
    clauses = _clauses(note)
    mine = [(label, body) for label, body in clauses if label in _COLUMN_LABELS.get(column, ())]
    if not clauses or len(mine) != 1:
        return Unparsed(note, f"no single clause for column {column}")
    if any(not label for label, _ in clauses):
        # Prose beside the rate (e.g. cotton's sliding-scale duty) changes what it means.
        return Unparsed(note, "the footnote has text this parser does not read")
    label, body = mine[0]
    expr = _footnote_body(body)
    if expr is None:
        return Unparsed(note, f"clause {label}:{body} not understood")
    if label == "仅关税配额内税率为":
        # Special preferential rate within the tariff quota only: none outside it.
        if printed is not None and printed != expr:
            return Unparsed(note, "printed rate differs from the footnote")
        return TariffQuota(expr, NoRate(), in_label="关税配额内", out_label="关税配额外")
    if label.endswith("关税配额税率"):
        extra = dict(clauses).get("进口暂定税率")
        if extra is not None:
            provisional = _footnote_body(extra)
            if provisional is None:
                return Unparsed(note, "provisional in-quota rate not understood")
            expr = Provisional(expr, provisional)
        # An FTA quota rate with no printed out-of-quota rate: the column states none outside.
        outside = printed if printed is not None else NoRate()
        return TariffQuota(expr, outside, in_label="关税配额内", out_label="关税配额外")
    if printed is not None:
        return Unparsed(note, "a rate printed beside a footnote that states the whole rate")
    return expr


def _clauses(note: str) -> list[tuple[str, str]]:
    """``[(label, body)]`` from ``label：body。…``; a clause without a known label yields ("", …)."""
    text = unicodedata.normalize("NFKC", "".join(note.split()))
    out: list[tuple[str, str]] = []
    # "；" separates value bands inside one clause, but also a second labelled clause.
    pieces = re.split(rf"[。]|;(?=(?:{'|'.join(_LABELS)}))", text)
    for piece in filter(None, pieces):
        label = next((lab for lab in _LABELS if piece.startswith(lab)), "")
        body = piece[len(label) :].lstrip(":") if label else piece
        out.append((label, body))
    return out


def _footnote_body(body: str) -> Expr | None:
    if re.fullmatch(CN_NUMBER, body):
        return AdValorem(to_number(body))  # quota rates are printed as bare numbers, like the cells
    if bands := _BAND.findall(body):
        if ";".join(f"{c}:{r}" for c, r in bands) != re.sub(r"(美元/台),", r"\1:", body):
            return None
        branches = [(cond, _cn_atoms(rate)) for cond, rate in bands]
        if any(e is None for _, e in branches):
            return None
        return Conditional(tuple((c, e) for c, e in branches if e is not None))
    if match := re.fullmatch(r"(?P<a>.+)或(?P<b>.+),两者从低", body):
        parts = (_cn_atoms(match.group("a")), _cn_atoms(match.group("b")))
        return LowerOf(tuple(p for p in parts if p is not None)) if None not in parts else None
    return _cn_atoms(body)


def _cn_atoms(text: str) -> Expr | None:
    atoms = [_cn_atom(part) for part in text.split("+")]
    if any(a is None for a in atoms):
        return None
    return atoms[0] if len(atoms) == 1 else Compound(tuple(a for a in atoms if a is not None))


def _cn_atom(text: str) -> Expr | None:
    if match := re.fullmatch(rf"(?P<n>{CN_NUMBER})%", text):
        return AdValorem(to_number(match.group("n")))
    units = "|".join(CN_UNITS)
    if match := re.fullmatch(rf"(?P<n>{CN_NUMBER})元(?:/(?P<unit>{units}))?", text):
        # "3.0%+291.2元" inside a per-台 value band: the amount is per 台, left unwritten.
        label = match.group("unit") or ""
        return Specific(to_number(match.group("n")), "CNY", CN_UNITS[label or "台"], to_number("1"), label)
    return None


def _partner_rates(raw: str, footnotes: Mapping[str, str], column: str) -> Expr:
    known = CN_AGREEMENT_LABELS if column == "agr" else CN_PREFERENTIAL_LABELS
    # PDF line wraps put spaces inside names (东盟 RASR): split groups only on a space before a
    # rate, then drop the remaining whitespace (ORIGIN.md of cn_tariff_2026).
    groups: list[PartnerGroup] = []
    for chunk in re.split(rf"\s+(?=[\d{CN_MARKS}])", raw.strip()):
        text = "".join(chunk.split())
        match = re.match(rf"(?P<rate>{CN_NUMBER}[{CN_MARKS}]?|[{CN_MARKS}])(?P<labels>.*)", text)
        if match is None:
            return Unparsed(raw, f"partner group {chunk!r} has no rate")
        rate = _rate(match.group("rate"), footnotes, column)
        if rate is None:
            return Unparsed(raw, f"rate {match.group('rate')!r} not understood")
        groups.append(PartnerGroup(rate, tuple(match.group("labels").split(","))))
    return PartnerRates(tuple(groups), tuple(known.items()))
