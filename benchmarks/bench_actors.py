"""Speed of actor recognition (and sentence co-occurrence) over the whole BBC corpus.

Usage:
    .venv/bin/python benchmarks/bench_actors.py [--repeat 3]

Loads ../shared/data/bbc once (not timed), then times find_mentions (registry + discovery, titles
and bodies) and cooccurrence(unit="sentence"), reporting the best of --repeat runs in articles per
second. Prints the machine's Python and CPU count so the number can be compared.
"""

import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.actors import candidates, find_mentions
from analysis.cooccurrence import cooccurrence
from analysis.corpus import load_corpus
from analysis.paths import BBC


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not BBC.is_dir():
        sys.exit(f"BBC corpus not found at {BBC}")
    articles, sentences = load_corpus(BBC)
    best_m = best_c = float("inf")
    for _ in range(args.repeat):
        t = time.perf_counter()
        mentions = find_mentions(sentences, articles)
        best_m = min(best_m, time.perf_counter() - t)
        t = time.perf_counter()
        edges = cooccurrence(mentions, unit="sentence")
        best_c = min(best_c, time.perf_counter() - t)
    n = len(articles)
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, best of {args.repeat}")
    print(f"articles={n} sentences={len(sentences)} mentions={len(mentions)} "
          f"actors={mentions['actor_id'].nunique()} discovered_share={(mentions['source'] == 'discovered').mean():.3f}")
    print(f"find_mentions: {best_m:.2f} s = {n / best_m:.0f} articles/s")
    print(f"cooccurrence(sentence): {best_c:.2f} s, {len(edges)} pairs")
    print("top discovered candidates:")
    print(candidates(mentions).head(15)[["name", "type", "rule", "n_mentions", "n_articles"]].to_string(index=False))


if __name__ == "__main__":
    main()
