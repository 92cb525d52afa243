"""HS nomenclature and national tariff lines: codes, text normalisation and search ranking (pure)."""

from cjktrade.hs.codes import CodeKind, classify_code, format_code, looks_like_code, normalise_code

__all__ = ["CodeKind", "classify_code", "format_code", "looks_like_code", "normalise_code"]
