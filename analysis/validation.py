"""Validation of the frame and actor measures against the hand coding in ``tests/data/``.

One place for what ``benchmarks/validate_frames.py``, ``benchmarks/validate_actors.py`` and the
notebooks report, so that the three routes cannot drift. The coding rules, the samples and the
splits are described in ``tests/data/CODING_RULES.md``:

- ``dev`` (tuning allowed): the first actor and frame samples, coded by coder A (second coder B),
  the second dev draw (``bbc_dev2_sample.csv``), coded by coder C, the second test round
  (``bbc_*_test2_sample.csv``), coded by coder D (second coder E), and the third test round
  (``bbc_*_test3_sample.csv``), coded by coders F (actors; second coder G) and H (frames; second
  coder I), and the fourth round (``bbc_*_test4_sample.csv``), coded by coders J (actors; second coder K)
  and L (frames; second coder M). Earlier test splits join ``dev`` once they have been reported: the first
  samples' ``test`` halves (scored twice; ``test1`` reruns them), the second round (scored once;
  ``test2``), the third (scored once; ``test3``) and the fourth (scored once; ``test4``); for frames also the
  fifth round (coder P, second Q; scored once; ``test5``), the sixth round's 300-article training sample
  (``bbc_frame_train6_sample.csv``, coders T to Y), its test sample (coder R, second S; scored once; ``test6``),
  the seventh round's 450-article training sample (``bbc_frame_train7_sample.csv``, coders AB to AG), its test
  sample (coder Z, second AA; scored once; ``test7``) and the eighth round's 300-article training sample
  (``bbc_frame_train8_sample.csv``, coders AJ to AO).
- ``test`` (reporting only): for actors the fifth test round (``bbc_actor_test5_sample.csv``), coded blind by
  coder N (second coder O); for frames the eighth round's test sample (``bbc_frame_test8_sample.csv``, 150
  articles), coded blind by coder AH (second coder AI). Fresh articles disjoint from every earlier draw; the
  second coder gives the human ceiling.
- :func:`scored_articles` says which articles a split scores and against which coders; every
  function below reads and scores those articles only, so a ``dev`` call never touches a test one.

Functions that run a measure on the BBC corpus (``../shared/data/bbc``) raise
:class:`~analysis.errors.InputError` when it is absent. Scores are returned unrounded; round them where
they are displayed.

>>> frame_presence(pd.DataFrame({"article_id": ["a"], "con_sides": [1], "eco_costs": [0]}),
...                prefixes={"conflict": "con_", "economic": "eco_"}).to_dict("records")
[{'article_id': 'a', 'conflict': 1, 'economic': 0}]
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import frame_model, framing, tone
from analysis.actors import find_mentions, load_registry
from analysis.corpus import load_corpus
from analysis.errors import InputError
from analysis.paths import BBC, ROOT, SEEDS
from analysis.resources import read_table

# The hand-coded samples and codings (tests/data/CODING_RULES.md). They stay beside the tests: they are
# the reference the package is scored against, not data the package ships.
CODING_DATA = ROOT / "tests" / "data"
CODINGS = CODING_DATA / "coding"

# Sample lists drawn by benchmarks/draw_samples.py (seed 20220306), each file marked dev or test; in draw order.
SAMPLES = {"frames": "bbc_frame_sample.csv", "actors": "bbc_actor_sample.csv", "dev2": "bbc_dev2_sample.csv",
           "frames_test2": "bbc_frame_test2_sample.csv", "actors_test2": "bbc_actor_test2_sample.csv",
           "frames_test3": "bbc_frame_test3_sample.csv", "actors_test3": "bbc_actor_test3_sample.csv",
           "frames_test4": "bbc_frame_test4_sample.csv", "actors_test4": "bbc_actor_test4_sample.csv",
           "actors_test5": "bbc_actor_test5_sample.csv", "frames_test5": "bbc_frame_test5_sample.csv",
           "frames_test6": "bbc_frame_test6_sample.csv", "frames_train6": "bbc_frame_train6_sample.csv",
           "frames_test7": "bbc_frame_test7_sample.csv", "frames_train7": "bbc_frame_train7_sample.csv",
           "frames_test8": "bbc_frame_test8_sample.csv", "frames_train8": "bbc_frame_train8_sample.csv"}
CODERS = (*"abcdefghijklmnopqrstuvwxyz", *(f"a{letter}" for letter in "abcdefghijklmno"))
# What each split scores: (sample, categories kept or None for all, reference coder, second coder or None).
# Coder C coded actors in the politics and business articles of the second dev draw only. A reference coder
# of None means the sample's own `coder` column names each article's coder (the training samples of the sixth to
# eighth rounds).
SPLIT_PARTS = {
    ("frames", "dev"): [("frames", None, "a", "b"), ("dev2", None, "c", None), ("frames_test2", None, "d", "e"),
                        ("frames_test3", None, "h", "i"), ("frames_test4", None, "l", "m"),
                        ("frames_test5", None, "p", "q"), ("frames_train6", None, None, None),
                        ("frames_test6", None, "r", "s"), ("frames_train7", None, None, None),
                        ("frames_test7", None, "z", "aa"), ("frames_train8", None, None, None)],
    ("frames", "test"): [("frames_test8", None, "ah", "ai")],
    ("frames", "test1"): [("frames", None, "a", "b")],
    ("frames", "test2"): [("frames_test2", None, "d", "e")],
    ("frames", "test3"): [("frames_test3", None, "h", "i")],
    ("frames", "test4"): [("frames_test4", None, "l", "m")],
    ("frames", "test5"): [("frames_test5", None, "p", "q")],
    ("frames", "test6"): [("frames_test6", None, "r", "s")],
    ("frames", "test7"): [("frames_test7", None, "z", "aa")],
    ("actors", "dev"): [("actors", None, "a", "b"), ("dev2", ("politics", "business"), "c", None),
                        ("actors_test2", None, "d", "e"), ("actors_test3", None, "f", "g"),
                        ("actors_test4", None, "j", "k")],
    ("actors", "test"): [("actors_test5", None, "n", "o")],
    ("actors", "test1"): [("actors", None, "a", "b")],
    ("actors", "test2"): [("actors_test2", None, "d", "e")],
    ("actors", "test3"): [("actors_test3", None, "f", "g")],
    ("actors", "test4"): [("actors_test4", None, "j", "k")],
    ("actors", "test5"): [("actors_test5", None, "n", "o")],
}
SPLITS = {measure: tuple(split for m, split in SPLIT_PARTS if m == measure) for measure in ("frames", "actors")}
# The rows of the first samples that test1 scores (their former test halves).
TEST1_ROWS = "test"
CODING_NAMES = ("actors", "generic_frames", "issue_frames")  # <name>_coder_<coder>.csv

# Semetko & Valkenburg (2000) generic frames and the prefix of their indicator columns
# (CODING_RULES.md section B: a frame is present when any of its indicators is 1).
GENERIC_FRAMES = ("responsibility", "human_interest", "conflict", "morality", "economic")
INDICATOR_PREFIXES = {
    "responsibility": "resp_",
    "human_interest": "hi_",
    "conflict": "con_",
    "morality": "mor_",
    "economic": "eco_",
}
# The issue frames of the seed corpus (CODING_RULES.md section C).
ISSUE_FRAMES = ("diplomacy", "intl_law", "humanitarian", "security", "neutrality", "regional", "bilateral", "war")

# find_mentions option variants compared on the dev split (docs/actors.md, "Validation").
ACTOR_VARIANTS = {
    "registry only": {"discover": False},
    "places keep": {"places": "keep"},
    "min_confidence 0.3": {"min_confidence": 0.3},
    "min_confidence 0.7": {"min_confidence": 0.7},
    "min_confidence 0.85": {"min_confidence": 0.85},
}
FRAME_THRESHOLD_CANDIDATES = (1, 2, 3, 4, 5)  # the values of FRAME_MIN_SENTENCES tried on dev (docs/framing.md)
# Article-level bootstrap of the actor scores' 95% intervals (_article_intervals): twice the tone bootstrap's
# 1,000 resamples (each 2.5% tail then rests on 50), as resampling a few dozen articles' counts is cheap; the
# same seed as the tone bootstrap and the draws.
SCORE_BOOTSTRAP_RESAMPLES = 2000
SCORE_BOOTSTRAP_SEED = tone.BOOTSTRAP_SEED


# --------------------------------------------------------------------------------------------- reading
def _check_choice(name: str, value: object, choices: Sequence[str]) -> None:
    if value not in choices:
        raise InputError(name, f"must be one of {', '.join(map(repr, choices))}, got {value!r}")


def read_sample(name: str, split: str | None = None) -> pd.DataFrame:
    """A sample list of BBC articles as drawn: ``file, split, article_id``, optionally one drawn split only.

    Parameters
    ----------
    name : {"frames", "actors", "dev2", "frames_test2", "actors_test2", "frames_test3", "actors_test3", ...}
        A key of ``SAMPLES``: the first frame sample (40 articles), the first actor sample (30), the second
        dev draw (45, all ``dev``), the second- and third-round test samples (25 frames and 20 actors each),
        the fourth round's (40 and 20) and the fifth round's (50 and 30), all marked ``test`` by the draw; the
        sixth round's frame test sample (50) and training sample (300, ``dev``, with a ``coder`` column), and the
        seventh round's (100 and 450, likewise) and the eighth round's (150 and 300, likewise).
    split : {"dev", "test"} or None
        Keep the rows the draw marked so (default: every article). Which articles a split of the
        validation scores is :func:`scored_articles`' business.

    Examples
    --------
    >>> sorted(read_sample("frames")["split"].unique())
    ['dev', 'test']
    >>> read_sample("dev2", "test").empty
    True
    """
    _check_choice("name", name, tuple(SAMPLES))
    if split is not None:
        _check_choice("split", split, ("dev", "test"))
    sample = read_table(CODING_DATA / SAMPLES[name])
    sample["article_id"] = sample["file"].str.removesuffix(".txt")
    if split is not None:
        sample = sample[sample["split"] == split].reset_index(drop=True)
    return sample


def read_coding(name: str, coder: str) -> pd.DataFrame:
    """One coder's coding, as written, plus ``article_id`` for the article-level codings.

    Parameters
    ----------
    name : {"actors", "generic_frames", "issue_frames"}
        ``actors``: ``file, actor, type, surfaces``; ``generic_frames``: ``file`` and the 0/1 indicator
        columns (as integers); ``issue_frames``: ``sentence_id, text, frames`` (``|``-joined ids).
    coder : {"a", ..., "z", "aa", ..., "ao"}
        A key of ``CODERS``.

    Examples
    --------
    >>> sorted(read_coding("generic_frames", "a")["con_sides"].unique().tolist())
    [0, 1]
    """
    _check_choice("name", name, CODING_NAMES)
    _check_choice("coder", coder, CODERS)
    path = CODINGS / f"{name}_coder_{coder}.csv"
    if not path.is_file():
        raise InputError(path, "no such coding file")
    table = read_table(path)
    if "file" in table.columns:
        table["article_id"] = table["file"].str.removesuffix(".txt")
    if name == "generic_frames":
        cols = indicator_columns(table)
        table[cols] = table[cols].astype(int)
    return table


def _has_coding(name: str, coder: str) -> bool:
    return (CODINGS / f"{name}_coder_{coder}.csv").is_file()


def scored_articles(measure: str, split: str) -> pd.DataFrame:
    """The articles a split scores, their reference coder and second coder: ``article_id, coder, second``.

    ``dev``: the first samples (coder A, second coder B), the second dev draw (coder C; for actors its
    politics and business articles), the second round (coder D, second coder E) and the third (actors
    coder F, second G; frames coder H, second I) and the fourth (actors coder J, second K; frames coder L,
    second M); for frames also the fifth round (coder P, second Q), the sixth round (training sample: coders T to
    Y, named per article by the sample's ``coder`` column; test sample: coder R, second S), the seventh round
    (training sample: coders AB to AG, likewise; test sample: coder Z, second AA) and the eighth round's training
    sample (coders AJ to AO, likewise). ``test``: actors, the fifth round (coder N, second O); frames, the eighth
    round's test sample (coder AH, second AI). ``test1`` to ``test7`` (actors: to ``test5``, which is still their
    ``test``): the former test splits.
    Articles without any coded actor are scored too (an actor coding has no row for them).

    Examples
    --------
    >>> dev = scored_articles("frames", "dev")
    >>> len(dev), dev["coder"].nunique(), int((dev["coder"] == "ab").sum())
    (1425, 26, 75)
    >>> len(scored_articles("actors", "test")), len(scored_articles("actors", "test4"))
    (30, 20)
    """
    _check_choice("measure", measure, tuple(SPLITS))
    _check_choice("split", split, SPLITS[measure])
    parts = []
    for sample_name, categories, coder, second in SPLIT_PARTS[(measure, split)]:
        sample = read_sample(sample_name, TEST1_ROWS if split == "test1" else None)
        if categories is not None:
            sample = sample[sample["file"].str.split("/").str[0].isin(categories)]
        coders = sample["coder"] if coder is None else coder
        parts.append(sample[["article_id"]].assign(coder=coders, second=second))
    return pd.concat(parts, ignore_index=True)


def reference_label(measure: str, split: str) -> str:
    """Who a split is scored against, for a report's heading: each reference coder and its article count.

    Examples
    --------
    >>> reference_label("frames", "test")
    'coder AH on 150'
    """
    counts = scored_articles(measure, split)["coder"].value_counts(sort=False)
    return ", ".join(f"coder {coder.upper()} on {n}" for coder, n in counts.items())


def _coded(name: str, scored: pd.DataFrame, role: str) -> pd.DataFrame:
    """The rows of each scored article from the coder ``role`` names for it (``coder`` or ``second``)."""
    parts = []
    for coder, ids in scored.dropna(subset=[role]).groupby(role, sort=False)["article_id"]:
        if _has_coding(name, coder):
            coding = read_coding(name, coder)
            parts.append(coding[coding["article_id"].isin(set(ids))].assign(coder=coder))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["article_id", "coder"])


def bbc_corpus(article_ids: Sequence[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(articles, sentences) of the BBC corpus, optionally of some articles only.

    Raises :class:`~analysis.errors.InputError` when the corpus is not at ``analysis.paths.BBC``.
    An unreadable file is skipped (none is, today).
    """
    if not BBC.is_dir():
        raise InputError(BBC, "the BBC corpus is not there (it lives in ../shared/data/bbc beside the repository)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles, sentences = load_corpus(BBC, skip_bad=True)
    if article_ids is not None:
        keep = set(article_ids)
        articles = articles[articles["article_id"].isin(keep)].reset_index(drop=True)
        sentences = sentences[sentences["article_id"].isin(keep)].reset_index(drop=True)
    return articles, sentences


# --------------------------------------------------------------------------------------------- agreement
def indicator_columns(table: pd.DataFrame, prefixes: Mapping[str, str] = INDICATOR_PREFIXES) -> list[str]:
    """The columns of ``table`` that are indicators of some frame (their name starts with its prefix).

    >>> indicator_columns(pd.DataFrame(columns=["file", "hi_face", "eco_costs"]))
    ['hi_face', 'eco_costs']
    """
    starts = tuple(prefixes.values())
    return [c for c in table.columns if isinstance(c, str) and c.startswith(starts)]


def frame_presence(indicators: pd.DataFrame, *, prefixes: Mapping[str, str] = INDICATOR_PREFIXES) -> pd.DataFrame:
    """Frame presence from indicator columns: a frame is present when any of its indicators is 1.

    Parameters
    ----------
    indicators : DataFrame
        ``article_id`` and 0/1 indicator columns named ``<prefix><question>``.
    prefixes : mapping
        Frame id to the prefix of its indicator columns (default: the S&V 2000 frames).

    Returns
    -------
    DataFrame
        ``article_id`` and one 0/1 column per frame, in the order of ``prefixes``.

    Examples
    --------
    >>> ind = pd.DataFrame({"article_id": ["a", "b"], "con_sides": [1, 0], "con_winners": [1, 0]})
    >>> frame_presence(ind, prefixes={"conflict": "con_"})["conflict"].tolist()
    [1, 0]
    """
    if not isinstance(indicators, pd.DataFrame) or "article_id" not in indicators.columns:
        raise InputError("indicators", "expected a DataFrame with an 'article_id' column")
    out = indicators[["article_id"]].copy()
    for frame, prefix in prefixes.items():
        cols = [c for c in indicators.columns if isinstance(c, str) and c.startswith(prefix)]
        if not cols:
            raise InputError("indicators", f"no indicator column of frame {frame!r} (prefix {prefix!r})")
        out[frame] = indicators[cols].astype(int).max(axis=1)
    return out


def issue_labels(coding: pd.DataFrame, frames: Sequence[str] = ISSUE_FRAMES) -> pd.DataFrame:
    """A sentence coding's ``|``-joined ``frames`` as one 0/1 column per frame, keyed by ``sentence_id``.

    >>> issue_labels(pd.DataFrame({"sentence_id": ["s1"], "frames": ["war|diplomacy"]}),
    ...              frames=["war", "security"]).to_dict("records")
    [{'sentence_id': 's1', 'war': 1, 'security': 0}]
    """
    out = coding[["sentence_id"]].copy()
    sets = coding["frames"].fillna("").map(lambda v: {t.strip() for t in v.split("|") if t.strip()})
    for f in frames:
        out[f] = sets.map(lambda s, f=f: int(f in s))
    return out


def agreement_table(
    system: pd.DataFrame,
    reference: pd.DataFrame,
    second: pd.DataFrame | None = None,
    *,
    columns: Sequence[str],
    key: str = "article_id",
) -> pd.DataFrame:
    """Per-column agreement of the system with the reference, the human ceiling, and a macro row.

    Parameters
    ----------
    system, reference : DataFrame
        0/1 codings keyed by ``key`` (see :func:`analysis.framing.frame_agreement`).
    second : DataFrame, optional
        A second coder's coding of the same units (coder B), scored against ``reference`` too.
    columns : sequence of str
        The frames or indicators to score.

    Returns
    -------
    DataFrame
        ``column, n, prevalence, precision, recall, f1, alpha`` (system vs reference), then with ``second``
        ``alpha_b_vs_a, f1_b_vs_a``, then ``n_present`` (units the reference codes 1); a last ``macro`` row
        holds the mean of each score over the columns (``n_present`` empty).

    Examples
    --------
    >>> a = pd.DataFrame({"article_id": [1, 2, 3], "war": [1, 0, 0], "law": [1, 1, 0]})
    >>> agreement_table(a, a, a, columns=["war", "law"]).iloc[-1][["f1", "alpha", "f1_b_vs_a"]].to_dict()
    {'f1': 1.0, 'alpha': 1.0, 'f1_b_vs_a': 1.0}
    """
    columns = list(columns)
    table = framing.frame_agreement(system, reference, key=key, columns=columns)
    if second is not None:
        human = framing.frame_agreement(second, reference, key=key, columns=columns)
        table["alpha_b_vs_a"] = human["alpha"].to_numpy()
        table["f1_b_vs_a"] = human["f1"].to_numpy()
    table["n_present"] = (table["prevalence"] * table["n"]).round().astype(int)
    macro = {"column": "macro", "n": table["n"].iloc[0]}
    macro |= {c: table[c].mean() for c in table.columns if c not in ("column", "n", "n_present")}
    return pd.concat([table, pd.DataFrame([macro])], ignore_index=True)


# --------------------------------------------------------------------------------------------- frames
def frame_reference(split: str = "dev") -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """(reference coding, second coding) of a split's articles: ``article_id``, ``coder`` and indicators.

    The reference is each article's reference coder (see :func:`scored_articles`); the second coding covers
    the articles that have a second coder (``None`` when there is none).

    Examples
    --------
    >>> ref, second = frame_reference("dev")
    >>> len(ref), len(second)
    (1425, 330)
    """
    scored = scored_articles("frames", split)
    reference = _coded("generic_frames", scored, "coder")
    reference = reference[["article_id", *indicator_columns(reference), "coder"]]
    second = _coded("generic_frames", scored, "second")
    if second.empty:
        return reference, None
    return reference, second[["article_id", *indicator_columns(second)]].reset_index(drop=True)


def _coded_presence(coding: pd.DataFrame) -> pd.DataFrame:
    """A frame coding's presence per generic frame (its indicator columns only; see :func:`frame_presence`)."""
    return frame_presence(coding[["article_id", *indicator_columns(coding)]])


def _present(table: pd.DataFrame) -> pd.DataFrame:
    """A system's ``present_<frame>`` columns, named by frame as a coding's presence is."""
    return table[["article_id", *(f"present_{f}" for f in GENERIC_FRAMES)]].rename(
        columns={f"present_{f}": f for f in GENERIC_FRAMES})


def _presence_agreement(system: pd.DataFrame, reference: pd.DataFrame, second: pd.DataFrame | None) -> pd.DataFrame:
    """:func:`agreement_table` of a system's presence against a split's reference and second codings."""
    return agreement_table(_present(system), _coded_presence(reference),
                           _coded_presence(second) if second is not None else None, columns=GENERIC_FRAMES)


def _split_sentences(ids: pd.Series, sentences: pd.DataFrame | None) -> pd.DataFrame:
    if sentences is None:
        _, sentences = bbc_corpus()
    return sentences[sentences["article_id"].isin(set(ids))]


def frame_validation(
    split: str = "dev",
    *,
    codebook: framing.Codebook | str | Path | None = None,
    min_sentences: int | Mapping[str, int] | None = None,
    sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Generic frames, article level, on a BBC split: the system's presence against the reference.

    Parameters
    ----------
    split : {"dev", "test", "test1", "test2", "test3", "test4", "test5", "test6", "test7"}
        ``dev`` (default): 1,425 articles (coders A, C, D, H, L, P, R, T to Z, AB to AG and AJ to AO). ``test``: the
        eighth round, 150 articles, coder AH (the held-out report: score it once). ``test1`` to ``test7``: the
        earlier test splits (coders A, D, H, L, P, R and Z), part of ``dev`` since.
    codebook : Codebook, path or None
        The frame codebook (default: the packaged one).
    min_sentences : int, mapping or None
        The presence rule of :func:`analysis.framing.frame_salience` (default ``FRAME_MIN_SENTENCES``).
    sentences : DataFrame, optional
        The BBC sentence table, if already loaded (only the split's articles are read from it).

    Returns
    -------
    DataFrame
        :func:`agreement_table` over the five generic frames: ``prevalence, precision, recall, f1, alpha``
        against the reference, ``alpha_b_vs_a, f1_b_vs_a`` of the second coder (where there is one),
        ``n_present`` and a ``macro`` row.

    Examples
    --------
    >>> frame_validation("dev")["column"].tolist()  # doctest: +SKIP
    ['responsibility', 'human_interest', 'conflict', 'morality', 'economic', 'macro']
    """
    _check_choice("split", split, SPLITS["frames"])
    cb = framing._resolve(codebook)
    reference, second = frame_reference(split)
    sents = _split_sentences(reference["article_id"], sentences)
    evidence = framing.detect_frames(sents, codebook=cb, families=["generic"])
    salience = framing.frame_salience(evidence, sents, codebook=cb, min_sentences=min_sentences)
    return _presence_agreement(salience, reference, second)


def indicator_validation(
    split: str = "dev",
    *,
    codebook: framing.Codebook | str | Path | None = None,
    min_sentences: int | None = None,
    sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The same table per S&V indicator question (a diagnostic of which question the evidence answers).

    ``min_sentences`` is the rule of :func:`analysis.framing.indicator_presence` (default
    ``ARTICLE_MIN_SENTENCES``); the other parameters are those of :func:`frame_validation`.

    Examples
    --------
    >>> len(indicator_validation("dev"))  # doctest: +SKIP
    20
    """
    _check_choice("split", split, SPLITS["frames"])
    cb = framing._resolve(codebook)
    reference, second = frame_reference(split)
    cols = indicator_columns(reference)
    sents = _split_sentences(reference["article_id"], sentences)
    evidence = framing.detect_frames(sents, codebook=cb, families=["generic"])
    system = framing.indicator_presence(
        evidence,
        sents,
        codebook=cb,
        min_sentences=framing.ARTICLE_MIN_SENTENCES if min_sentences is None else min_sentences,
    )
    return agreement_table(
        system,
        reference[["article_id", *cols]],
        second[["article_id", *cols]] if second is not None else None,
        columns=cols,
        key="article_id",
    )


def frame_threshold_tuning(
    *,
    codebook: framing.Codebook | str | Path | None = None,
    candidates: Sequence[int] = FRAME_THRESHOLD_CANDIDATES,
    sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Scores of each candidate presence threshold, per generic frame, on the ``dev`` split only.

    The way ``FRAME_MIN_SENTENCES`` was chosen (the dev-best value, smallest on a tie). There is no
    ``split`` parameter: tuning never looks at the test articles.

    Returns
    -------
    DataFrame
        ``frame, min_sentences, f1, alpha, precision, recall``, by frame then threshold.

    Examples
    --------
    >>> frame_threshold_tuning(candidates=[1, 2])["min_sentences"].tolist()[:2]  # doctest: +SKIP
    [1, 2]
    """
    cb = framing._resolve(codebook)
    reference, _ = frame_reference("dev")
    ref_frames = _coded_presence(reference)
    sents = _split_sentences(reference["article_id"], sentences)
    evidence = framing.detect_frames(sents, codebook=cb, families=["generic"])
    rows = []
    for k in candidates:
        sal = framing.frame_salience(evidence, sents, codebook=cb, min_sentences=k)
        t = framing.frame_agreement(_present(sal), ref_frames, columns=list(GENERIC_FRAMES))
        for f, f1, alpha, p, r in zip(t["column"], t["f1"], t["alpha"], t["precision"], t["recall"], strict=True):
            rows.append({"frame": f, "min_sentences": k, "f1": f1, "alpha": alpha, "precision": p, "recall": r})
    order = {f: i for i, f in enumerate(GENERIC_FRAMES)}
    table = pd.DataFrame(rows, columns=["frame", "min_sentences", "f1", "alpha", "precision", "recall"])
    return table.sort_values(
        ["frame", "min_sentences"], key=lambda c: c.map(order) if c.name == "frame" else c, kind="stable"
    ).reset_index(drop=True)


def frame_model_cv(*, embed: bool = True, words: bool = True, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """The learned presence model (:mod:`analysis.frame_model`), 5-fold cross-validated on the dev split.

    Returns :func:`agreement_table` of the out-of-fold predictions against the dev reference (no second-coder
    columns: each fold's human ceiling is not defined). ``embed`` and ``words`` are the model's feature switches.
    """
    labels = _coded_presence(frame_reference("dev")[0])
    sents = _split_sentences(labels["article_id"], sentences)
    predicted = frame_model.cross_validate_presence(sents, labels, embed=embed, words=words)
    return agreement_table(_present(predicted), labels, columns=GENERIC_FRAMES)


def frame_model_validation(split: str = "dev", *, embed: bool = True, words: bool = True,
                           sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """The learned presence model fitted on every dev article, scored on ``split`` like :func:`frame_validation`.

    ``split="dev"`` scores the model on its own training articles (a fit check, not a score); ``test`` is the
    held-out report.
    """
    _check_choice("split", split, SPLITS["frames"])
    if sentences is None:
        _, sentences = bbc_corpus()
    train = _coded_presence(frame_reference("dev")[0])
    model = frame_model.FramePresenceModel(embed=embed, words=words)
    model.fit(_split_sentences(train["article_id"], sentences), train)
    reference, second = frame_reference(split)
    predicted = model.predict(_split_sentences(reference["article_id"], sentences))
    return _presence_agreement(predicted, reference, second)


def _seed_coding(coder: str) -> pd.DataFrame:
    to_code = read_table(CODING_DATA / "seed_sentences_to_code.csv")
    coding = read_coding("issue_frames", coder)
    return coding[coding["sentence_id"].isin(set(to_code["sentence_id"]))]


def issue_frame_validation(*, codebook: framing.Codebook | str | Path | None = None) -> pd.DataFrame:
    """Issue frames, sentence level, on the seed sentences: the system against coder A (and B).

    IN-SAMPLE: the issue frames and their cues were written from these sentences, so this checks the
    codebook says what it means, not that it generalises. Needs only the repository.

    Returns
    -------
    DataFrame
        :func:`agreement_table` keyed by ``sentence_id``, one row per issue frame and a ``macro`` row.

    Examples
    --------
    >>> table = issue_frame_validation()
    >>> len(table), int(table["n"].iloc[0]), table["column"].iloc[-1]
    (9, 30, 'macro')
    """
    cb = framing._resolve(codebook)
    a = _seed_coding("a")
    b = _seed_coding("b") if _has_coding("issue_frames", "b") else None
    _, sentences = load_corpus([SEEDS])
    sentences = sentences[sentences["sentence_id"].isin(set(a["sentence_id"]))]
    evidence = framing.detect_frames(sentences, codebook=cb, families=["issue"])
    system = sentences[["sentence_id"]].copy()
    for f in ISSUE_FRAMES:
        system[f] = system["sentence_id"].isin(set(evidence.loc[evidence["frame_id"] == f, "sentence_id"])).astype(int)
    return agreement_table(
        system, issue_labels(a), issue_labels(b) if b is not None else None, columns=ISSUE_FRAMES, key="sentence_id"
    )


def frame_classifier_cv(*, n_splits: int = 5, random_state: int = 0) -> pd.DataFrame:
    """Cross-validated scores of :class:`analysis.framing.FrameClassifier` on coder A's seed coding.

    Plain shuffled K-fold over the 30 seed sentences (see :func:`analysis.framing.cross_validate_frames`).

    Examples
    --------
    >>> frame_classifier_cv()["frame_id"].iloc[-1]
    'macro'
    """
    a = _seed_coding("a")
    labelled = a.assign(article_id=a["sentence_id"].str.split(":").str[0])
    return framing.cross_validate_frames(
        labelled, text="text", labels="frames", n_splits=n_splits, random_state=random_state
    )


# --------------------------------------------------------------------------------------------- actors
def _actor_sets(table: pd.DataFrame) -> dict[str, list[tuple[str, set[str]]]]:
    """Per article, its distinct actors as (name, lower-case keys), from a coding or from mentions."""
    out: dict[str, list[tuple[str, set[str]]]] = {}
    if "surfaces" in table.columns:  # a coding: actor and '|'-joined surfaces
        for art, actor, surfaces in zip(table["article_id"], table["actor"], table["surfaces"], strict=True):
            keys = {actor.strip().lower()} | {s.strip().lower() for s in surfaces.split("|") if s.strip()}
            out.setdefault(art, []).append((actor, keys))
        return out
    # find_mentions output: a surface counts with and without its attached title ("Mr Blair", "Blair")
    m = table.assign(
        bare=[s[len(t) :].strip() if t else s for s, t in zip(table["surface"], table["title"], strict=True)]
    )
    for (art, _), g in m.groupby(["article_id", "actor_id"], sort=False):
        keys = {g["name"].iloc[0].lower()} | set(g["surface"].str.lower()) | set(g["bare"].str.lower())
        out.setdefault(art, []).append((g["name"].iloc[0], keys))
    return out


def _match(system: dict, gold: dict, articles: Sequence[str]) -> dict:
    counts = np.zeros((len(articles), 3), dtype=int)  # per article: matched, system, coded
    misses, extras = [], []
    for a, art in enumerate(articles):
        sys_list, gold_list = list(system.get(art, [])), gold.get(art, [])
        used: set[int] = set()
        for name, keys in gold_list:
            hit = next((k for k, (_, sk) in enumerate(sys_list) if k not in used and sk & keys), None)
            if hit is None:
                misses.append((art, name))
            else:
                used.add(hit)
        counts[a] = len(used), len(sys_list), len(gold_list)
        extras += [(art, sys_list[k][0]) for k in range(len(sys_list)) if k not in used]
    tp, n_sys, n_gold = counts.sum(axis=0).tolist()
    p = tp / n_sys if n_sys else float("nan")
    r = tp / n_gold if n_gold else float("nan")
    f = 2 * p * r / (p + r) if p + r else float("nan")
    (p_low, p_high), (r_low, r_high) = _article_intervals(counts)
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "matched": tp,
        "system": n_sys,
        "coded": n_gold,
        "articles": len(articles),
        "precision_low": p_low,
        "precision_high": p_high,
        "recall_low": r_low,
        "recall_high": r_high,
        "misses": misses,
        "extras": extras,
    }


def _article_intervals(counts: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """Percentile-bootstrap 95% intervals of pooled precision and recall, resampling whole articles (actors of
    one article are not independent), from per-article (matched, system, coded) counts; seeded, so repeatable."""
    nan = (float("nan"), float("nan"))
    if len(counts) == 0:
        return nan, nan
    rng = np.random.default_rng(SCORE_BOOTSTRAP_SEED)
    sums = counts[rng.integers(0, len(counts), (SCORE_BOOTSTRAP_RESAMPLES, len(counts)))].sum(axis=1)
    intervals = []
    for denominator in (sums[:, 1], sums[:, 2]):  # precision: over system actors; recall: over coded ones
        kept = denominator > 0
        scores = sums[kept, 0] / denominator[kept]
        intervals.append(tuple(np.percentile(scores, [2.5, 97.5]).tolist()) if len(scores) else nan)
    return intervals[0], intervals[1]


def _articles_of(system: pd.DataFrame, reference: pd.DataFrame, articles: Sequence[str] | None) -> list[str]:
    if articles is not None:
        return list(articles)
    return list(dict.fromkeys([*reference["article_id"], *system["article_id"]]))


def actor_agreement(
    system: pd.DataFrame, reference: pd.DataFrame, *, articles: Sequence[str] | None = None
) -> pd.DataFrame:
    """Actor-level precision and recall of one coding (or of find_mentions output) against another.

    Unit: the distinct actors of an article. A system actor matches a reference actor of the same article
    when they share a surface form (case-insensitive) or a canonical name; matching is one-to-one, greedy
    in the order of the reference. Counts are pooled over ``articles`` (micro average).

    Parameters
    ----------
    system : DataFrame
        A coding (``article_id, actor, surfaces``, surfaces ``|``-joined) or :func:`analysis.actors.find_mentions`
        output (its surfaces count with and without their title).
    reference : DataFrame
        A coding, as :func:`read_coding` gives it.
    articles : sequence of str, optional
        The articles scored (default: every article of either table). An article listed here with no
        actor in one table still counts the other's actors.

    Returns
    -------
    DataFrame
        One row: ``precision, recall, f1, matched, system, coded, articles`` and the 95% intervals of precision
        and recall from a percentile bootstrap over articles, ``precision_low, precision_high, recall_low,
        recall_high`` (seeded; NaN with no articles).

    Examples
    --------
    >>> a = pd.DataFrame({"article_id": ["x"], "actor": ["Tony Blair"], "surfaces": ["Mr Blair|Blair"]})
    >>> s = pd.DataFrame({"article_id": ["x", "x"], "actor": ["Blair", "BBC"], "surfaces": ["Blair", "BBC"]})
    >>> actor_agreement(s, a)[["precision", "recall", "matched"]].to_dict("records")
    [{'precision': 0.5, 'recall': 1.0, 'matched': 1}]
    """
    res = _match(_actor_sets(system), _actor_sets(reference), _articles_of(system, reference, articles))
    return pd.DataFrame([{k: v for k, v in res.items() if k not in ("misses", "extras")}])


def actor_errors(
    system: pd.DataFrame, reference: pd.DataFrame, *, articles: Sequence[str] | None = None
) -> pd.DataFrame:
    """The reference actors not found (``missed``) and the system actors not coded (``extra``).

    Same matching as :func:`actor_agreement`; columns ``kind, article_id, actor``, misses first.

    Examples
    --------
    >>> a = pd.DataFrame({"article_id": ["x"], "actor": ["Tony Blair"], "surfaces": ["Blair"]})
    >>> s = pd.DataFrame({"article_id": ["x"], "actor": ["BBC"], "surfaces": ["BBC"]})
    >>> actor_errors(s, a)["kind"].tolist()
    ['missed', 'extra']
    """
    res = _match(_actor_sets(system), _actor_sets(reference), _articles_of(system, reference, articles))
    rows = [("missed", *m) for m in res["misses"]] + [("extra", *e) for e in res["extras"]]
    return pd.DataFrame(rows, columns=["kind", "article_id", "actor"])


def actor_reference(split: str = "dev") -> pd.DataFrame:
    """The reference actor coding of a split: each article's reference coder's rows, with ``coder``.

    Examples
    --------
    >>> actor_reference("dev")["coder"].unique().tolist()
    ['a', 'c', 'd', 'f', 'j']
    """
    return _coded("actors", scored_articles("actors", split), "coder")


def _actor_mentions(
    ids: list[str],
    registry: pd.DataFrame | str | Path | None,
    corpus: tuple[pd.DataFrame, pd.DataFrame] | None,
    sample_only: bool,
    options: dict,
) -> pd.DataFrame:
    articles, sentences = corpus if corpus is not None else bbc_corpus(ids)
    if sample_only:
        keep = set(ids)
        articles = articles[articles["article_id"].isin(keep)].reset_index(drop=True)
        sentences = sentences[sentences["article_id"].isin(keep)]
    if isinstance(registry, str | Path):
        registry = load_registry(registry)
    mentions = find_mentions(sentences, articles, registry=registry, **options)
    return mentions[mentions["article_id"].isin(set(ids))]


def actor_validation(
    split: str = "dev",
    *,
    registry: pd.DataFrame | str | Path | None = None,
    min_confidence: float | None = None,
    variants: bool = False,
    corpus: tuple[pd.DataFrame, pd.DataFrame] | None = None,
    sample_only: bool = True,
) -> pd.DataFrame:
    """Actor-level precision and recall of :func:`analysis.actors.find_mentions` on a BBC split.

    Parameters
    ----------
    split : {"dev", "test", "test1", "test2", "test3", "test4", "test5"}
        See :func:`scored_articles`: ``dev`` (default) 108 articles (coder A on 30, coder C on 18, coder D
        on 20, coder F on 20, coder J on 20), ``test`` the fifth round's 30 (coder N; the held-out report:
        score it once), ``test1`` to ``test4`` the earlier test splits (coders A, D, F and J, part of ``dev``
        since).
    registry : DataFrame, path or None
        The registry to run with (a path is read with ``load_registry``, extending the packaged one).
    min_confidence : float, optional
        Overrides find_mentions' default in the ``system (defaults)`` row.
    variants : bool
        Also score the option variants of ``ACTOR_VARIANTS``.
    corpus : (articles, sentences), optional
        The BBC tables, if already loaded (default: read from ``analysis.paths.BBC``).
    sample_only : bool
        Run recognition on the scored articles only (default). Each article's mentions depend on that
        article alone, so ``False`` (recognition over all of ``corpus``) gives the same figures, slower.

    Returns
    -------
    DataFrame
        One row per comparison, ``measure, precision, recall, f1, matched, system, coded, articles``: the
        system with its defaults; on ``dev`` the same split by reference coder; the variants; the second
        coder against the reference coder on the articles both coded (the human ceiling).

    Examples
    --------
    >>> actor_validation("test")["measure"].tolist()  # doctest: +SKIP
    ['system (defaults)', 'coder G vs coder F (ceiling), 20 articles']
    """
    _check_choice("split", split, SPLITS["actors"])
    scored = scored_articles("actors", split)
    ids = scored["article_id"].tolist()
    gold = _actor_sets(actor_reference(split))
    configs = {"system (defaults)": {} if min_confidence is None else {"min_confidence": min_confidence}}
    if variants:
        configs |= ACTOR_VARIANTS
    if corpus is None:
        corpus = bbc_corpus(ids)
    rows = []

    def row(label: str, res: dict) -> dict:
        return {"measure": label, **{k: v for k, v in res.items() if k not in ("misses", "extras")}}

    by_coder = {coder: part["article_id"].tolist() for coder, part in scored.groupby("coder", sort=False)}
    for label, options in configs.items():
        found = _actor_sets(_actor_mentions(ids, registry, corpus, sample_only, options))
        rows.append(row(label, _match(found, gold, ids)))
        if len(by_coder) > 1 and label == "system (defaults)":
            for coder, sub in by_coder.items():
                rows.append(row(f"  of which {len(sub)} vs coder {coder.upper()}", _match(found, gold, sub)))
    second = _coded("actors", scored, "second")
    for (other, coder), part in scored.dropna(subset=["second"]).groupby(["second", "coder"], sort=False):
        if _has_coding("actors", other):
            sub = part["article_id"].tolist()
            rows.append(row(f"coder {other.upper()} vs coder {coder.upper()} (ceiling), {len(sub)} articles",
                            _match(_actor_sets(second[second["coder"] == other]), gold, sub)))
    return pd.DataFrame(rows)


def actor_validation_errors(
    split: str = "dev",
    *,
    registry: pd.DataFrame | str | Path | None = None,
    min_confidence: float | None = None,
    corpus: tuple[pd.DataFrame, pd.DataFrame] | None = None,
    sample_only: bool = True,
) -> pd.DataFrame:
    """The misses and extras of the ``system (defaults)`` row of :func:`actor_validation` (same parameters).

    Columns ``kind`` (``missed``: coded, not found; ``extra``: found, not coded), ``article_id, actor``.

    Examples
    --------
    >>> actor_validation_errors("dev")["kind"].unique().tolist()  # doctest: +SKIP
    ['missed', 'extra']
    """
    _check_choice("split", split, SPLITS["actors"])
    ids = scored_articles("actors", split)["article_id"].tolist()
    options = {} if min_confidence is None else {"min_confidence": min_confidence}
    mentions = _actor_mentions(ids, registry, corpus if corpus is not None else bbc_corpus(ids), sample_only, options)
    return actor_errors(mentions, actor_reference(split), articles=ids)


# --- tone: the measures against mean human ratings (Hutto & Gilbert 2014) --------------------------------

TONE_SENTENCE_MEASURES = ("vader_compound", "calibrated_tone", "gdelt_tone", "diplomatic_score")


def rating_agreement(scores: object, ratings: object, *, scale: float) -> dict[str, float]:
    """Pearson r, Spearman rho and weighted 3-class F1 of ``scores`` against mean human ``ratings``.

    Classes use VADER's +-0.05 cut-offs after scaling each to [-1, 1] (``scale`` for the scores, the human
    scale of 4 for the ratings), as Hutto & Gilbert (2014) do. A missing score (NaN: GDELT tone of a text
    with no words) counts as neutral, 0. A constant score has no correlation (NaN).

    >>> row = rating_agreement([0.5, -0.5, 0.0], [2.0, -2.0, 0.0], scale=1.0)
    >>> round(row["pearson_r"], 3), row["f1_weighted"]
    (1.0, 1.0)
    """
    from scipy.stats import pearsonr, spearmanr
    from sklearn.metrics import f1_score

    from analysis.tone import HUMAN_SCALE, polarity_class

    scores = np.nan_to_num(np.asarray(scores, dtype=float), nan=0.0)
    ratings = np.asarray(ratings, dtype=float)
    r = rho = float("nan")
    if np.ptp(scores) > 0:
        r, rho = float(pearsonr(scores, ratings).statistic), float(spearmanr(scores, ratings).statistic)
    f1 = f1_score(polarity_class(ratings, scale=HUMAN_SCALE), polarity_class(scores, scale=scale), average="weighted")
    return {"n": len(scores), "pearson_r": r, "spearman_rho": rho, "f1_weighted": float(f1)}


def tone_predictions(*, split: str = "test") -> pd.DataFrame:
    """Every tone measure on the NYT editorial snippets of a split, beside the mean human rating.

    ``split`` is "test" (even editorials, for reporting) or "dev" (odd editorials, which the calibrated
    model is fitted on: its scores there are in-sample). Columns: id, human, and the four measures.
    """
    from analysis.tone import nyt_split, sentence_tone

    if split not in ("dev", "test"):
        raise InputError("tone_predictions", f"split must be dev or test, not {split!r}")
    dev, test = nyt_split()
    snippets = test if split == "test" else dev
    scored = sentence_tone(pd.DataFrame({"article_id": snippets["id"], "sentence_id": 0, "text": snippets["text"]}))
    return pd.DataFrame(
        {"id": snippets["id"], "human": snippets["rating"], **{m: scored[m].to_numpy() for m in TONE_SENTENCE_MEASURES}}
    )


def tone_agreement(predictions: pd.DataFrame) -> pd.DataFrame:
    """One row per measure of :func:`tone_predictions`: n, Pearson r, Spearman rho, weighted 3-class F1."""
    from analysis.tone import SCALES

    measures = [c for c in predictions.columns if c not in ("id", "human")]
    rows = [{"measure": m, **rating_agreement(predictions[m], predictions["human"], scale=SCALES[m])} for m in measures]
    return pd.DataFrame(rows)
