"""Text normalisation and tokenisation for search in English, Chinese, Japanese and Korean.

Chinese and Japanese are written without spaces, and Korean compounds are spaced inconsistently, so
CJK text is cut into overlapping character bigrams after removing the spaces between CJK characters.
Latin text is cut into words, lower-cased, with a light plural stemmer. The same function is used for
the indexed descriptions and for the query, so they always agree.

>>> tokens("リチウム・イオン蓄電池")[:3]
['リチ', 'チウ', 'ウム']
>>> tokens("Lithium-ion accumulators")
['lithium', 'ion', 'accumulator']
>>> compact("리튬이온 축전지") == compact("리튬이온축전지")
True
"""

from __future__ import annotations

import re
import unicodedata

# Han, kana (incl. the prolonged sound mark), Hangul syllables and jamo.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_CJK_SPACE = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")
_WORD = re.compile(r"[a-z0-9]+")
# Punctuation that carries no meaning for matching (the Japanese middle dot in リチウム・イオン,
# the dash prefixes that mark depth in national tariffs, brackets, commas).
_DROP = re.compile(r"[・･\-−–—‐‑_,，、。;；:：()（）\[\]［］「」『』〔〕<>《》\"'“”‘’/.!！?？&＆]")
_STOPWORDS = frozenset(
    {"of", "and", "the", "or", "for", "a", "an", "in", "with", "to", "by", "on", "not", "nes"}
)

_FIRST_CJK = re.compile(f"[{_CJK}]")


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), case-folded, meaningless punctuation turned into spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_DROP.sub(" ", folded).split())


def compact(text: str) -> str:
    """Normalised text without any spaces: the form used to compare phrases."""
    return normalise(text).replace(" ", "")


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Search tokens in order of appearance (duplicates kept)."""
    norm = _CJK_SPACE.sub("", normalise(text))
    out: list[str] = []
    position = 0
    for run in _CJK_RUN.finditer(norm):
        out.extend(_latin(norm[position : run.start()]))
        chars = run.group()
        out.extend([chars] if len(chars) == 1 else [chars[i : i + 2] for i in range(len(chars) - 1)])
        position = run.end()
    out.extend(_latin(norm[position:]))
    return out


def _latin(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text) if w not in _STOPWORDS]


def guess_language(text: str) -> str | None:
    """'ko', 'ja', 'zh' or 'en' from the script of the text; None when there are no letters."""
    if re.search("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]", text):
        return "ko"
    if re.search("[\u3040-\u30ff]", text):
        return "ja"
    if _FIRST_CJK.search(text):
        return None  # Han alone is shared by Chinese and Japanese
    return "en" if re.search("[A-Za-z]", text) else None
