"""The feature pipeline: from raw articles to every table the package computes, written to disk.

:func:`build_features` is pure (tables in, tables out); :func:`write_tables` writes them so that a
failure never leaves a half-written table behind: each table is written under a temporary name
in the output folder and renamed into place only when all of them have been written.

>>> articles, sentences = parse_documents(pd.DataFrame({"article_id": ["a"], "text": ["Hi there."]}))
>>> sorted(build_features(articles, sentences))
['actor_tone', 'actors', 'articles', 'candidates', 'cooccurrence', 'frames', 'mentions', 'sentences']
"""

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from analysis import actors, cooccurrence, framing, tone
from analysis.corpus import parse_documents  # noqa: F401  (used in the doctest)
from analysis.errors import InputError

# Sort keys of each table: rows are written in this order, so files are stable across runs.
SORT_KEYS = {
    "articles": ["article_id"],
    "sentences": ["article_id", "start"],
    "frames": ["article_id", "start", "frame_id", "indicator"],
    "mentions": ["article_id", "paragraph", "start", "actor_id"],
    "actors": ["article_id", "actor_id"],
    "cooccurrence": ["unit", "actor_a", "actor_b"],
    "candidates": [],
    "actor_tone": ["article_id", "actor_id"],
}
# Tables computed over the whole corpus rather than article by article (a streaming run reduces them at the end).
CORPUS_LEVEL_TABLES = ("cooccurrence", "candidates")
# The unit of the co-occurrence table the pipeline writes (cooccurrence.cooccurrence offers the others).
COOCCURRENCE_UNIT = "sentence"
# The sentence tone measures aggregated per article and per actor (analysis.tone.SCALES lists them).
TONE_MEASURES = ("vader_compound", "calibrated_tone", "gdelt_tone", "diplomatic_score")


def build_features(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    registry: str | Path | pd.DataFrame | None = None,
    codebook: str | Path | None = None,
    corpus_level: bool = True,
) -> dict[str, pd.DataFrame]:
    """Every feature table for a parsed corpus, keyed by table name (the file name without ``.csv``).

    ``registry`` is an actor registry file extending the default (``analysis/data/actors.csv``), or a
    registry DataFrame from :func:`analysis.actors.load_registry`; ``codebook`` is a frame codebook file
    replacing the default (``analysis/data/frames.yaml``). Article-level aggregates are added as columns of
    ``articles``; sentence-level evidence gets its own table. ``corpus_level=False`` leaves out the tables
    of :data:`CORPUS_LEVEL_TABLES`, for callers that compute them once over many chunks.
    """
    if registry is not None and not isinstance(registry, pd.DataFrame):
        registry = actors.load_registry(registry)
    mentions = actors.find_mentions(sentences, articles, registry=registry)
    scored = tone.sentence_tone(sentences)
    evidence, salience = framing.frame_features(sentences, codebook=codebook)
    by_article = tone.article_tone(scored, measure=TONE_MEASURES).drop(columns="n_sentences")
    for extra in (by_article, salience.drop(columns="n_sentences")):
        articles = articles.merge(extra, on="article_id", how="left", validate="1:1")
    tables = {
        "articles": articles,
        "sentences": scored,
        "mentions": mentions,
        "actors": actors.actor_counts(mentions),
        # Title and standfirst mentions have no scored sentence; actor tone is over body sentences.
        "actor_tone": tone.actor_tone(scored, mentions, measure=TONE_MEASURES, unmatched="drop"),
        "frames": evidence,
    }
    if corpus_level:
        tables.update(corpus_tables(corpus_counts(mentions, sentences)))
    return tables


def corpus_counts(mentions: pd.DataFrame, sentences: pd.DataFrame) -> dict[str, object]:
    """The additive state of the corpus-level tables (:data:`CORPUS_LEVEL_TABLES`) for a set of articles.

    Counts of disjoint sets of articles add up (:func:`add_corpus_counts`), so a streaming run keeps one
    running total whose size grows with the number of distinct actors and pairs, not with the corpus.
    """
    return {
        "cooccurrence": cooccurrence.pair_counts(mentions, unit=COOCCURRENCE_UNIT, sentences=sentences),
        "candidates": actors.candidate_counts(mentions),
    }


def add_corpus_counts(first: dict[str, object], second: dict[str, object]) -> dict[str, object]:
    """The corpus counts of two disjoint sets of articles together, ``first`` read before ``second``."""
    return {
        "cooccurrence": cooccurrence.add_pair_counts(first["cooccurrence"], second["cooccurrence"]),
        "candidates": actors.add_candidate_counts(first["candidates"], second["candidates"]),
    }


def corpus_tables(counts: dict[str, object]) -> dict[str, pd.DataFrame]:
    """The tables computed over the whole corpus, actor co-occurrence and discovered candidate actors, from
    :func:`corpus_counts` (of the whole corpus, or added up over its chunks)."""
    return {
        "cooccurrence": cooccurrence.edges(counts["cooccurrence"]),
        "candidates": actors.candidate_table(counts["candidates"]),
    }


def sort_table(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """``table`` in the row order it is written in: by the keys :data:`SORT_KEYS` gives ``name``
    (stable, so ties keep their order), with a fresh index."""
    keys = [k for k in SORT_KEYS.get(name, []) if k in table.columns]
    return (table.sort_values(keys, kind="stable") if keys else table).reset_index(drop=True)


def write_tables(tables: dict[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    """Write each table as ``<name>.csv`` (UTF-8, one header row, rows sorted by id).

    Raises :class:`InputError` when ``out_dir`` is an existing file. Existing tables of the same
    name are replaced only after every table has been written in full.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(out_dir, "output path is a file, not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(out_dir, f"cannot create output folder ({err.strerror})") from None
    staging = Path(tempfile.mkdtemp(prefix=".partial-", dir=out_dir))
    try:
        for name, table in tables.items():
            sort_table(name, table).to_csv(staging / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
        written = []
        for name in tables:
            os.replace(staging / f"{name}.csv", out_dir / f"{name}.csv")
            written.append(out_dir / f"{name}.csv")
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
