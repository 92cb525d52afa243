import pytest

from cjktrade.core.errors import InvalidCodeError
from cjktrade.hs.codes import CodeKind, ancestors, classify_code, format_code, looks_like_code, normalise_code


@pytest.mark.parametrize(
    ("typed", "digits", "kind"),
    [
        ("8507.60", "850760", CodeKind.SUBHEADING),
        ("850760", "850760", CodeKind.SUBHEADING),
        (" 8507 60 ", "850760", CodeKind.SUBHEADING),
        ("8507.60.000", "850760000", CodeKind.JP_LINE),
        ("8507.60-2000", "8507602000", CodeKind.KR_LINE),
        ("8507.6000", "85076000", CodeKind.CN_LINE),
        ("85.07", "8507", CodeKind.HEADING),
        ("85", "85", CodeKind.CHAPTER),
        ("８５０７．６０", "850760", CodeKind.SUBHEADING),
    ],
)
def test_normalise_code_accepts_common_notations(typed, digits, kind):
    assert normalise_code(typed) == digits
    assert classify_code(typed) is kind


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("85423", "5 digits"),
        ("ABCD", "not a tariff code"),
        ("", "empty"),
        ("8507.6O", "not a tariff code"),
        ("12345678901", "11 digits"),
    ],
)
def test_normalise_code_malformed_raises_with_reason(bad, reason):
    with pytest.raises(InvalidCodeError, match=reason):
        normalise_code(bad)


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("85", "85"),
        ("8507", "85.07"),
        ("850760", "8507.60"),
        ("85076000", "8507.60.00"),
        ("850760000", "8507.60.000"),
        ("8507602000", "8507.60-2000"),
    ],
)
def test_format_code_by_length(code, shown):
    assert format_code(code) == shown
    assert normalise_code(shown) == code


def test_ancestors_of_national_line():
    assert ancestors("8507.60.000") == ["85", "8507", "850760"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("8507.60", True), ("85-07", True), ("lithium", False), ("리튬", False), ("..", False)],
)
def test_looks_like_code(text, expected):
    assert looks_like_code(text) is expected
