"""Speed of frame detection (analysis.framing.detect_frames) over the whole BBC corpus, in one process.

Usage:
    .venv/bin/python benchmarks/bench_frames.py [--repeat 3] [--check]

Loads ../shared/data/bbc once (not timed), then times detect_frames (generic and issue frames, packaged
codebook, codebook loading included) and frame_salience, reporting the best of --repeat runs in sentences
and articles per second. --check also runs the plain every-cue-on-every-sentence path
(framing._detect_reference) on the politics articles and asserts that the evidence tables are identical.
"""

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis import framing
from analysis.corpus import load_corpus
from analysis.paths import BBC


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="compare with the reference path (slow)")
    args = parser.parse_args()
    if not BBC.is_dir():
        sys.exit(f"BBC corpus not found at {BBC}")
    articles, sentences = load_corpus(BBC)
    best_d = best_s = float("inf")
    for _ in range(args.repeat):
        t = time.perf_counter()
        evidence = framing.detect_frames(sentences, codebook=framing.load_codebook())
        best_d = min(best_d, time.perf_counter() - t)
        t = time.perf_counter()
        framing.frame_salience(evidence, sentences)
        best_s = min(best_s, time.perf_counter() - t)
    n, m = len(articles), len(sentences)
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, one process, best of {args.repeat}")
    print(f"articles={n} sentences={m} evidence_rows={len(evidence)}")
    print(f"detect_frames: {best_d:.2f} s = {m / best_d:.0f} sentences/s = {n / best_d:.0f} articles/s")
    print(f"frame_salience: {best_s:.2f} s")
    if args.check:
        pol = sentences[sentences["article_id"].str.startswith("politics/")]
        cb = framing.load_codebook()
        pd.testing.assert_frame_equal(framing.detect_frames(pol, codebook=cb), framing._detect_reference(pol, cb))
        print(f"check: evidence identical to the reference path on {len(pol)} politics sentences")


if __name__ == "__main__":
    main()
