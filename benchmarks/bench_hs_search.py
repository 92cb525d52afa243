"""HS search latency in en/zh/ja/ko, against a naive linear substring scan over the same texts.

Prints p50/p95 per language and overall for the indexed search (``services.classification.search``)
and for the baseline, their ratio, and the wall time of ``cjktrade hs show`` from process start.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from cjktrade.hs.text import compact
from cjktrade.refdata import hs_index
from cjktrade.services import classification

QUERIES = {
    "en": [
        "lithium-ion accumulators",
        "frozen bovine meat",
        "integrated circuits processors",
        "cotton shirts knitted",
        "footwear leather uppers",
        "green tea",
        "motor cars spark ignition",
        "solar cells",
        "face cream cosmetics",
        "natural rubber",
    ],
    "zh": [
        "锂离子蓄电池",
        "冻牛肉",
        "集成电路",
        "棉制针织衬衫",
        "皮革鞋面",
        "绿茶",
        "小客车轮胎",
        "太阳能电池",
        "护肤品",
        "天然橡胶",
    ],
    "ja": [
        "リチウムイオン蓄電池",
        "牛肉",
        "集積回路",
        "綿製のシャツ",
        "革製の甲",
        "緑茶",
        "乗用自動車",
        "太陽電池",
        "化粧品",
        "天然ゴム",
    ],
    "ko": [
        "리튬이온 축전지",
        "쇠고기",
        "집적회로",
        "면제 셔츠",
        "가죽 신발",
        "녹차",
        "승용자동차",
        "태양전지",
        "화장품",
        "천연고무",
    ],
}
ROUNDS = 20


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def naive_corpus() -> list[tuple[str, str]]:
    conn = hs_index.connection()
    return [(row[0], compact(row[1])) for row in conn.execute("SELECT entity, text FROM doc")]


def naive_search(corpus: list[tuple[str, str]], query: str, limit: int = 10) -> list[str]:
    wanted = compact(query)
    return [entity for entity, text in corpus if wanted in text][:limit]


def timed(fn, *args) -> float:
    started = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    hs_index.connection()
    corpus = naive_corpus()
    for queries in QUERIES.values():  # warm the page cache once
        for q in queries:
            classification.search(q)
    print(
        f"corpus: {len(corpus):,} indexed descriptions; {ROUNDS} rounds of {sum(map(len, QUERIES.values()))} queries"
    )
    print(f"{'lang':<6}{'index p50':>11}{'index p95':>11}{'naive p50':>11}{'naive p95':>11}")
    all_index: list[float] = []
    all_naive: list[float] = []
    for lang, queries in QUERIES.items():
        ours = [timed(classification.search, q) for _ in range(ROUNDS) for q in queries]
        naive = [timed(naive_search, corpus, q) for _ in range(ROUNDS) for q in queries]
        all_index += ours
        all_naive += naive
        print(
            f"{lang:<6}{percentile(ours, 0.5):>9.2f}ms{percentile(ours, 0.95):>9.2f}ms"
            f"{percentile(naive, 0.5):>9.2f}ms{percentile(naive, 0.95):>9.2f}ms"
        )
    p50, p95 = percentile(all_index, 0.5), percentile(all_index, 0.95)
    n50, n95 = percentile(all_naive, 0.5), percentile(all_naive, 0.95)
    print(f"{'all':<6}{p50:>9.2f}ms{p95:>9.2f}ms{n50:>9.2f}ms{n95:>9.2f}ms")
    print(f"ratio naive/index: p50 {n50 / p50:.1f}x, p95 {n95 / p95:.1f}x  (target: index p95 <= 10 ms)")
    print(
        "note: the baseline only finds exact substrings; the index also ranks partial and cross-spacing matches"
    )

    cli = str(Path(sys.executable).with_name("cjktrade"))
    walls = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([cli, "hs", "show", "854231"], check=True, capture_output=True)
        walls.append(time.perf_counter() - started)
    python_only = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        python_only.append(time.perf_counter() - started)
    show, bare = statistics.median(walls), statistics.median(python_only)
    print(
        f"`cjktrade hs show 854231` from process start: median {show:.3f}s over 5 runs "
        f"(bare interpreter start {bare:.3f}s, ratio {show / bare:.1f}x; target <= 0.5 s)"
    )


if __name__ == "__main__":
    main()
