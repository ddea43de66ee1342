"""Command line: ``python -m analysis features INPUT... --out DIR`` and friends.

Bad input ends with one line on standard error, ``error: <file>: <reason>``, and exit status 2.
"""

import argparse
import sys
from collections.abc import Sequence

from analysis.corpus import load_corpus, parse_documents, read_documents
from analysis.errors import InputError
from analysis.features import build_features, write_tables
from analysis.paths import FIGURES, SEEDS


def _features(args: argparse.Namespace) -> int:
    docs, skipped = read_documents(args.inputs, manifest=args.manifest, skip_bad=args.skip_bad)
    for where, reason in skipped:
        print(f"skipped: {where}: {reason}", file=sys.stderr)
    articles, sentences = parse_documents(docs)
    tables = build_features(articles, sentences, codebook=args.frames)
    for path in write_tables(tables, args.out):
        print(f"wrote {path} ({len(tables[path.stem])} rows)")
    if skipped:
        print(f"{len(skipped)} file(s) skipped", file=sys.stderr)
    return 0


def _figures(args: argparse.Namespace) -> int:
    from analysis.figures import make_all

    articles, sentences = load_corpus(args.inputs)
    for path in make_all(build_features(articles, sentences), args.out):
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
    features.set_defaults(run=_features)
    figures = commands.add_parser("figures", help="regenerate every figure from the seed articles")
    figures.add_argument("inputs", nargs="*", default=[str(SEEDS)], metavar="INPUT", help="default: seeds/")
    figures.add_argument("--out", default=str(FIGURES), help="figure folder (default: figures/)")
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
