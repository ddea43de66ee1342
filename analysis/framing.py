"""Framing: generic and issue-specific news frames, detected sentence by sentence with their evidence.

A *codebook* (``analysis/data/frames.yaml``, or a researcher's own YAML file) lists the frames. Generic
frames (Semetko & Valkenburg 2000) are operationalised by their yes/no indicator questions, each with its
own cues; issue frames have cues of their own. A cue is a word, a phrase with ``*`` endings, or a regular
expression, with simple context rules (negation, a required or an excluding co-occurring term).

The measure has three layers, each traceable to the one below:

1. :func:`detect_frames`: one evidence row per cue match (sentence, frame, indicator, cue, the words
   matched and their character span in the article body).
2. :func:`indicator_presence`: an indicator is detected in an article when its cues fire in at least
   ``min_sentences`` sentences, or once for a cue marked ``strong``.
3. :func:`frame_salience`: per article, the share of sentences carrying each frame (salience), its
   presence (the frame's cues in at least its threshold of sentences, FRAME_MIN_SENTENCES), and the dominant
   frame(s) of each family.

:class:`FrameClassifier` and :func:`cross_validate_frames` are the supervised alternative for a researcher
with their own hand-coded sentences.

>>> import pandas as pd
>>> s = pd.DataFrame({"article_id": ["a"], "sentence_id": ["a:s000"], "paragraph": [0],
...                   "text": ["Talks failed."], "start": [0], "end": [13]})
>>> detect_frames(s)[["frame_id", "surface"]].to_dict("records")
[{'frame_id': 'diplomacy', 'surface': 'Talks'}]
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, KFold

from analysis.errors import InputError
from analysis.resources import read_yaml

# The packaged codebook (analysis/data/frames.yaml).
DEFAULT_CODEBOOK = "frames.yaml"

# Article-level decision rule: an indicator is detected in an article when its cues fire in at least this
# many distinct sentences (or once for a cue marked `strong`). Chosen on the `dev` half of
# tests/data/bbc_frame_sample.csv against coder A (an earlier round; docs/framing.md). Also the frame-level
# threshold of the frames FRAME_MIN_SENTENCES does not list.
ARTICLE_MIN_SENTENCES = 2

# Article-level presence of each generic frame (frame_salience): the frame's cues, any of its indicators,
# fire in at least this many distinct sentences of the article (or a `strong` cue fires once). Chosen per
# frame as the dev-best value (smallest on a tie) on the 85 dev articles only (40 coded by coder A, 45 by
# coder C; `benchmarks/validate_frames.py --tune`), after the third cue revision (human interest, morality,
# economic). F1 / alpha on dev at 1, 2, 3, 4 sentences (articles coded present of 85):
#   responsibility 2: 0.81/0.57, 0.84/0.67, 0.79/0.62, 0.70/0.49   (44)
#   human_interest 1: 0.68/0.59, 0.52/0.41, 0.25/0.13, 0.17/0.05   (21)
#   conflict       2: 0.82/0.38, 0.83/0.56, 0.75/0.43, 0.56/0.18   (55)
#   morality       3: 0.59/0.55, 0.77/0.75, 0.83/0.82, 0.73/0.71   (6: weak evidence, see docs/framing.md)
#   economic       1: 0.96/0.91, 0.88/0.77, 0.84/0.69, 0.72/0.52   (46)
# Fifth revision (135 dev articles: coders A, C, D, H): morality 3 -> 2 (F1/alpha at 1-4: 0.67/0.62, 0.72/0.69,
# 0.64/0.61, 0.50/0.46; 14 coded present); the other frames' dev-best values are unchanged.
# Sixth revision (175 dev articles: coders A, C, D, H, L; word-sense cue rules only): every dev-best value is
# unchanged (conflict F1/alpha at 1-2: 0.84/0.40, 0.85/0.60; docs/framing.md, "Sixth cue revision").
# Frames not listed here (issue frames, a user's own frames) use ARTICLE_MIN_SENTENCES.
FRAME_MIN_SENTENCES = {"responsibility": 2, "human_interest": 1, "conflict": 2, "morality": 2, "economic": 1}

# What a cue does when a negator precedes it (see the header of analysis/data/frames.yaml).
NEGATION_RULES = ("ignore", "skip", "require")

# Frame families a codebook may use.
FAMILIES = ("generic", "issue")

SENTENCE_COLUMNS = ("article_id", "sentence_id", "text", "start")
EVIDENCE_COLUMNS = ["article_id", "sentence_id", "frame_id", "family", "indicator", "cue", "surface",
                    "start", "end"]

_WORD = re.compile(r"[\w'’-]+")


# --------------------------------------------------------------------------------------------- codebook
@dataclass(frozen=True)
class Codebook:
    """A frame codebook: the frames, their indicators, and their compiled cues.

    Attributes
    ----------
    frames : DataFrame
        One row per frame: ``frame_id, name, family, definition, source``, in codebook order.
    indicators : DataFrame
        One row per indicator: ``frame_id, indicator, question``. A frame without indicators has one
        row whose ``indicator`` is the frame id.
    cues : DataFrame
        One row per cue: ``frame_id, family, indicator, cue`` (as written), ``regex`` (compiled),
        ``requires``, ``excludes`` (compiled or None), ``negation`` (ignore/skip/require),
        ``strong`` (bool), ``first`` (the first word of a term cue, for a fast pre-check).
    negators : frozenset of str
        Lower-case words that negate a following cue.
    negation_window : int
        How many words before a match are searched for a negator.
    where : str
        The file the codebook came from.
    """

    frames: pd.DataFrame
    indicators: pd.DataFrame
    cues: pd.DataFrame
    negators: frozenset
    negation_window: int
    where: str

    @property
    def frame_ids(self) -> list[str]:
        """Frame ids in codebook order."""
        return self.frames["frame_id"].tolist()


def _term_regex(term: str) -> str:
    """Regex text for a cue term: whole words, ``*`` endings, flexible spaces and apostrophes."""
    parts = []
    for word in term.split():
        star = word.endswith("*")
        word = word.rstrip("*")
        piece = re.sub(r"['’]", "['’]", re.escape(word))
        parts.append(piece + (r"[\w'’-]*" if star else ""))
    return r"(?<![\w-])" + r"\s+".join(parts) + r"(?![\w])"


def _compile(spec: object, where: str, *, default_case: bool = False) -> tuple[str, re.Pattern]:
    """(label, compiled pattern) of a term string or a {term|regex: ...} mapping."""
    if isinstance(spec, str):
        term, regex, case = spec, None, default_case
    elif isinstance(spec, Mapping):
        term, regex, case = spec.get("term"), spec.get("regex"), bool(spec.get("case", default_case))
        if (term is None) == (regex is None):
            raise InputError(where, f"a cue needs exactly one of 'term' or 'regex', got {dict(spec)}")
    else:
        raise InputError(where, f"a cue must be a string or a mapping, got {spec!r}")
    text = _term_regex(str(term).strip()) if term is not None else str(regex)
    if not text.strip():
        raise InputError(where, "empty cue")
    try:
        return str(term if term is not None else regex), re.compile(text, 0 if case else re.IGNORECASE)
    except re.error as err:
        raise InputError(where, f"cue {term or regex!r} is not a valid pattern ({err})") from None


def _first_word(spec: object) -> tuple[str, bool] | None:
    """(first word in lower case, ends in *) of a term cue, for a fast pre-check; None for a regex cue."""
    term = spec if isinstance(spec, str) else spec.get("term")
    if term is None:
        return None
    word = str(term).split()[0].lower().replace("’", "'")
    return word.rstrip("*"), word.endswith("*")


def _words_of(text: str) -> set[str]:
    """Lower-case words of a sentence, with the parts of hyphenated and apostrophe words."""
    out = set()
    for w in _WORD.findall(text.lower().replace("’", "'")):
        out.add(w)
        out.update(p for p in re.split(r"[-']", w) if p)
    return out


def _any_of(terms: object, where: str) -> re.Pattern | None:
    """One compiled alternation for a ``requires`` / ``excludes`` list (None when absent)."""
    if terms is None:
        return None
    if isinstance(terms, str):
        terms = [terms]
    if not isinstance(terms, list) or not terms:
        raise InputError(where, f"'requires'/'excludes' must be a non-empty list of terms, got {terms!r}")
    # acronyms and proper names written with capitals are matched case-sensitively
    pieces = []
    for t in terms:
        t = str(t)
        case = any(c.isupper() for c in t)
        body = _term_regex(t)
        pieces.append(body if case else f"(?i:{body})")
    return re.compile("|".join(pieces))


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and validate a frame codebook (YAML).

    Parameters
    ----------
    path : str or Path, optional
        A codebook file; default the packaged ``analysis/data/frames.yaml``. The format is documented
        in the header of that file and in ``docs/framing.md``.

    Returns
    -------
    Codebook

    Raises
    ------
    InputError
        If the file is missing, is not YAML, or a frame, indicator or cue is malformed.

    Examples
    --------
    >>> cb = load_codebook()
    >>> cb.frame_ids[:5]
    ['responsibility', 'human_interest', 'conflict', 'morality', 'economic']
    """
    where = str(path) if path is not None else f"analysis/data/{DEFAULT_CODEBOOK}"
    data = read_yaml(Path(path) if path is not None else DEFAULT_CODEBOOK)
    if not isinstance(data, Mapping) or not isinstance(data.get("frames"), list) or not data["frames"]:
        raise InputError(where, "a codebook needs a non-empty 'frames' list")
    neg = data.get("negation") or {}
    if not isinstance(neg, Mapping):
        raise InputError(where, "'negation' must be a mapping (enabled, window, terms)")
    neg_default = _negation_rule(neg.get("default", "ignore"), f"{where}: negation.default")
    window = neg.get("window", 3)
    if not isinstance(window, int) or window < 0:
        raise InputError(where, f"negation window must be a whole number >= 0, got {window!r}")
    negators = frozenset(" ".join(str(t).lower().replace("’", "'").split()) for t in (neg.get("terms") or []))

    frames, indicators, cues = [], [], []
    seen_frames: set[str] = set()
    seen_indicators: set[str] = set()
    for i, f in enumerate(data["frames"]):
        fwhere = f"{where}: frames[{i}]"
        if not isinstance(f, Mapping):
            raise InputError(fwhere, "each frame must be a mapping")
        missing = [k for k in ("id", "name", "family", "definition", "source") if not f.get(k)]
        if missing:
            raise InputError(fwhere, f"frame is missing {', '.join(missing)}")
        fid = str(f["id"])
        if not re.fullmatch(r"[a-z][a-z0-9_]*", fid):
            raise InputError(fwhere, f"frame id {fid!r} must be lower-case letters, digits and _")
        if fid in seen_frames:
            raise InputError(fwhere, f"duplicate frame id {fid!r}")
        seen_frames.add(fid)
        family = str(f["family"])
        if family not in FAMILIES:
            raise InputError(fwhere, f"family must be one of {', '.join(FAMILIES)}, got {family!r}")
        frames.append({"frame_id": fid, "name": str(f["name"]), "family": family,
                       "definition": " ".join(str(f["definition"]).split()), "source": str(f["source"])})
        groups = []
        if f.get("indicators"):
            for j, ind in enumerate(f["indicators"]):
                iwhere = f"{fwhere}.indicators[{j}]"
                if not isinstance(ind, Mapping) or not ind.get("id"):
                    raise InputError(iwhere, "each indicator needs an 'id'")
                groups.append((str(ind["id"]), str(ind.get("question", "")), ind.get("cues"), iwhere))
        if f.get("cues"):
            groups.append((fid, str(f["definition"]), f["cues"], fwhere))
        if not groups:
            raise InputError(fwhere, f"frame {fid!r} has neither cues nor indicators with cues")
        for ind_id, question, cue_list, iwhere in groups:
            if ind_id in seen_indicators:
                raise InputError(iwhere, f"duplicate indicator id {ind_id!r}")
            seen_indicators.add(ind_id)
            if not isinstance(cue_list, list) or not cue_list:
                raise InputError(iwhere, f"indicator {ind_id!r} needs a non-empty 'cues' list")
            indicators.append({"frame_id": fid, "indicator": ind_id, "question": " ".join(question.split())})
            for k, spec in enumerate(cue_list):
                cwhere = f"{iwhere}.cues[{k}]"
                label, rx = _compile(spec, cwhere)
                opts = spec if isinstance(spec, Mapping) else {}
                unknown = set(opts) - {"term", "regex", "case", "requires", "excludes", "negation", "strong"}
                if unknown:
                    raise InputError(cwhere, f"unknown cue option(s) {', '.join(sorted(unknown))}")
                cues.append({"frame_id": fid, "family": family, "indicator": ind_id, "cue": label,
                             "regex": rx, "first": _first_word(spec),
                             "requires": _any_of(opts.get("requires"), cwhere),
                             "excludes": _any_of(opts.get("excludes"), cwhere),
                             "negation": _negation_rule(opts.get("negation", neg_default), cwhere),
                             "strong": bool(opts.get("strong", False))})
    return Codebook(pd.DataFrame(frames), pd.DataFrame(indicators), pd.DataFrame(cues),
                    negators, window, where)


def _negation_rule(value: object, where: str) -> str:
    if value not in NEGATION_RULES:
        raise InputError(where, f"negation must be one of {', '.join(NEGATION_RULES)}, got {value!r}")
    return str(value)


@functools.cache
def _default_codebook() -> Codebook:
    """The packaged codebook, read once per process (a streaming run detects frames chunk after chunk)."""
    return load_codebook()


@functools.lru_cache(maxsize=4)
def _codebook_file(path: str, mtime_ns: int, size: int) -> Codebook:
    """A codebook file, read once per process while its time stamp and size stay the same."""
    return load_codebook(path)


def _resolve(codebook: Codebook | str | Path | None) -> Codebook:
    if isinstance(codebook, Codebook):
        return codebook
    if codebook is None:
        return _default_codebook()
    if isinstance(codebook, (str, Path)):
        try:
            stat = Path(codebook).stat()
        except OSError:
            return load_codebook(codebook)  # which says why the file cannot be read
        return _codebook_file(str(codebook), stat.st_mtime_ns, stat.st_size)
    raise InputError("codebook", f"expected a Codebook, a path or None, got {type(codebook).__name__}")


# --------------------------------------------------------------------------------------------- detection
def _cue_matches(text: str, regex: re.Pattern, requires: re.Pattern | None, excludes: re.Pattern | None,
                 negation: str, negators: frozenset, window: int) -> list[re.Match]:
    """The non-empty matches of one cue in one sentence that its context rules let through: the sentence holds
    the required term and none of the excluded ones, and each match is negated or not as the cue asks."""
    matches = [m for m in regex.finditer(text) if m.end() > m.start()]
    if not matches or (requires is not None and not requires.search(text)) \
            or (excludes is not None and excludes.search(text)):
        return []
    if negation == "ignore":
        return matches
    return [m for m in matches if _negated(text, m.start(), negators, window) == (negation == "require")]


def _negated(text: str, pos: int, negators: frozenset, window: int) -> bool:
    """True when a negator (a word or a phrase) lies within the ``window`` words before ``pos``."""
    if window == 0 or not negators:
        return False
    before = [w.lower().replace("’", "'") for w in _WORD.findall(text[:pos])][-window:]
    joined = " " + " ".join(before) + " "
    for neg in negators:
        if f" {neg} " in joined or (neg == "n't" and any(w.endswith("n't") for w in before)):
            return True
    return False


# Characters that Python's case-insensitive matching (or str.lower) equates with an ASCII letter although
# they are not ASCII: found by brute force over all code points (tests/test_framing.py re-derives them).
# A sentence holding one is never pruned by the lower-case word and literal pre-checks below.
ASCII_FOLDING = frozenset("\u0130\u0131\u017f\u212a")  # İ ı ſ and the Kelvin sign

_RUN = re.compile(r"\w+")


def _word_sets(lowered: Sequence[str]) -> list[set[str]]:
    """:func:`_words_of` of many lower-cased sentences (tokens plus the maximal runs of word characters)."""
    find_tokens, find_runs = _WORD.findall, _RUN.findall
    return [set(find_tokens(t)).union(find_runs(t)) for t in lowered]


def _term_runs(term: str) -> list[tuple[str, bool]] | None:
    """(word-character run in lower case, is a prefix) that every match of a term cue must contain as a
    maximal run of word characters; None when the term has non-ASCII characters (no pruning)."""
    if not term.isascii():
        return None
    runs = []
    for word in term.lower().split():
        star = word.endswith("*")
        parts = _RUN.findall(word.rstrip("*"))
        runs.extend((p, star and k == len(parts) - 1) for k, p in enumerate(parts))
    return runs


def _literal_sets(items: list) -> list[frozenset[str]]:
    """Sets of literal strings, each of which every match of the parsed sequence must contain one of."""
    from re._constants import BRANCH, IN, LITERAL, MAX_REPEAT, MIN_REPEAT, SUBPATTERN

    found, run = [], []
    for op, arg in [*items, (None, None)]:
        if op is LITERAL:
            run.append(chr(arg))
            continue
        if run:
            found.append(frozenset(["".join(run)]))
            run = []
        if op is BRANCH:
            # every match is a match of one alternative, so it holds a literal of that alternative's best set
            per_alternative = [_literal_sets(list(alt)) for alt in arg[1]]
            if all(per_alternative):
                found.append(frozenset().union(*(max(sets, key=_literal_quality) for sets in per_alternative)))
        elif op is IN and arg and all(o is LITERAL for o, _ in arg):
            found.append(frozenset(chr(a) for _, a in arg))
        elif op is SUBPATTERN and not arg[1] and not arg[2]:
            found.extend(_literal_sets(list(arg[3])))
        elif op in (MAX_REPEAT, MIN_REPEAT) and arg[0] >= 1:
            found.extend(_literal_sets(list(arg[2])))
    return found


def _regex_literals(regex: re.Pattern) -> tuple[frozenset[str], bool] | None:
    """(literals, case-insensitive): every match of ``regex`` contains one of the literals; None if unknown.

    The set chosen is the one whose shortest literal is longest. Literals are lower-cased for a
    case-insensitive pattern (then searched in lower-cased text).
    """
    from re import _parser

    try:
        sets = _literal_sets(list(_parser.parse(regex.pattern, regex.flags & ~re.UNICODE).data))
    except Exception:  # an exotic pattern: no pruning
        return None
    ignorecase = bool(regex.flags & re.IGNORECASE)
    usable = []
    for s in sets:
        if any("\n" in lit for lit in s):
            continue
        if ignorecase:
            if any(not c.isascii() and (c.lower() != c or c.upper() != c) for lit in s for c in lit):
                continue
            s = frozenset(lit.lower().replace("’", "'") for lit in s)  # as in the lowered texts
        usable.append(s)
    if not usable:
        return None
    return max(usable, key=_literal_quality), ignorecase


def _literal_quality(literals: frozenset[str]) -> tuple[int, int]:
    """How well a literal set prunes: the longer its shortest literal and the fewer its literals, the better."""
    return min(map(len, literals)), -len(literals)


class _SentenceIndex:
    """Word postings and joined texts of a sentence list, to find the sentences a cue can match in."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.lowered = [t.lower().replace("’", "'") for t in texts]
        self.words = _word_sets(self.lowered)
        postings: dict[str, list[int]] = {}
        for i, ws in enumerate(self.words):
            for w in ws:
                lst = postings.get(w)
                if lst is None:
                    postings[w] = [i]
                else:
                    lst.append(i)
        self.postings = postings
        self.vocab = sorted(postings)
        self.folding = [i for i, t in enumerate(texts) if not ASCII_FOLDING.isdisjoint(t)]
        self._prefix: dict[str, list[int]] = {}
        self._prefix_sets: dict[str, set[int]] = {}
        self._joined: dict[bool, tuple[str, list[int]]] = {}

    def has(self, word: str, prefix: bool) -> list[int]:
        """Sorted sentence numbers whose word set holds ``word`` (or a word starting with it)."""
        if not prefix:
            return self.postings.get(word, [])
        if word not in self._prefix:
            lo = bisect.bisect_left(self.vocab, word)
            hits: set[int] = set()
            for w in self.vocab[lo:]:
                if not w.startswith(word):
                    break
                hits.update(self.postings[w])
            self._prefix[word] = sorted(hits)
        return self._prefix[word]

    def _holds(self, i: int, word: str, prefix: bool) -> bool:
        if not prefix:
            return word in self.words[i]
        key = "\0" + word
        if key not in self._prefix_sets:
            self._prefix_sets[key] = set(self.has(word, True))
        return i in self._prefix_sets[key]

    def term_candidates(self, first: tuple[str, bool], runs: list[tuple[str, bool]] | None) -> list[int]:
        """Sentences passing the first-word pre-check whose words hold every run of the term (see
        :func:`_term_runs`; sentences with an ASCII_FOLDING character only need the first word)."""
        base = self.has(*first)
        if not runs or not base:
            return base
        runs = sorted(runs, key=lambda r: len(self.has(*r)))
        shortest = self.has(*runs[0])
        if len(shortest) >= len(base):
            return base
        checks = [first, *runs[1:]]
        out = {i for i in shortest if all(self._holds(i, *c) for c in checks)}
        out.update(i for i in self.folding if self._holds(i, *first))
        return sorted(out)

    def regex_candidates(self, regex: re.Pattern) -> range | list[int]:
        """Sentences whose text holds one of the regex's necessary literals (all sentences if unknown)."""
        lits = _regex_literals(regex)
        if lits is None:
            return range(len(self.texts))
        literals, ignorecase = lits
        if ignorecase not in self._joined:
            source = self.lowered if ignorecase else self.texts
            # lower-casing may change a text's length, so offsets come from the texts as searched
            bounds, pos = [], 0
            for t in source:
                bounds.append(pos)
                pos += len(t) + 1
            self._joined[ignorecase] = ("\n".join(source), bounds)
        joined, bounds = self._joined[ignorecase]
        finder = re.compile("|".join(re.escape(x) for x in sorted(literals, key=len, reverse=True)))
        out, pos = [], 0
        while True:
            m = finder.search(joined, pos)
            if m is None:
                break
            i = bisect.bisect_right(bounds, m.start()) - 1
            out.append(i)
            if i + 1 >= len(bounds):
                break
            pos = bounds[i + 1]
        if ignorecase and self.folding:
            out = sorted(set(out).union(self.folding))
        return out


def _check_sentences(sentences: pd.DataFrame) -> None:
    if not isinstance(sentences, pd.DataFrame):
        raise InputError("sentences", f"expected a DataFrame, got {type(sentences).__name__}")
    missing = [c for c in SENTENCE_COLUMNS if c not in sentences.columns]
    if missing:
        raise InputError("sentences", f"missing column(s) {', '.join(missing)} (see analysis.corpus)")
    if sentences["sentence_id"].duplicated().any():
        dup = sentences.loc[sentences["sentence_id"].duplicated(), "sentence_id"].iloc[0]
        raise InputError("sentences", f"duplicate sentence_id {dup!r}")


def detect_frames(sentences: pd.DataFrame, *, codebook: Codebook | str | Path | None = None,
                  families: Sequence[str] = FAMILIES) -> pd.DataFrame:
    """Find every frame cue in every sentence: one evidence row per match.

    Parameters
    ----------
    sentences : DataFrame
        The sentence table of :func:`analysis.corpus.load_corpus` (needs ``article_id, sentence_id,
        text, start``; ``start`` is the sentence's offset in the article body).
    codebook : Codebook, path or None
        Default: the packaged codebook.
    families : sequence of {"generic", "issue"}
        Which frame families to detect.

    Returns
    -------
    DataFrame
        ``article_id, sentence_id, frame_id, family, indicator, cue, surface, start, end``: ``cue`` is the
        codebook entry that matched, ``surface`` the words as written, and ``start``/``end`` their offsets
        in the article body (``body[start:end] == surface``). A negated match, a match whose ``requires``
        term is absent from the sentence, or whose ``excludes`` term is present, is not a row. The same
        words matched by two cues of one indicator give one row (the first cue in the codebook).
        Sorted by sentence order, then offset.

    Examples
    --------
    >>> s = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": ["a:s000", "a:s001"],
    ...                   "text": ["Troops advanced.", "Pakistan did not condemn Russia."], "start": [0, 17]})
    >>> detect_frames(s, families=["issue"])[["sentence_id", "cue", "surface", "start"]].to_dict("records")
    [{'sentence_id': 'a:s000', 'cue': 'troops', 'surface': 'Troops', 'start': 0}, \
{'sentence_id': 'a:s001', 'cue': 'condemn*', 'surface': 'condemn', 'start': 34}]
    """
    cb = _resolve(codebook)
    bad = [f for f in families if f not in FAMILIES]
    if bad or not families:
        raise InputError("families", f"expected some of {', '.join(FAMILIES)}, got {list(families)}")
    _check_sentences(sentences)
    chosen = cb.cues[cb.cues["family"].isin(list(families))]
    order = {fid: i for i, fid in enumerate(cb.frame_ids)}
    keep = [i for i, t in enumerate(sentences["text"]) if isinstance(t, str) and t]
    arts = sentences["article_id"].to_numpy()[keep].tolist()
    sids = sentences["sentence_id"].to_numpy()[keep].tolist()
    texts = sentences["text"].to_numpy()[keep].tolist()
    offsets = [int(x) for x in sentences["start"].to_numpy()[keep]]
    index = _SentenceIndex(texts)
    negators, window = cb.negators, cb.negation_window
    # (sentence, cue, match start, match end, surface): every cue runs only on the sentences that can hold
    # a match (same results as running every cue on every sentence; see _detect_reference)
    hits = []
    for k, (label, regex, requires, excludes, negation, first) in enumerate(zip(
            chosen["cue"], chosen["regex"], chosen["requires"], chosen["excludes"], chosen["negation"],
            chosen["first"], strict=True)):
        if first is not None:
            candidates = index.term_candidates(first, _term_runs(label))
        else:
            candidates = index.regex_candidates(regex)
        for i in candidates:
            for m in _cue_matches(texts[i], regex, requires, excludes, negation, negators, window):
                hits.append((i, k, m.start(), m.end(), m.group(0)))
    hits.sort(key=lambda h: (h[0], h[1], h[2]))
    frame_ids, fams, inds = chosen["frame_id"].tolist(), chosen["family"].tolist(), chosen["indicator"].tolist()
    labels = chosen["cue"].tolist()
    seen: set[tuple[int, str, int, int]] = set()
    rows = []
    for i, k, a, b, surface in hits:
        key = (i, inds[k], a, b)
        if key in seen:  # the same words already matched by an earlier cue of this indicator
            continue
        seen.add(key)
        rows.append(((i, a, order[frame_ids[k]], b),
                     (arts[i], sids[i], frame_ids[k], fams[k], inds[k], labels[k], surface,
                      offsets[i] + a, offsets[i] + b)))
    if not rows:
        out = pd.DataFrame([], columns=[*EVIDENCE_COLUMNS, "_order"])
        return out.drop(columns="_order").astype({"start": int, "end": int})
    rows.sort(key=lambda r: r[0])
    return pd.DataFrame([r[1] for r in rows], columns=EVIDENCE_COLUMNS)


def _detect_reference(sentences: pd.DataFrame, cb: Codebook, families: Sequence[str] = FAMILIES
                      ) -> pd.DataFrame:
    """The plain version of :func:`detect_frames` (the code before the speed-up): every cue on every sentence
    whose words hold the cue's first word (slow; kept to test that the fast path gives the same rows)."""
    chosen = cb.cues[cb.cues["family"].isin(list(families))]
    order = {fid: i for i, fid in enumerate(cb.frame_ids)}
    cues = list(zip(chosen["frame_id"], chosen["family"], chosen["indicator"], chosen["cue"], chosen["regex"],
                    chosen["requires"], chosen["excludes"], chosen["negation"], chosen["first"], strict=True))
    rows = []
    for art, sid, text, s_start in zip(sentences["article_id"], sentences["sentence_id"], sentences["text"],
                                       sentences["start"], strict=True):
        if not isinstance(text, str) or not text:
            continue
        seen: set[tuple[str, int, int]] = set()
        words = _words_of(text)
        for fid, family, indicator, label, regex, requires, excludes, negation, first in cues:
            # pre-check: a term cue cannot match unless its first word is in the sentence
            if first is not None and not (first[0] in words if not first[1]
                                          else any(w.startswith(first[0]) for w in words)):
                continue
            for m in _cue_matches(text, regex, requires, excludes, negation, cb.negators, cb.negation_window):
                key = (indicator, m.start(), m.end())
                if key in seen:
                    continue
                seen.add(key)
                rows.append((art, sid, fid, family, indicator, label, m.group(0),
                             int(s_start) + m.start(), int(s_start) + m.end(), order[fid]))
    out = pd.DataFrame(rows, columns=[*EVIDENCE_COLUMNS, "_order"])
    if out.empty:
        return out.drop(columns="_order").astype({"start": int, "end": int})
    pos = {sid: i for i, sid in enumerate(sentences["sentence_id"])}
    out["_sent"] = out["sentence_id"].map(pos)
    out = out.sort_values(["_sent", "start", "_order", "end"], kind="stable")
    return out.drop(columns=["_order", "_sent"]).reset_index(drop=True)


def _strong_keys(cb: Codebook) -> set[tuple[str, str]]:
    strong = cb.cues[cb.cues["strong"]]
    return set(zip(strong["indicator"], strong["cue"], strict=True))


def _validate_min(min_sentences: int) -> None:
    if isinstance(min_sentences, bool) or not isinstance(min_sentences, int | np.integer) \
            or min_sentences < 1:
        raise InputError("min_sentences", f"must be a whole number >= 1, got {min_sentences!r}")


def frame_thresholds(codebook: Codebook | str | Path | None = None,
                     min_sentences: int | Mapping[str, int] | None = None) -> dict[str, int]:
    """The article-level threshold of each frame: distinct sentences its cues must fire in.

    ``None`` gives ``FRAME_MIN_SENTENCES`` (chosen on dev data) for the frames it lists and
    ``ARTICLE_MIN_SENTENCES`` for the others; a whole number applies to every frame; a mapping
    ``{frame_id: n}`` overrides the frames it names (the rest as for ``None``).

    Examples
    --------
    >>> frame_thresholds(min_sentences=3)["economic"], frame_thresholds()["war"]
    (3, 2)
    """
    cb = _resolve(codebook)
    out = {f: FRAME_MIN_SENTENCES.get(f, ARTICLE_MIN_SENTENCES) for f in cb.frame_ids}
    if isinstance(min_sentences, Mapping):
        unknown = sorted(set(min_sentences) - set(out))
        if unknown:
            raise InputError("min_sentences", f"unknown frame id(s) {', '.join(map(str, unknown))}")
        out |= dict(min_sentences)
    elif min_sentences is not None:
        out = dict.fromkeys(out, min_sentences)
    for value in out.values():
        _validate_min(value)
    return out


def indicator_presence(evidence: pd.DataFrame, sentences: pd.DataFrame, *,
                       codebook: Codebook | str | Path | None = None,
                       min_sentences: int = ARTICLE_MIN_SENTENCES) -> pd.DataFrame:
    """Article-level detection of each indicator (0/1), from the sentence-level evidence.

    An indicator is detected in an article when its cues fire in at least ``min_sentences`` distinct
    sentences, or in one sentence through a cue marked ``strong``. Issue frames, which have no
    indicators, appear under their frame id.

    Returns
    -------
    DataFrame
        ``article_id`` plus one 0/1 column per indicator, in codebook order; one row per article of
        ``sentences`` (articles without evidence are all 0).

    Examples
    --------
    >>> s = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": ["a:s0", "a:s1"],
    ...                   "text": ["The war goes on.", "Troops moved."], "start": [0, 17]})
    >>> ev = detect_frames(s, families=["issue"])
    >>> int(indicator_presence(ev, s, min_sentences=2)["war"].iloc[0])
    1
    """
    cb = _resolve(codebook)
    _validate_min(min_sentences)
    _check_sentences(sentences)
    _check_evidence(evidence)
    articles = pd.unique(sentences["article_id"])
    out = pd.DataFrame({"article_id": articles})
    strong = _strong_keys(cb)
    is_strong = [(i, c) in strong for i, c in zip(evidence["indicator"], evidence["cue"], strict=True)]
    ev = evidence.assign(_strong=is_strong)
    stats = ev.groupby(["article_id", "indicator"]).agg(n=("sentence_id", "nunique"),
                                                        strong=("_strong", "any"))
    hit = stats[(stats["n"] >= min_sentences) | stats["strong"]].index
    found = set(hit)
    for ind in cb.indicators["indicator"]:
        out[ind] = [int((art, ind) in found) for art in out["article_id"]]
    return out


def _check_evidence(evidence: pd.DataFrame) -> None:
    if not isinstance(evidence, pd.DataFrame):
        raise InputError("evidence", f"expected a DataFrame, got {type(evidence).__name__}")
    needed = ("article_id", "sentence_id", "frame_id", "indicator", "cue")
    missing = [c for c in needed if c not in evidence.columns]
    if missing:
        raise InputError("evidence", f"missing column(s) {', '.join(missing)} (see detect_frames)")


def frame_salience(evidence: pd.DataFrame, sentences: pd.DataFrame, *,
                   codebook: Codebook | str | Path | None = None,
                   min_sentences: int | Mapping[str, int] | None = None) -> pd.DataFrame:
    """Article-level salience, presence and dominant frames.

    Parameters
    ----------
    evidence : DataFrame
        Output of :func:`detect_frames` on ``sentences``.
    sentences : DataFrame
        The sentence table (gives each article's number of sentences, and the articles without evidence).
    codebook : Codebook, path or None
        The codebook ``evidence`` was detected with.
    min_sentences : int, mapping or None
        The article-level rule: a frame is present when its cues (any of its indicators) fire in at least
        this many distinct sentences of the article, or a ``strong`` cue fires once. Default ``None``: the
        per-frame thresholds ``FRAME_MIN_SENTENCES`` chosen on dev data (see :func:`frame_thresholds`).

    Returns
    -------
    DataFrame
        One row per article, keyed by ``article_id``: ``n_sentences``; for each frame in codebook order
        ``salience_<frame>`` (share of the article's sentences with at least one cue of the frame, 0-1)
        and ``present_<frame>`` (0/1: the frame's threshold is reached, see ``min_sentences``); then, for each family,
        ``dominant_<family>``: the present frame(s) of that family with the highest salience, joined
        by ``|`` in codebook order (empty when none is present).

    Examples
    --------
    >>> s = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": ["a:s0", "a:s1"],
    ...                   "text": ["The war goes on.", "It rained."], "start": [0, 17]})
    >>> out = frame_salience(detect_frames(s), s, min_sentences=1)
    >>> out[["salience_war", "present_war", "dominant_issue"]].to_dict("records")
    [{'salience_war': 0.5, 'present_war': 1, 'dominant_issue': 'war'}]
    """
    cb = _resolve(codebook)
    threshold = frame_thresholds(cb, min_sentences)
    _check_sentences(sentences)
    _check_evidence(evidence)
    n = sentences.groupby("article_id", sort=False)["sentence_id"].nunique()
    out = pd.DataFrame({"article_id": pd.unique(sentences["article_id"])})
    out["n_sentences"] = out["article_id"].map(n).astype(int)
    carried = evidence.groupby(["article_id", "frame_id"])["sentence_id"].nunique().to_dict()
    strong = _strong_keys(cb)
    fired = {(a, f) for a, f, i, c in zip(evidence["article_id"], evidence["frame_id"], evidence["indicator"],
                                          evidence["cue"], strict=True) if (i, c) in strong}
    n_sent = out["n_sentences"].clip(lower=1).to_numpy()
    for fid in cb.frame_ids:
        k = np.array([carried.get((art, fid), 0) for art in out["article_id"]], dtype=float)
        out[f"salience_{fid}"] = k / n_sent
        out[f"present_{fid}"] = [int(v >= threshold[fid] or (art, fid) in fired)
                                 for v, art in zip(k, out["article_id"], strict=True)]
    for family in FAMILIES:
        fids = cb.frames.loc[cb.frames["family"] == family, "frame_id"].tolist()
        if not fids:
            continue
        sal = out[[f"salience_{f}" for f in fids]].to_numpy() * out[[f"present_{f}" for f in fids]].to_numpy()
        top = sal.max(axis=1, keepdims=True)
        out[f"dominant_{family}"] = ["|".join(f for f, v in zip(fids, row, strict=True) if m > 0 and v == m)
                                     for row, m in zip(sal, top[:, 0], strict=True)]
    return out


def frame_features(sentences: pd.DataFrame, *, codebook: Codebook | str | Path | None = None,
                   min_sentences: int | Mapping[str, int] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two framing tables of the feature pipeline: sentence evidence and article salience.

    Returns ``(evidence, salience)``: ``evidence`` is :func:`detect_frames` (written as ``frames.csv``),
    ``salience`` is :func:`frame_salience` keyed by ``article_id`` (merged into ``articles.csv``).

    Examples
    --------
    >>> s = pd.DataFrame({"article_id": ["a"], "sentence_id": ["a:s0"], "text": ["War."], "start": [0]})
    >>> evidence, salience = frame_features(s)
    >>> len(evidence), int(salience["present_war"].iloc[0])
    (1, 0)
    """
    cb = _resolve(codebook)
    evidence = detect_frames(sentences, codebook=cb)
    return evidence, frame_salience(evidence, sentences, codebook=cb, min_sentences=min_sentences)


def examples(evidence: pd.DataFrame, sentences: pd.DataFrame, *, per_frame: int = 1,
             family: str | None = None) -> pd.DataFrame:
    """Example sentences for each frame and article: the first ``per_frame`` sentences carrying it.

    Columns: frame_id, article_id, sentence_id, cues (the matched surfaces, ``|``-separated), text.

    Examples
    --------
    >>> s = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": ["a:s0", "a:s1"],
    ...                   "text": ["Talks resumed.", "Troops shelled the city."], "start": [0, 15]})
    >>> examples(detect_frames(s), s)[["frame_id", "sentence_id"]].values.tolist()
    [['diplomacy', 'a:s0'], ['war', 'a:s1']]
    """
    if family is not None and family not in FAMILIES:
        raise InputError("examples", f"family must be one of {', '.join(FAMILIES)}, not {family!r}")
    chosen = evidence if family is None else evidence[evidence["family"] == family]
    cues = (chosen.groupby(["frame_id", "article_id", "sentence_id"], sort=False)["surface"]
            .agg(lambda s: "|".join(dict.fromkeys(s))).rename("cues").reset_index())
    cues = cues.merge(sentences[["sentence_id", "text", "start"]], on="sentence_id", how="left")
    cues = cues.sort_values(["frame_id", "article_id", "start"], kind="stable")
    return cues.groupby(["frame_id", "article_id"]).head(per_frame)[
        ["frame_id", "article_id", "sentence_id", "cues", "text"]].reset_index(drop=True)


# --------------------------------------------------------------------------------------------- agreement
def frame_agreement(system: pd.DataFrame, reference: pd.DataFrame, *, key: str = "article_id",
                    columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Per-column agreement of two 0/1 codings of the same units: precision, recall, F1, Krippendorff's alpha.

    Parameters
    ----------
    system, reference : DataFrame
        Each keyed by ``key`` with one 0/1 column per frame or indicator; only units in both are scored.
    key : str
        The unit column.
    columns : sequence of str, optional
        Columns to score (default: the columns both share, other than ``key``).

    Returns
    -------
    DataFrame
        One row per column: ``column, n, prevalence`` (share of units the reference codes 1),
        ``precision, recall, f1`` (system against reference; precision is NaN when the system never says
        1, recall NaN when the reference never does, F1 NaN when both are) and ``alpha`` (nominal
        Krippendorff's alpha of the two codings; NaN when every unit has the same value in both).

    Examples
    --------
    >>> a = pd.DataFrame({"article_id": [1, 2, 3, 4], "war": [1, 1, 0, 0]})
    >>> frame_agreement(a, a)[["precision", "recall", "f1", "alpha"]].to_dict("records")
    [{'precision': 1.0, 'recall': 1.0, 'f1': 1.0, 'alpha': 1.0}]
    """
    import krippendorff

    for name, df in (("system", system), ("reference", reference)):
        if not isinstance(df, pd.DataFrame) or key not in df.columns:
            raise InputError(name, f"expected a DataFrame with a {key!r} column")
    if columns is None:
        columns = [c for c in system.columns if c in reference.columns and c != key]
    missing = [c for c in columns if c not in system.columns or c not in reference.columns]
    if missing:
        raise InputError("columns", f"not in both codings: {', '.join(missing)}")
    merged = system[[key, *columns]].merge(reference[[key, *columns]], on=key, suffixes=("_sys", "_ref"))
    rows = []
    for c in columns:
        s = merged[f"{c}_sys"].astype(int).to_numpy()
        r = merged[f"{c}_ref"].astype(int).to_numpy()
        tp = int(((s == 1) & (r == 1)).sum())
        p = tp / s.sum() if s.sum() else np.nan
        rec = tp / r.sum() if r.sum() else np.nan
        f1 = 2 * tp / (s.sum() + r.sum()) if (s.sum() + r.sum()) else np.nan
        if len(np.unique(np.concatenate([s, r]))) > 1:
            data = np.vstack([s, r])
            alpha = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
        else:
            alpha = np.nan
        rows.append({"column": c, "n": len(s), "prevalence": float(r.mean()) if len(r) else np.nan,
                     "precision": float(p), "recall": float(rec), "f1": float(f1), "alpha": alpha})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------- supervised
def _label_sets(y: object, where: str = "y") -> list[list[str]]:
    """Labels as one list of frame ids per text (accepts lists, '|'-joined strings, or empty)."""
    out = []
    for v in y:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out.append([])
        elif isinstance(v, str):
            out.append([t.strip() for t in v.split("|") if t.strip()])
        elif isinstance(v, Iterable):
            out.append([str(t) for t in v])
        else:
            raise InputError(where, f"labels must be '|'-joined strings or lists of frame ids, got {v!r}")
    return out


class FrameClassifier(ClassifierMixin, BaseEstimator):
    """Supervised multi-label frame classifier: TF-IDF n-grams, one logistic regression per frame.

    The alternative to the dictionary for a researcher with hand-coded sentences: fit it on their coding,
    and read :meth:`top_terms` to see which words carry each frame.

    Parameters
    ----------
    ngram_range : tuple of int
        Word n-gram range of the TF-IDF features.
    min_df : int
        Minimum number of training texts a term must occur in.
    C : float
        Inverse regularisation strength of each logistic regression.
    class_weight : {"balanced", None}
        ``"balanced"`` reweights rare frames (the usual case).
    threshold : float
        Probability at or above which a frame is predicted.

    Attributes
    ----------
    classes_ : ndarray of str
        The frame ids, sorted; the columns of :meth:`predict` and :meth:`predict_proba`.
    vectorizer_ : TfidfVectorizer
    estimators_ : list
        One fitted ``LogisticRegression`` per frame, or a float (the constant probability) for a frame
        that is always or never present in the training labels.

    Examples
    --------
    >>> clf = FrameClassifier().fit(["troops attack", "peace talks", "troops shell", "talks resume"],
    ...                             ["war", "diplomacy", "war", "diplomacy"])
    >>> clf.predict_frames(["troops advance"])
    ['war']
    """

    def __init__(self, ngram_range: tuple[int, int] = (1, 2), min_df: int = 1, C: float = 10.0,
                 class_weight: str | None = "balanced", threshold: float = 0.5) -> None:
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.C = C
        self.class_weight = class_weight
        self.threshold = threshold

    def _validate(self) -> None:
        if self.class_weight not in ("balanced", None):
            raise InputError("class_weight", f"expected 'balanced' or None, got {self.class_weight!r}")
        if not 0 < self.threshold < 1:
            raise InputError("threshold", f"must be between 0 and 1, got {self.threshold!r}")
        if self.C <= 0:
            raise InputError("C", f"must be positive, got {self.C!r}")

    def fit(self, X: Sequence[str], y: object) -> FrameClassifier:
        """Fit on texts ``X`` and labels ``y`` (one list or '|'-joined string of frame ids per text, or a
        0/1 matrix whose columns are then named ``0..k-1``)."""
        self._validate()
        X = list(X)
        if isinstance(y, np.ndarray) and y.ndim == 2:
            Y = y.astype(int)
            self.classes_ = np.array([str(i) for i in range(Y.shape[1])])
        else:
            sets = _label_sets(y)
            self.classes_ = np.array(sorted({t for s in sets for t in s}))
            Y = np.array([[int(c in s) for c in self.classes_] for s in sets]).reshape(len(sets), -1)
        if len(X) != len(Y):
            raise InputError("fit", f"{len(X)} texts but {len(Y)} label rows")
        if not len(self.classes_):
            raise InputError("fit", "no frame labels in y")
        self.vectorizer_ = TfidfVectorizer(ngram_range=tuple(self.ngram_range), min_df=self.min_df,
                                           sublinear_tf=True)
        Z = self.vectorizer_.fit_transform(X)
        self.estimators_ = []
        for j in range(Y.shape[1]):
            col = Y[:, j]
            if col.min() == col.max():
                self.estimators_.append(float(col[0]))
            else:
                lr = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=1000)
                self.estimators_.append(lr.fit(Z, col))
        self.n_features_in_ = Z.shape[1]
        return self

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Probability of each frame (columns: ``classes_``)."""
        Z = self.vectorizer_.transform(list(X))
        cols = [np.full(Z.shape[0], e) if isinstance(e, float) else e.predict_proba(Z)[:, 1]
                for e in self.estimators_]
        return np.column_stack(cols)

    def predict(self, X: Sequence[str]) -> np.ndarray:
        """0/1 matrix, one column per frame in ``classes_``."""
        return (self.predict_proba(X) >= self.threshold).astype(int)

    def predict_frames(self, X: Sequence[str]) -> list[str]:
        """Predicted frames of each text as a '|'-joined string (empty when none)."""
        return ["|".join(self.classes_[row.astype(bool)]) for row in self.predict(X)]

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """The TF-IDF terms (the features the regressions weigh)."""
        return self.vectorizer_.get_feature_names_out()

    def top_terms(self, n: int = 10) -> pd.DataFrame:
        """The ``n`` terms with the largest positive weight per frame: ``frame_id, rank, term, weight``."""
        names = self.get_feature_names_out()
        rows = []
        for frame, est in zip(self.classes_, self.estimators_, strict=True):
            if isinstance(est, float):
                continue
            w = est.coef_[0]
            for rank, i in enumerate(np.argsort(-w, kind="stable")[:n], start=1):
                if w[i] > 0:
                    rows.append({"frame_id": frame, "rank": rank, "term": names[i], "weight": float(w[i])})
        return pd.DataFrame(rows, columns=["frame_id", "rank", "term", "weight"])


def cross_validate_frames(labelled: pd.DataFrame, *, text: str = "text", labels: str = "frames",
                          groups: str | None = None, n_splits: int = 5, random_state: int = 0,
                          classifier: FrameClassifier | None = None) -> pd.DataFrame:
    """Cross-validated per-frame scores of :class:`FrameClassifier` on a hand-coded sentence set.

    Predictions of every fold are pooled, then scored against the coding.

    Parameters
    ----------
    labelled : DataFrame
        One row per coded sentence, with a ``text`` column and a ``labels`` column ('|'-joined frame ids or
        lists; empty = no frame).
    groups : str, optional
        A column (e.g. ``"article_id"``) whose values never straddle a training and a test fold
        (``GroupKFold``); default plain shuffled ``KFold``.
    n_splits : int
        Number of folds (at least 2, at most the number of rows or groups).
    classifier : FrameClassifier, optional
        The (unfitted) model to evaluate; default ``FrameClassifier()``.

    Returns
    -------
    DataFrame
        One row per frame: ``frame_id, n, n_positive, precision, recall, f1, alpha``, then a ``macro`` row
        with the mean of each score over frames.

    Examples
    --------
    >>> df = pd.DataFrame({"text": ["troops attack", "peace talks"] * 4, "frames": ["war", "diplomacy"] * 4})
    >>> cross_validate_frames(df, n_splits=2)["f1"].round(2).tolist()
    [1.0, 1.0, 1.0]
    """
    if not isinstance(labelled, pd.DataFrame):
        raise InputError("labelled", f"expected a DataFrame, got {type(labelled).__name__}")
    for c in [text, labels] + ([groups] if groups else []):
        if c not in labelled.columns:
            raise InputError("labelled", f"missing column {c!r}")
    if isinstance(n_splits, bool) or not isinstance(n_splits, int) or n_splits < 2:
        raise InputError("n_splits", f"must be a whole number >= 2, got {n_splits!r}")
    n_units = labelled[groups].nunique() if groups else len(labelled)
    if n_splits > n_units:
        raise InputError("n_splits", f"{n_splits} folds but only {n_units} {'groups' if groups else 'rows'}")
    texts = labelled[text].fillna("").astype(str).tolist()
    sets = _label_sets(labelled[labels].tolist(), where=labels)
    classes = sorted({t for s in sets for t in s})
    if not classes:
        raise InputError("labelled", "no frame labels to learn")
    Y = np.array([[int(c in s) for c in classes] for s in sets])
    model = classifier if classifier is not None else FrameClassifier()
    pred = np.zeros_like(Y)
    if groups:
        splits = GroupKFold(n_splits=n_splits).split(texts, Y, labelled[groups])
    else:
        splits = KFold(n_splits=n_splits, shuffle=True, random_state=random_state).split(texts)
    for train, test in splits:
        est = clone(model)
        y_train = [[c for c, v in zip(classes, Y[i], strict=True) if v] for i in train]
        est.fit([texts[i] for i in train], y_train)
        # align the fold's classes (a frame may be absent from a training fold) with all classes
        fold_pred = est.predict([texts[i] for i in test])
        for j, c in enumerate(classes):
            if c in est.classes_:
                pred[test, j] = fold_pred[:, list(est.classes_).index(c)]
    sys_df = pd.DataFrame(pred, columns=classes).assign(unit=range(len(Y)))
    ref_df = pd.DataFrame(Y, columns=classes).assign(unit=range(len(Y)))
    scores = frame_agreement(sys_df, ref_df, key="unit", columns=classes)
    scores = scores.rename(columns={"column": "frame_id"})
    scores.insert(2, "n_positive", Y.sum(axis=0))
    scores = scores.drop(columns="prevalence")
    macro = {"frame_id": "macro", "n": len(Y), "n_positive": int(Y.sum())}
    macro |= {c: float(scores[c].mean()) for c in ("precision", "recall", "f1", "alpha")}
    return pd.concat([scores, pd.DataFrame([macro])], ignore_index=True)
