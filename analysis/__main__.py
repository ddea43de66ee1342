"""Command line: ``python -m analysis features INPUT... --out DIR`` and friends.

Bad input ends with one line on standard error, ``error: <file>: <reason>``, and exit status 2.
"""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from analysis.corpus import load_corpus
from analysis.errors import InputError
from analysis.features import build_features
from analysis.paths import BBC, FIGURES, SEEDS


def _features(args: argparse.Namespace) -> int:
    from analysis.pipeline import run_pipeline

    progress = sys.stderr.isatty() if args.progress is None else args.progress
    result = run_pipeline(
        args.inputs,
        args.out,
        manifest=args.manifest,
        skip_bad=args.skip_bad,
        chunk_size=args.chunk_size,
        jobs=args.jobs,
        fmt=args.format,
        engine=args.engine,
        scheduler=args.scheduler,
        progress=progress,
        feature_options={"codebook": args.frames, "registry": args.actors},
    )
    for where, reason in result.skipped:
        print(f"skipped: {where}: {reason}", file=sys.stderr)
    for name, path in result.paths.items():
        print(f"wrote {path} ({result.rows[name]} rows)")
    if result.skipped:
        print(f"{len(result.skipped)} file(s) skipped", file=sys.stderr)
    return 0


def _figures(args: argparse.Namespace) -> int:
    from analysis.figures import make_all

    bbc_tables = None
    if args.bbc.is_dir():
        bbc_tables = build_features(*load_corpus(args.bbc))
    else:
        print(f"skipped the BBC figures: no corpus at {args.bbc}", file=sys.stderr)
    for path in make_all(build_features(*load_corpus(args.inputs)), args.out, bbc_tables=bbc_tables):
        print(f"wrote {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for the docs and tests)."""
    top = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    commands = top.add_subparsers(dest="command", required=True)
    features = commands.add_parser("features", help="compute the feature tables for a corpus")
    features.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="folders of .txt files, .txt, .csv or .jsonl files"
    )
    features.add_argument("--out", default="out", help="output folder (default: out)")
    features.add_argument("--manifest", help="CSV of metadata keyed by 'file' or 'article_id'")
    features.add_argument("--skip-bad", action="store_true", help="skip unreadable files and list them")
    features.add_argument("--frames", metavar="FILE", help="frame codebook (YAML) replacing the default")
    features.add_argument("--actors", metavar="FILE", help="actor registry (CSV) extending the default")
    scale = features.add_argument_group("scale (see docs/scale.md)")
    scale.add_argument("--jobs", type=int, default=1, help="processes (local) or LocalCluster workers (default: 1)")
    scale.add_argument(
        "--chunk-size",
        type=int,
        default=1000,
        metavar="N",
        help="articles per chunk; memory grows with it, the output does not (default: 1000)",
    )
    scale.add_argument("--format", choices=["csv", "parquet"], default="csv", help="table file format (default: csv)")
    scale.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="local processes, or a dask.distributed cluster (the 'scale' extra)",
    )
    scale.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (default: a LocalCluster)")
    scale.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="report progress on stderr (default: only when stderr is a terminal)",
    )
    features.set_defaults(run=_features)
    figures = commands.add_parser("figures", help="regenerate every figure from the seed articles")
    figures.add_argument("inputs", nargs="*", default=[str(SEEDS)], metavar="INPUT", help="default: seeds/")
    figures.add_argument("--out", default=str(FIGURES), help="figure folder (default: figures/)")
    figures.add_argument("--bbc", type=Path, default=BBC, help="BBC corpus for the generalisation figures")
    figures.set_defaults(run=_figures)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as err:
        print("error: " + " ".join(str(err).split()), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
