"""Printing expressions back as the schedule writes them: the round trip of every parsed cell.

``format_cell(cell)`` is :func:`~cjktrade.tariff.expr_text.equivalent` to ``cell.raw`` for every
cell the parsers understood (tested over all non-empty cells of the compiled data). Unparsed
cells print their raw text.
"""

from __future__ import annotations

from cjktrade.tariff.expr_formula import format_gate
from cjktrade.tariff.expr_text import cn_number, jp_number
from cjktrade.tariff.expr_types import (
    AdValorem,
    Ceiling,
    Cell,
    Compound,
    Conditional,
    Expr,
    Floor,
    Footnote,
    Free,
    GatePrice,
    HigherOf,
    LowerOf,
    Marked,
    NoRate,
    Noted,
    Parenthesised,
    Partial,
    PartnerRates,
    Provisional,
    RateRange,
    Specific,
    TariffQuota,
    Unbound,
    Unparsed,
    Varies,
)

_JP_LABEL_DISPLAY = {"m2": "㎡"}  # NFKC folded ㎡ to m2 while parsing; print it as Japan does


def format_cell(cell: Cell) -> str:
    """The cell's text rebuilt from its expression (equivalent to ``cell.raw`` when parsed).

    A cell with any part not understood prints its raw text: a partial rebuild could read as
    a statement the schedule does not make.
    """
    if not cell.parsed:
        return cell.raw
    if cell.schedule == "jp":
        return format_jp(cell.expr)
    if cell.schedule == "cn":
        return format_cn(cell.expr)
    return format_kr(cell.expr)


def format_kr(expr: Expr) -> str:
    if isinstance(expr, AdValorem):
        return f"{expr.percent:f}"
    if isinstance(expr, NoRate):
        return ""
    return _fallback(expr)


def format_jp(expr: Expr) -> str:
    if isinstance(expr, Free):
        return expr.term
    if isinstance(expr, AdValorem):
        return jp_number(expr.percent) + "%"
    if isinstance(expr, Specific):
        numeral = expr.numeral or jp_number(expr.amount)
        return f"{numeral}円/{_JP_LABEL_DISPLAY.get(expr.label, expr.label)}"
    if isinstance(expr, Compound):
        return "＋".join(format_jp(p) for p in expr.parts)
    if isinstance(expr, HigherOf | LowerOf):
        which = "高い" if isinstance(expr, HigherOf) else "低い"
        return "又は".join(format_jp(p) for p in expr.parts) + f"のうちいずれか{which}税率"
    if isinstance(expr, Ceiling):
        bound = format_jp(expr.maximum)
        return f"{format_jp(expr.expr)}（ただしその税率が{bound}を上回る場合は{bound}とする）"
    if isinstance(expr, Floor):
        bound = format_jp(expr.minimum)
        return f"{format_jp(expr.expr)}\nただしその税率が{bound}を下回る場合は{bound}"
    if isinstance(expr, GatePrice):
        return format_gate(expr).replace("/m2", "/㎡")
    if isinstance(expr, TariffQuota):
        lines = [f"{expr.in_label}\u3000{format_jp(expr.in_quota)}"]
        if expr.out_of_quota is not None:
            lines.append(f"{expr.out_label}\u3000{format_jp(expr.out_of_quota)}")
        return "\n".join(lines)
    if isinstance(expr, Conditional):
        return "\n".join(f"{label}\u3000{format_jp(e)}" for label, e in expr.branches)
    if isinstance(expr, RateRange):
        return f"{format_jp(expr.low)}〜{format_jp(expr.high)}"
    if isinstance(expr, Varies):
        text = format_jp(expr.members[0])
        for sep, member in zip(expr.separators, expr.members[1:], strict=True):
            text += sep + format_jp(member)
        return text
    if isinstance(expr, Partial):
        return "一部" + format_jp(expr.expr)
    if isinstance(expr, Unbound):
        return expr.term
    if isinstance(expr, Marked):
        return expr.mark + format_jp(expr.expr)
    if isinstance(expr, Noted):
        return (format_jp(expr.expr) + " " if expr.expr is not None else "") + "◆" + expr.note
    if isinstance(expr, Parenthesised):
        return f"({format_jp(expr.expr)})"
    return _fallback(expr)


def format_cn(expr: Expr) -> str:
    if isinstance(expr, AdValorem):
        return cn_number(expr.percent)  # China prints percentages without the % sign
    if isinstance(expr, Provisional):
        return f"{format_cn(expr.base)}∆{format_cn(expr.provisional)}"
    if isinstance(expr, Footnote):
        # The cell shows only the printed rate and the mark; the rest lives in the footnote.
        return (format_cn(expr.printed) if expr.printed is not None else "") + expr.mark
    if isinstance(expr, PartnerRates):
        return " ".join(format_cn(g.rate) + ",".join(g.labels) for g in expr.groups)
    if isinstance(expr, Specific):
        return f"{cn_number(expr.amount)}元" + (f"/{expr.label}" if expr.label else "")
    if isinstance(expr, Compound):
        return "+".join(_cn_footnote_atom(p) for p in expr.parts)
    if isinstance(expr, LowerOf):
        return "或".join(_cn_footnote_atom(p) for p in expr.parts) + "，两者从低"
    if isinstance(expr, TariffQuota):
        inside = format_cn(expr.in_quota)
        outside = "" if expr.out_of_quota is None else f"；{expr.out_label}：{format_cn(expr.out_of_quota)}"
        return f"{expr.in_label}：{inside}{outside}"
    if isinstance(expr, Conditional):
        return "；".join(f"{label}：{_cn_footnote_atom(e)}" for label, e in expr.branches)
    if isinstance(expr, NoRate):
        return "—"
    return _fallback(expr)


def _cn_footnote_atom(expr: Expr) -> str:
    # Inside footnote texts China writes the % sign (计税价格≤2000美元/台：130%).
    if isinstance(expr, AdValorem):
        return cn_number(expr.percent) + "%"
    if isinstance(expr, Compound):
        return "+".join(_cn_footnote_atom(p) for p in expr.parts)
    return format_cn(expr)


def _fallback(expr: Expr) -> str:
    if isinstance(expr, Unparsed):
        return expr.raw
    return f"<{type(expr).__name__}>"
