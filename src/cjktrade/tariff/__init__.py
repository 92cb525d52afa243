"""Tariffs: the duty-expression language (parse, print, evaluate); schedules and agreements build on it."""

from cjktrade.tariff.expressions import evaluate, format_cell, parse_cn, parse_jp, parse_kr, parse_report

__all__ = ["evaluate", "format_cell", "parse_cn", "parse_jp", "parse_kr", "parse_report"]
