"""Speed of the tone measures over the whole BBC corpus, on one core.

Run from the repository root::

    python benchmarks/bench_tone.py            # best of 3 runs per measure
    python benchmarks/bench_tone.py --repeat 1

The process pins itself to one CPU (``os.sched_setaffinity``) and BLAS to one thread. Sentences come from the
corpus layer (``analysis.corpus.load_corpus``; loading is not timed). Timed: ``sentence_tone`` for the default
lexicon measures together (VADER, GDELT-style, diplomatic) and for each measure alone; the light calibrated
model's prediction (its one-off fit is timed apart); and ``article_tone`` over all articles.
Target: the lexicon measures together at 10,000 sentences per second or more.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import pandas as pd  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis import tone  # noqa: E402
from analysis.corpus import load_corpus  # noqa: E402
from analysis.paths import BBC  # noqa: E402
from analysis.tone import article_tone, fitted_calibrated_tone, sentence_tone  # noqa: E402

TARGET = 10_000  # sentences per second, the target for the default lexicon tone


def bbc_sentences(root: Path = BBC) -> pd.DataFrame:
    """Every sentence of the BBC corpus, as the corpus layer segments it."""
    _, sentences = load_corpus(root)
    return sentences


def _forget_scores() -> None:
    """Empty the VADER score cache, so that a repeated run scores every sentence again."""
    cache_clear = getattr(tone._vader_scores, "cache_clear", None)
    if cache_clear is not None:
        cache_clear()


def _best(fn, repeat: int) -> tuple[float, float]:
    """Best CPU seconds and best wall seconds over ``repeat`` runs."""
    cpu, wall = [], []
    for _ in range(repeat):
        _forget_scores()
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    return min(cpu), min(wall)


def bench(repeat: int = 3) -> pd.DataFrame:
    """One row per timed step: step, sentences, cpu_seconds and wall_seconds (each the best of ``repeat``),
    sentences_per_second (per CPU second: the rate of one core, whatever else the machine is running)."""
    sentences = bbc_sentences()
    n = len(sentences)
    sentence_tone(sentences.head(50), measures=["vader", "gdelt", "diplomatic"])  # load the lexicons
    steps = {
        "lexicon tone (vader + gdelt + diplomatic)":
            lambda: sentence_tone(sentences, measures=["vader", "gdelt", "diplomatic"]),
        "vader": lambda: sentence_tone(sentences, measures=["vader"]),
        "gdelt": lambda: sentence_tone(sentences, measures=["gdelt"]),
        "diplomatic": lambda: sentence_tone(sentences, measures=["diplomatic"]),
    }
    rows = [(name, n, *_best(fn, repeat)) for name, fn in steps.items()]
    rows.append(("calibrated (light): one-off fit on 2,568 dev snippets", 2568,
                 *_best(lambda: fitted_calibrated_tone.__wrapped__("light"), 1)))
    fitted_calibrated_tone("light")
    rows.append(("calibrated (light): predict",
                 n, *_best(lambda: sentence_tone(sentences, measures=["calibrated"]), repeat)))
    scored = sentence_tone(sentences, measures=["vader", "gdelt", "diplomatic"])
    rows.append(("article_tone, 1,000 bootstrap resamples",
                 n, *_best(lambda: article_tone(scored), repeat)))
    table = pd.DataFrame(rows, columns=["step", "sentences", "cpu_seconds", "wall_seconds"])
    table["sentences_per_second"] = table["sentences"] / table["cpu_seconds"]
    return table


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per step; the best is kept")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    table = bench(args.repeat)
    print(f"BBC corpus: {table['sentences'].iloc[0]:,} sentences; one core; best of {args.repeat}")
    print(table.round({"cpu_seconds": 2, "wall_seconds": 2}).astype({"sentences_per_second": int})
          .to_string(index=False))
    lexicon = table["sentences_per_second"].iloc[0]
    print(f"lexicon tone: {lexicon:,.0f} sentences/s (target {TARGET:,}): {'met' if lexicon >= TARGET else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
