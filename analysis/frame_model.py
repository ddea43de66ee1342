"""Learned article-level frame presence: the dictionary's evidence and the sentences' meaning, weighed on coding.

The dictionary rule (:func:`analysis.framing.frame_salience`) calls a frame present when its cues fire in enough
sentences. :class:`FramePresenceModel` learns that decision instead, from articles a researcher has coded: one
logistic regression per frame over

- the dictionary's evidence: per indicator and per frame, how many sentences carry a cue (``log1p`` of the
  count), and the article's length (``log`` of its number of sentences);
- optionally (``words=True``, the default), the article's words: TF-IDF of its words and word pairs, with the
  vocabulary and weights learned from the training articles;
- optionally (``embed=True``, the default), what the sentences say: the mean of the article's sentence
  embeddings (all-MiniLM-L6-v2, :mod:`analysis.embedding`; needs the ``embeddings`` extra).

Every decision stays traceable. The model is linear in its features and the embedding feature is a mean over
sentences, so an article's log-odds split exactly into a baseline, one part per indicator (its evidence rows say
which words), one part for the length, one part per word or word pair and one part per sentence
(:meth:`FramePresenceModel.contributions`).

Choices (``C``, the feature sets) were made by cross-validation on the dev coding only; docs/framing.md has the
comparison and the held-out score.

>>> model = FramePresenceModel(embed=False)  # the evidence counts only: no extra needed
>>> model.C
0.01
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from analysis import embedding, framing
from analysis.errors import InputError

# Inverse L2 strength of every frame's regression: 0.01 did better than 0.03 (and than 0.1 for the embedding
# alone) in exploratory 5-fold CV on the 525 dev articles (docs/framing.md, "Learned presence"); strong
# shrinkage suits 409 features and a few hundred coded articles.
C = 0.01
# On the class-balanced probability. Per-frame thresholds tuned by inner CV for F1 did no better on dev; matched to
# the coded prevalence (by inner CV, or on the training articles' own fit), or an unweighted fit, did no better
# either on the 1,425 dev articles of the eighth round (docs/framing.md, "Eighth round").
THRESHOLD = 0.5
CV_SEED = 20220306
# The words' TF-IDF block is appended to the standardised features at this scale, which sets how strongly its
# weights are shrunk relative to theirs (the L2 penalty is shared): 10 and 30 did alike, and better than no words,
# in exploratory 5-fold CV on the 1,025 dev articles; on the 1,425 of the eighth round, 20 did a little better than
# 10 (also when re-folded with three other CV seeds), 30 alike, 5, 50 and 100 worse (docs/framing.md, "Eighth round").
WORDS_SCALE = 20.0
WORDS = {"ngram_range": (1, 2), "min_df": 3, "sublinear_tf": True, "stop_words": "english"}  # TfidfVectorizer


@dataclass(frozen=True)
class _Features:
    """An article table's features: evidence counts per article, and each sentence's embedding (or None)."""

    counts: pd.DataFrame  # index article_id; columns: indicators, frames, then "log_sentences"
    sentence_ids: pd.DataFrame  # article_id, sentence_id, in the order of `embeddings`' rows
    embeddings: np.ndarray | None
    texts: pd.Series | None  # index article_id: the article's sentences, joined (None without words)

    def matrix(self, articles: Sequence[str]) -> np.ndarray:
        """The dense features (counts, then the mean embedding) of ``articles``, in that order."""
        dense = self.counts.loc[list(articles)].to_numpy(dtype=float)
        if self.embeddings is None:
            return dense
        means = pd.DataFrame(self.embeddings).groupby(self.sentence_ids["article_id"].to_numpy()).mean()
        return np.hstack([dense, means.loc[list(articles)].to_numpy()])


def _check_sentences(sentences: pd.DataFrame) -> None:
    framing._check_sentences(sentences)  # the corpus sentence table, as detect_frames wants it
    if sentences.empty:
        raise InputError("sentences", "no sentences")


def _labels(labels: pd.DataFrame, frames: Sequence[str]) -> pd.DataFrame:
    if not isinstance(labels, pd.DataFrame) or "article_id" not in labels.columns:
        raise InputError("labels", "expected a DataFrame with an 'article_id' column and one 0/1 column per frame")
    missing = [f for f in frames if f not in labels.columns]
    if missing:
        raise InputError("labels", f"no column for frame(s) {', '.join(missing)}")
    if labels["article_id"].duplicated().any():
        raise InputError("labels", "an article is coded twice")
    table = labels.set_index("article_id")[list(frames)]
    if not table.isin([0, 1]).all().all():
        raise InputError("labels", "frame columns must hold 0 or 1 only")
    for f in frames:
        if table[f].nunique() < 2:
            raise InputError("labels", f"frame {f!r} is coded the same in every article: nothing to learn")
    return table.astype(int)


class FramePresenceModel(BaseEstimator):
    """Article-level presence of each frame, learned from coded articles (see the module docstring).

    Parameters
    ----------
    codebook : Codebook, path or None
        Whose cues give the evidence counts (default: the packaged codebook).
    frames : sequence of str or None
        The frames to learn (default: the codebook's generic frames); the labels need a 0/1 column for each.
    C : float
        Inverse regularisation strength of each frame's logistic regression.
    embed : bool
        Add the mean sentence embedding (needs the ``embeddings`` extra).
    words : bool
        Add the TF-IDF of the article's words and word pairs. ``embed=False, words=False`` learns from the
        evidence counts only.

    Examples
    --------
    Fit on coded articles, then predict any corpus's sentence table (see docs/framing.md for a full example):

    >>> model = FramePresenceModel().fit(sentences, labels)  # doctest: +SKIP
    >>> model.predict(other_sentences).columns[:3].tolist()  # doctest: +SKIP
    ['article_id', 'p_responsibility', 'present_responsibility']
    """

    def __init__(self, *, codebook: framing.Codebook | str | Path | None = None, frames: Sequence[str] | None = None,
                 C: float = C, embed: bool = True, words: bool = True) -> None:
        self.codebook = codebook
        self.frames = frames
        self.C = C
        self.embed = embed
        self.words = words

    # ------------------------------------------------------------------------------------------- features
    def _setup(self) -> None:
        cb = framing._resolve(self.codebook)
        generic = cb.frames.loc[cb.frames["family"] == "generic", "frame_id"].tolist()
        frames = list(generic if self.frames is None else self.frames)
        unknown = [f for f in frames if f not in cb.frame_ids]
        if unknown or not frames:
            raise InputError("frames", f"not frames of the codebook: {unknown or 'none given'}")
        self.codebook_, self.frames_ = cb, frames
        indicators = cb.indicators[cb.indicators["frame_id"].isin(frames)]["indicator"].tolist()
        self.count_columns_ = [*indicators, *(f"frame:{f}" for f in frames), "log_sentences"]

    def _features(self, sentences: pd.DataFrame) -> _Features:
        _check_sentences(sentences)
        families = sorted(set(self.codebook_.frames.set_index("frame_id").loc[self.frames_, "family"]))
        evidence = framing.detect_frames(sentences, codebook=self.codebook_, families=families)
        evidence = evidence[evidence["frame_id"].isin(self.frames_)]
        articles = pd.Index(sentences["article_id"].unique(), name="article_id")
        per_indicator = evidence.drop_duplicates(["sentence_id", "indicator"]).groupby(["article_id", "indicator"])
        per_frame = evidence.drop_duplicates(["sentence_id", "frame_id"]).groupby(["article_id", "frame_id"])
        counts = pd.concat([per_indicator.size().unstack(), per_frame.size().unstack().add_prefix("frame:")], axis=1)
        counts = np.log1p(counts.reindex(index=articles, columns=self.count_columns_[:-1]).fillna(0))
        counts["log_sentences"] = np.log(sentences.groupby("article_id").size().reindex(articles))
        keys = sentences[["article_id", "sentence_id"]].reset_index(drop=True)
        vectors = embedding.sentence_embeddings(sentences["text"].tolist()) if self.embed else None
        texts = None
        if self.words:
            texts = sentences.groupby("article_id", sort=False)["text"].agg(" ".join).reindex(articles)
        return _Features(counts, keys, vectors, texts)

    def _design(self, features: _Features, articles: Sequence[str]) -> np.ndarray | sparse.csr_matrix:
        """The fitted design matrix of ``articles``: standardised dense features, then the scaled words' TF-IDF."""
        Z = self.scaler_.transform(features.matrix(articles))
        if self.vectorizer_ is None:
            return Z
        tfidf = self.vectorizer_.transform(features.texts.loc[list(articles)]) * WORDS_SCALE
        return sparse.hstack([sparse.csr_matrix(Z), tfidf]).tocsr()

    # ----------------------------------------------------------------------------------------- fit / predict
    def _fit_features(self, features: _Features, labels: pd.DataFrame) -> FramePresenceModel:
        articles = [a for a in labels.index if a in features.counts.index]
        if len(articles) < len(labels):
            raise InputError("labels", f"{len(labels) - len(articles)} coded article(s) have no sentence")
        self.scaler_ = StandardScaler().fit(features.matrix(articles))
        self.vectorizer_ = None
        if self.words:
            try:
                self.vectorizer_ = TfidfVectorizer(**WORDS).fit(features.texts.loc[articles])
            except ValueError:  # sklearn: no word is in enough articles to keep
                raise InputError("labels", f"too few coded articles share words (a word must be in {WORDS['min_df']}); "
                                           "fit with words=False") from None
        Z = self._design(features, articles)
        self.models_ = {f: LogisticRegression(C=self.C, class_weight="balanced", max_iter=5000).fit(
            Z, labels.loc[articles, f].to_numpy()) for f in self.frames_}
        return self

    def fit(self, sentences: pd.DataFrame, labels: pd.DataFrame) -> FramePresenceModel:
        """Learn each frame's presence from coded articles.

        ``sentences``: the corpus sentence table of the coded articles; ``labels``: ``article_id`` and one 0/1
        column per frame (e.g. :func:`analysis.validation.frame_presence` of a coding).
        """
        self._setup()
        return self._fit_features(self._features(sentences), _labels(labels, self.frames_))

    def _predict_features(self, features: _Features) -> pd.DataFrame:
        check_is_fitted(self, "models_")
        articles = features.counts.index.tolist()
        Z = self._design(features, articles)
        out = pd.DataFrame({"article_id": articles})
        for f, model in self.models_.items():
            out[f"p_{f}"] = model.predict_proba(Z)[:, 1]
            out[f"present_{f}"] = (out[f"p_{f}"] >= THRESHOLD).astype(int)
        return out

    def predict(self, sentences: pd.DataFrame) -> pd.DataFrame:
        """Per article: ``p_<frame>`` (probability, class-balanced) and ``present_<frame>`` (0/1) for each frame."""
        check_is_fitted(self, "models_")
        return self._predict_features(self._features(sentences))

    # -------------------------------------------------------------------------------------------- evidence
    def contributions(self, sentences: pd.DataFrame, frame: str) -> pd.DataFrame:
        """What moved each article's decision on ``frame``: parts of its log-odds that sum to the whole.

        Returns ``article_id, part, item, value``: ``part`` is ``baseline`` (the intercept with the feature means
        taken out), ``indicator`` (``item`` an indicator id or ``frame:<id>``; the evidence rows of
        :func:`analysis.framing.detect_frames` show its words), ``length``, ``word`` (``item`` a word or word pair
        of the article) or ``sentence`` (``item`` a sentence id: its embedding's share of the mean). Per article the
        values sum to the model's log-odds (``log(p / (1 - p))`` of ``p_<frame>``); sort by ``value`` to read what
        argued for and against.
        """
        check_is_fitted(self, "models_")
        if frame not in self.models_:
            raise InputError("frame", f"the model knows {', '.join(self.models_)}, not {frame!r}")
        features = self._features(sentences)
        model = self.models_[frame]
        n_dense = len(self.scaler_.scale_)
        weights = model.coef_[0][:n_dense] / self.scaler_.scale_  # per raw dense feature
        baseline = float(model.intercept_[0] - weights @ self.scaler_.mean_)
        n_counts = len(self.count_columns_)
        counts = features.counts * weights[:n_counts]
        rows = [pd.DataFrame({"article_id": counts.index, "part": "baseline", "item": "", "value": baseline})]
        long = counts.rename_axis("article_id").reset_index().melt(id_vars="article_id", var_name="item")
        long["part"] = np.where(long["item"] == "log_sentences", "length", "indicator")
        rows.append(long[long["value"] != 0])
        if features.embeddings is not None:
            n = features.sentence_ids.groupby("article_id")["sentence_id"].transform("size").to_numpy()
            rows.append(features.sentence_ids.rename(columns={"sentence_id": "item"}).assign(
                part="sentence", value=features.embeddings @ weights[n_counts:] / n))
        if self.vectorizer_ is not None:
            tfidf = (self.vectorizer_.transform(features.texts) * WORDS_SCALE).tocoo()
            word_weights = model.coef_[0][n_dense:]
            rows.append(pd.DataFrame({"article_id": features.texts.index[tfidf.row], "part": "word",
                                      "item": self.vectorizer_.get_feature_names_out()[tfidf.col],
                                      "value": tfidf.data * word_weights[tfidf.col]}))
        out = pd.concat(rows, ignore_index=True)[["article_id", "part", "item", "value"]]
        order = {"baseline": 0, "length": 1, "indicator": 2, "word": 3, "sentence": 4}
        return out.sort_values(["article_id", "part"], key=lambda c: c.map(order) if c.name == "part" else c,
                               kind="stable").reset_index(drop=True)


def cross_validate_presence(sentences: pd.DataFrame, labels: pd.DataFrame, *, n_splits: int = 5,
                            random_state: int = CV_SEED, **params) -> pd.DataFrame:
    """Out-of-fold predictions of :class:`FramePresenceModel` on coded articles (stratified k-fold per frame).

    Each article's ``p_<frame>`` and ``present_<frame>`` come from a model fitted without it. The features are
    computed once (they do not depend on the fit). Score the result against ``labels`` with
    :func:`analysis.framing.frame_agreement` or :func:`analysis.validation.agreement_table`.
    """
    model = FramePresenceModel(**params)
    model._setup()
    y = _labels(labels, model.frames_)
    features = model._features(sentences)
    articles = np.array([a for a in y.index if a in features.counts.index])
    if len(articles) < len(y):
        raise InputError("labels", f"{len(y) - len(articles)} coded article(s) have no sentence")
    out = pd.DataFrame({"article_id": articles})
    for f in model.frames_:
        p = np.empty(len(articles))
        folds = StratifiedKFold(n_splits, shuffle=True, random_state=random_state)
        for train, held in folds.split(articles, y.loc[articles, f]):
            fold = FramePresenceModel(**{**params, "frames": [f]})
            # set up like `model`, so that the fold fits on the shared features (every frame's counts)
            fold.codebook_, fold.frames_, fold.count_columns_ = model.codebook_, [f], model.count_columns_
            fold._fit_features(features, y.loc[articles[train]])
            p[held] = fold._predict_features(_subset(features, articles[held]))[f"p_{f}"].to_numpy()
        out[f"p_{f}"] = p
        out[f"present_{f}"] = (p >= THRESHOLD).astype(int)
    return out


def _subset(features: _Features, articles: Sequence[str]) -> _Features:
    keep = features.sentence_ids["article_id"].isin(set(articles)).to_numpy()
    vectors = None if features.embeddings is None else features.embeddings[keep]
    texts = None if features.texts is None else features.texts.loc[list(articles)]
    return _Features(features.counts.loc[list(articles)], features.sentence_ids[keep].reset_index(drop=True), vectors,
                     texts)
