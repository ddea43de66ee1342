"""Speed and memory of the full default feature pipeline, against VADER alone on the same sentences.

Runs, each in a fresh process (so that peak memory is that run's own):

1. the pipeline (``analysis.pipeline.run_pipeline``: corpus, every table of ``build_features``,
   corpus-level tables, CSV written) over the BBC corpus, with ``--jobs``;
2. the same over the corpus replicated ``--copies`` times (distinct ids ``copy003/business/001``;
   the copies are symbolic links in a temporary folder), with ``--jobs`` and with one process;
3. the baseline: VADER's ``polarity_scores`` alone over the same sentences (the BBC sentences,
   ``--copies`` times), in one process;
4. the floor of any pipeline that reports VADER's tone: the replicated corpus read and split into
   sentences, VADER on each sentence, and VADER's four scores written per sentence as CSV (no other
   measure, no other table), in one process, chunk by chunk like the pipeline;
5. optionally (``--memory-copies K``) the pipeline over K copies, for the memory bound;
6. optionally (``--profile M``) where the time goes: cProfile over M articles, by module.

Prints a table: articles, sentences, wall seconds, articles/s, sentences/s, peak RSS of the main
process and of the largest worker, CPU seconds of the main process and of all workers (the main
process's share is serial work: indexing, writing, the corpus-level tables), and the ratio to the
VADER baseline. On a machine where other programs compete for the cores, compare CPU seconds.

    .venv/bin/python benchmarks/bench_pipeline.py --copies 10 --jobs 2 --profile 500
"""

import argparse
import cProfile
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from analysis.paths import BBC


def replicate(source: Path, copies: int, into: Path) -> Path:
    """``into/copyNNN/<path in source>`` for NNN < copies, as symbolic links to the source files."""
    for k in range(copies):
        for path in sorted(source.rglob("*.txt")):
            target = into / f"copy{k:03d}" / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(path.resolve())
    return into


def cpu_seconds() -> tuple[float, float]:
    """User + system CPU seconds of this process and of its finished children."""
    own, child = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, child.ru_utime + child.ru_stime


def peak_mib() -> tuple[float, float]:
    """Peak RSS of this process and of its largest finished child, in MiB (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def child_pipeline(args: argparse.Namespace) -> dict:
    from analysis.pipeline import run_pipeline

    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        result = run_pipeline(args.input, out, jobs=args.jobs, chunk_size=args.chunk_size)
        seconds = time.perf_counter() - started
    own, child = peak_mib()
    cpu_main, cpu_workers = cpu_seconds()
    return {"articles": result.n_articles, "sentences": result.n_sentences, "seconds": seconds,
            "rss_main": own, "rss_worker": child, "cpu_main": cpu_main, "cpu_workers": cpu_workers}


def bbc_sentences(source: Path) -> list[str]:
    from analysis.corpus import parse_documents
    from analysis.pipeline import iter_documents

    texts = []
    for docs in iter_documents(source):
        texts += parse_documents(docs)[1]["text"].tolist()
    return texts


def child_vader(args: argparse.Namespace) -> dict:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sentences = bbc_sentences(Path(args.input))
    analyzer = SentimentIntensityAnalyzer()
    started = time.perf_counter()
    for _ in range(args.copies):
        for text in sentences:
            analyzer.polarity_scores(text)
    seconds = time.perf_counter() - started
    own, child = peak_mib()
    cpu_main, cpu_workers = cpu_seconds()
    return {"articles": None, "sentences": len(sentences) * args.copies, "seconds": seconds,
            "rss_main": own, "rss_worker": child, "cpu_main": cpu_main, "cpu_workers": cpu_workers}


def child_floor(args: argparse.Namespace) -> dict:
    import pandas as pd
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from analysis.corpus import parse_documents
    from analysis.pipeline import iter_documents

    analyzer = SentimentIntensityAnalyzer()
    n_articles = n_sentences = 0
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        with open(Path(out) / "sentences.csv", "w", encoding="utf-8", newline="") as sink:
            for k, docs in enumerate(iter_documents(args.input, chunk_size=args.chunk_size)):
                articles, sentences = parse_documents(docs)
                scores = pd.DataFrame([analyzer.polarity_scores(t) for t in sentences["text"]])
                table = pd.concat([sentences[["article_id", "sentence_id"]], scores], axis=1)
                table.to_csv(sink, index=False, header=k == 0, lineterminator="\n")
                n_articles, n_sentences = n_articles + len(articles), n_sentences + len(sentences)
        seconds = time.perf_counter() - started
    own, child = peak_mib()
    cpu_main, cpu_workers = cpu_seconds()
    return {"articles": n_articles, "sentences": n_sentences, "seconds": seconds,
            "rss_main": own, "rss_worker": child, "cpu_main": cpu_main, "cpu_workers": cpu_workers}


CHILDREN = {"pipeline": child_pipeline, "vader": child_vader, "floor": child_floor}


def run_child(kind: str, **options: object) -> dict:
    command = [sys.executable, __file__, "--child", kind]
    for key, value in options.items():
        command += [f"--{key.replace('_', '-')}", str(value)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def profile(source: Path, n: int) -> list[tuple[str, float]]:
    """Seconds spent in each module (own time of its functions) while processing n articles."""
    from analysis.pipeline import _documents, index_documents, process_documents, read_chunk

    index = index_documents(source)
    records, _ = read_chunk(index.locators[:: max(1, len(index.locators) // n)][:n])
    docs = _documents(records, index.manifests, index.keyed_by_file)
    profiler = cProfile.Profile()
    profiler.runcall(process_documents, docs)
    by_module: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, tottime, _, _) in pstats.Stats(profiler).stats.items():
        parts = Path(filename).parts
        if "analysis" in parts and "site-packages" not in parts:
            name = "analysis." + Path(filename).stem
        elif "site-packages" in parts:
            name = parts[parts.index("site-packages") + 1].split(".")[0].split("-")[0]
        else:
            name = "python (re, builtins, stdlib)"
        by_module[name] += tottime
    return sorted(by_module.items(), key=lambda kv: -kv[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=BBC, help="corpus folder (default: ../shared/data/bbc)")
    parser.add_argument("--copies", type=int, default=10, help="replicas of the corpus (default: 10)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the pipeline (default: 2)")
    parser.add_argument("--chunk-size", type=int, default=1000, help="articles per chunk (default: 1000)")
    parser.add_argument("--memory-copies", type=int, default=0, help="also run over this many copies (45: 100k)")
    parser.add_argument("--profile", type=int, default=0, metavar="M", help="profile M articles by module")
    parser.add_argument("--child", choices=list(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](args)))
        return
    if not args.source.is_dir():
        sys.exit(f"no corpus at {args.source} (the BBC corpus lives in ../shared/data beside the repository)")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        copies = replicate(args.source, args.copies, Path(tmp) / f"x{args.copies}")
        runs = [
            (f"pipeline, BBC x1, --jobs {args.jobs}", "pipeline", args.source, args.jobs),
            (f"pipeline, BBC x{args.copies}, --jobs {args.jobs}", "pipeline", copies, args.jobs),
            (f"pipeline, BBC x{args.copies}, --jobs 1", "pipeline", copies, 1),
            (f"VADER alone, BBC x{args.copies} sentences, 1 process", "vader", args.source, 1),
            (f"floor: parse + VADER + write, BBC x{args.copies}, 1 process", "floor", copies, 1),
        ]
        if args.memory_copies:
            big = replicate(args.source, args.memory_copies, Path(tmp) / f"x{args.memory_copies}")
            runs.append((f"pipeline, BBC x{args.memory_copies}, --jobs {args.jobs}", "pipeline", big, args.jobs))
        for label, kind, source, jobs in runs:
            print(f"running: {label} ...", file=sys.stderr, flush=True)
            rows.append((label, run_child(kind, input=source, jobs=jobs, chunk_size=args.chunk_size,
                                          copies=args.copies)))
    vader = rows[3][1]["seconds"]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n{os.cpu_count()} cores (load average at the end {load}); chunk size {args.chunk_size}; "
          f"source {args.source}\n")
    header = (f"{'run':<48} {'articles':>9} {'sentences':>10} {'seconds':>8} {'art/s':>7} {'sent/s':>8} "
              f"{'RSS main':>9} {'RSS worker':>10} {'CPU main':>8} {'CPU wkrs':>8} {'x VADER':>8}")
    print(header)
    print("-" * len(header))
    for label, r in rows:
        arts = f"{r['articles']:,}" if r["articles"] is not None else "-"
        rate = f"{r['articles'] / r['seconds']:,.0f}" if r["articles"] is not None else "-"
        same = f"x{args.copies}," in label
        ratio = f"{r['seconds'] / vader:.2f}" if same else "-"
        print(f"{label:<48} {arts:>9} {r['sentences']:>10,} {r['seconds']:>8.1f} {rate:>7} "
              f"{r['sentences'] / r['seconds']:>8,.0f} {r['rss_main']:>6.0f} MiB {r['rss_worker']:>6.0f} MiB "
              f"{r['cpu_main']:>7.1f}s {r['cpu_workers']:>7.1f}s {ratio:>8}")
    if args.profile:
        print(f"\nWhere the time goes (cProfile, own time by module, {args.profile} BBC articles, one process):")
        stages = profile(args.source, args.profile)
        total = sum(s for _, s in stages)
        for name, seconds in stages[:12]:
            print(f"  {name:<34} {seconds:7.2f} s  {100 * seconds / total:5.1f}%")


if __name__ == "__main__":
    main()
