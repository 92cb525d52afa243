"""The three entry points that turn a published cell into a :class:`Cell` (raw text + expression).

>>> parse_jp("7.4%", column="WTO協定").expr
AdValorem(percent=Decimal('7.4'))
>>> parse_cn("20∆①", {"①": "最惠国暂定税率：10%或900元/吨，两者从低。"}).parsed
True
>>> parse_kr(None).expr
NoRate()
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from cjktrade.core.errors import InvalidInputError
from cjktrade.core.money import to_decimal
from cjktrade.tariff.expr_cn import parse_cn_expr
from cjktrade.tariff.expr_jp import parse_jp_expr
from cjktrade.tariff.expr_types import AdValorem, Cell, NoRate

CN_COLUMNS = ("mfn", "agr", "pref", "gen")


def parse_jp(raw: str, *, column: str | None = None) -> Cell:
    """A cell of Japan's 実行関税率表 (any of its 27 columns; ``column`` is kept for the notes)."""
    return Cell(raw, parse_jp_expr(raw), "jp", column)


def parse_cn(raw: str, footnotes: Mapping[str, str] | None = None, *, column: str = "mfn") -> Cell:
    """A cell of China's 进口税则: ``column`` is mfn, agr, pref or gen; ``footnotes`` {mark: text}."""
    if column not in CN_COLUMNS:
        raise InvalidInputError(f"China column {column!r} is not one of {', '.join(CN_COLUMNS)}.")
    return Cell(raw, parse_cn_expr(raw, footnotes or {}, column), "cn", column)


def parse_kr(value: Decimal | int | None, *, column: str | None = None) -> Cell:
    """A Korea rate: a percentage, or None when the line has no rate of that type (not free)."""
    if value is None:
        return Cell("", NoRate(), "kr", column)
    percent = to_decimal(value, field=f"Korea rate {column or ''}".strip())
    return Cell(f"{percent:f}", AdValorem(percent), "kr", column)
