"""Tests of analysis.validation: the presence rule, agreement, the split rule, and the seed validation."""

import hashlib
import inspect
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analysis import framing, validation
from analysis.corpus import load_corpus
from analysis.errors import InputError
from analysis.paths import BBC, ROOT
from analysis.resources import read_table

TRAIN7_CODERS = ("ab", "ac", "ad", "ae", "af", "ag")  # the seventh round's training coders (CODING_RULES.md)
TRAIN8_CODERS = ("aj", "ak", "al", "am", "an", "ao")  # the eighth round's


# --------------------------------------------------------------------------------------------- presence rule
def test_presence_is_any_indicator():
    # rows: none, one, all indicators of conflict; economic follows its own indicators only
    ind = pd.DataFrame({"article_id": ["none", "one", "all"],
                        "con_disagree": [0, 0, 1], "con_reproach": [0, 1, 1], "con_sides": [0, 0, 1],
                        "eco_costs": [0, 0, 0], "eco_loss_gain": [0, 0, 1]})
    out = validation.frame_presence(ind, prefixes={"conflict": "con_", "economic": "eco_"})
    assert out.columns.tolist() == ["article_id", "conflict", "economic"]
    assert out["article_id"].tolist() == ["none", "one", "all"]
    assert out["conflict"].tolist() == [0, 1, 1]
    assert out["economic"].tolist() == [0, 0, 1]


def test_presence_accepts_string_codes_and_default_prefixes():
    coding = validation.read_coding("generic_frames", "a")
    ind = coding[["article_id", *validation.indicator_columns(coding)]]
    out = validation.frame_presence(ind.astype({c: str for c in ind.columns[1:]}))
    assert out.columns.tolist() == ["article_id", *validation.GENERIC_FRAMES]
    for frame, prefix in validation.INDICATOR_PREFIXES.items():
        cols = [c for c in ind.columns if c.startswith(prefix)]
        assert (out[frame] == (ind[cols].sum(axis=1) > 0).astype(int)).all()


def test_presence_needs_every_frame_to_have_an_indicator():
    with pytest.raises(InputError, match="morality"):
        validation.frame_presence(pd.DataFrame({"article_id": ["a"], "con_sides": [1]}),
                                  prefixes={"conflict": "con_", "morality": "mor_"})


def test_issue_labels_split_on_bars():
    coding = pd.DataFrame({"sentence_id": ["s1", "s2", "s3"], "frames": ["war| diplomacy", "", "security"]})
    out = validation.issue_labels(coding)
    assert out.columns.tolist() == ["sentence_id", *validation.ISSUE_FRAMES]
    assert out.set_index("sentence_id").sum(axis=1).tolist() == [2, 0, 1]


# --------------------------------------------------------------------------------------------- self-agreement
def test_a_frame_coding_agrees_perfectly_with_itself():
    coding = validation.read_coding("generic_frames", "a")
    frames = validation.frame_presence(coding[["article_id", *validation.indicator_columns(coding)]])
    table = validation.agreement_table(frames, frames, frames, columns=validation.GENERIC_FRAMES)
    assert table["column"].tolist() == [*validation.GENERIC_FRAMES, "macro"]
    for col in ("precision", "recall", "f1", "alpha", "alpha_b_vs_a", "f1_b_vs_a"):
        assert np.allclose(table[col], 1.0), col
    assert (table["n"] == len(coding)).all()


@pytest.mark.parametrize("coder", ["a", "b", "c", "d", "e", "f", "g", "j", "k", "n", "o"])
def test_an_actor_coding_agrees_perfectly_with_itself(coder):
    coding = validation.read_coding("actors", coder)
    row = validation.actor_agreement(coding, coding).iloc[0]
    assert (row["precision"], row["recall"], row["f1"]) == (1.0, 1.0, 1.0)
    assert row["matched"] == row["system"] == row["coded"] == len(coding)
    assert validation.actor_errors(coding, coding).empty


def test_actor_matching_is_one_to_one_and_counts_empty_articles():
    ref = pd.DataFrame({"article_id": ["x"], "actor": ["Tony Blair"], "surfaces": ["Tony Blair|Mr Blair"]})
    sys_ = pd.DataFrame({"article_id": ["x", "x", "y"], "actor": ["Blair", "Mr Blair", "BBC"],
                         "surfaces": ["Mr Blair", "Mr Blair", "BBC"]})
    row = validation.actor_agreement(sys_, ref, articles=["x", "y"]).iloc[0]
    assert (row["matched"], row["system"], row["coded"], row["articles"]) == (1, 3, 1, 2)
    errors = validation.actor_errors(sys_, ref, articles=["x", "y"])
    assert errors.to_dict("records") == [{"kind": "extra", "article_id": "x", "actor": "Mr Blair"},
                                         {"kind": "extra", "article_id": "y", "actor": "BBC"}]


def test_actor_score_intervals_resample_whole_articles():
    ref = pd.DataFrame({"article_id": ["x", "y"], "actor": ["BBC", "ITV"], "surfaces": ["BBC", "ITV"]})
    # x: its one actor found; y: its one actor missed and one extra reported
    sys_ = pd.DataFrame({"article_id": ["x", "y"], "actor": ["BBC", "Sky"], "surfaces": ["BBC", "Sky"]})
    row = validation.actor_agreement(sys_, ref).iloc[0]
    assert (row["precision"], row["recall"]) == (0.5, 0.5)
    # resamples of two articles hold x twice, x and y, or y twice: scores 1, 0.5 or 0
    assert (row["precision_low"], row["precision_high"], row["recall_low"], row["recall_high"]) == (0, 1, 0, 1)
    same = validation.actor_agreement(sys_.iloc[:1], ref.iloc[:1]).iloc[0]
    assert (same["precision_low"], same["precision_high"]) == (1, 1)  # one article: no spread
    again = validation.actor_agreement(sys_, ref).iloc[0]
    assert again.equals(row)  # seeded


def test_actor_score_intervals_keep_an_article_s_actors_together():
    # x: ten actors, all found; y: ten actors, all missed. Resampling the 20 actors one by one would give
    # an interval of about 0.3-0.7; resampling the two articles gives 0 (y twice) to 1 (x twice).
    names = [f"Org{i}" for i in range(20)]
    ref = pd.DataFrame({"article_id": ["x"] * 10 + ["y"] * 10, "actor": names, "surfaces": names})
    found = ref.iloc[:10]
    row = validation.actor_agreement(found, ref).iloc[0]
    assert (row["precision"], row["recall"]) == (1, 0.5)
    assert (row["recall_low"], row["recall_high"]) == (0, 1)
    assert (row["precision_low"], row["precision_high"]) == (1, 1)  # resamples without x have no system actor


def test_actor_score_intervals_are_undefined_without_articles():
    empty = pd.DataFrame({"article_id": [], "actor": [], "surfaces": []})
    row = validation.actor_agreement(empty, empty, articles=[]).iloc[0]
    assert row[["precision_low", "precision_high", "recall_low", "recall_high"]].isna().all()


# --------------------------------------------------------------------------------------------- split rule
def _test_ids() -> set[str]:
    return set().union(*(validation.scored_articles(m, "test")["article_id"] for m in ("frames", "actors")))


def _drawn_before(names: list[str]) -> set[str]:
    """The articles of every sample drawn before the first of ``names`` (``validation.SAMPLES`` is in draw order)."""
    order = list(validation.SAMPLES)
    earlier = order[: min(order.index(name) for name in names)]
    return set().union(*(validation.read_sample(name)["article_id"] for name in earlier))


@pytest.mark.parametrize("round_, size, split", [("test2", 45, "test"), ("test3", 45, "test"), ("test4", 60, "test"),
                                                  ("test5", 80, "test"), ("test6", 50, "test"), ("train6", 300, "dev"),
                                                  ("test7", 100, "test"), ("train7", 450, "dev"),
                                                  ("test8", 150, "test"), ("train8", 300, "dev")])
def test_later_samples_are_fresh_draws_disjoint_from_every_earlier_sample(round_, size, split):
    fresh_names = [name for name in (f"frames_{round_}", f"actors_{round_}") if name in validation.SAMPLES]
    earlier = _drawn_before(fresh_names)
    fresh = set().union(*(validation.read_sample(name)["article_id"] for name in fresh_names))
    assert len(fresh) == size and not fresh & earlier
    assert all(set(validation.read_sample(name)["split"]) == {split} for name in fresh_names)


def test_no_frame_test_article_repeats_the_text_of_a_dev_article():
    # the BBC corpus holds some articles twice under two file names; a twin in dev would leak the test coding
    if not BBC.is_dir():
        pytest.skip("the BBC corpus (../shared/data/bbc) is absent")
    dev, test = (set(validation.scored_articles("frames", split)["article_id"]) for split in ("dev", "test"))
    articles, _ = validation.bbc_corpus(dev | test)
    bodies = articles.set_index("article_id")["body"].str.strip()
    assert not set(bodies.loc[sorted(test)]) & set(bodies.loc[sorted(dev)])


@pytest.mark.parametrize("round_", ["7", "8"])
def test_later_round_draws_repeat_no_text_drawn_before_or_within_them(round_):
    # the corpus repeats some stories under two file names; from the seventh round on, a draw leaves every copy out
    if not BBC.is_dir():
        pytest.skip("the BBC corpus (../shared/data/bbc) is absent")
    drawn = [f"frames_test{round_}", f"frames_train{round_}"]
    fresh = [article for name in drawn for article in validation.read_sample(name)["article_id"]]
    earlier = _drawn_before(drawn)
    articles, _ = validation.bbc_corpus()
    bodies = articles.set_index("article_id")["body"].str.strip()
    assert bodies.loc[fresh].is_unique
    assert not set(bodies.loc[fresh]) & set(bodies.loc[sorted(earlier)])
    assert bodies.duplicated().any()  # the corpus does repeat texts: the check above can fail


@pytest.mark.parametrize("sums_file, n_files",
                         [("TEST4_SHA256SUMS", 8), ("TEST5_SHA256SUMS", 8), ("TEST6_SHA256SUMS", 4),
                          ("TEST7_SHA256SUMS", 4), ("TEST8_SHA256SUMS", 4)])
def test_later_round_codings_are_the_files_hashed_before_tuning_ended(sums_file, n_files):
    # the codings stayed outside the repository while the next round was tuned; their sha256 was committed first
    sums = (validation.CODINGS / sums_file).read_text(encoding="utf-8").split("\n")
    expected = dict(reversed(line.split("  ")) for line in sums if line)
    assert len(expected) == n_files
    for name, digest in expected.items():
        assert hashlib.sha256((validation.CODINGS / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("measure", ["frames", "actors"])
def test_dev_split_holds_no_test_article(measure):
    dev = validation.scored_articles(measure, "dev")
    test = validation.scored_articles(measure, "test")
    assert not set(dev["article_id"]) & _test_ids()
    # earlier test splits, reported, are dev now (the actors' fifth round is still their test split)
    formers = ("test1", "test2", "test3", "test4", "test5", "test6", "test7") if measure == "frames" else (
        "test1", "test2", "test3", "test4")
    for former in formers:
        assert set(validation.scored_articles(measure, former)["article_id"]) <= set(dev["article_id"])
    reference, second, coders = {"frames": ("ah", "ai", {"h", "l", "p", "r", *"tuvwxyz", *TRAIN7_CODERS,
                                                         *TRAIN8_CODERS}),
                                 "actors": ("n", "o", {"f", "j"})}[measure]
    assert set(dev["coder"]) == {"a", "c", "d", *coders}
    assert set(test["coder"]) == {reference} and set(test["second"]) == {second}


def test_reference_codings_follow_the_split():
    ref, b = validation.frame_reference("dev")
    assert not set(ref["article_id"]) & _test_ids()
    with_second = ref["coder"].isin(["a", "d", "h", "l", "p", "r", "z"])  # second coders B, E, I, M, Q, S and AA
    assert set(b["article_id"]) == set(ref.loc[with_second, "article_id"])
    assert not set(validation.actor_reference("dev")["article_id"]) & _test_ids()
    ref, second = validation.frame_reference("test4")
    assert set(ref["coder"]) == {"l"} and set(second["article_id"]) == set(ref["article_id"]) and len(ref) == 40


@pytest.fixture(scope="module")
def fake_bbc(tmp_path_factory):
    """A BBC-shaped corpus with one short article for every sample article, dev and test alike."""
    root = tmp_path_factory.mktemp("bbc")
    ids = set().union(*(validation.read_sample(name)["article_id"] for name in validation.SAMPLES))
    for art in ids:
        path = root / f"{art}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Minister Tony Blair warns of costs\n\nTony Blair said the row with the Treasury cost "
                        "£5m. Critics accused the government of failing families.\n", encoding="utf-8")
    return load_corpus(root)


@pytest.mark.parametrize("call", [
    lambda s: validation.frame_validation("dev", sentences=s),
    lambda s: validation.indicator_validation("dev", sentences=s),
    lambda s: validation.frame_threshold_tuning(candidates=[1, 2], sentences=s),
])
def test_a_dev_frame_call_never_reads_a_test_article(monkeypatch, fake_bbc, call):
    seen: set[str] = set()
    detect = framing.detect_frames

    def spy(sentences, **kwargs):
        seen.update(sentences["article_id"])
        return detect(sentences, **kwargs)

    monkeypatch.setattr(framing, "detect_frames", spy)
    table = call(fake_bbc[1])
    dev = set(validation.scored_articles("frames", "dev")["article_id"])
    assert seen == dev
    assert not seen & _test_ids()
    assert len(table) > 0


def test_a_dev_actor_call_never_reads_a_test_article(monkeypatch, fake_bbc):
    seen: set[str] = set()
    find = validation.find_mentions

    def spy(sentences, articles=None, **kwargs):
        seen.update(sentences["article_id"])
        seen.update(articles["article_id"])
        return find(sentences, articles, **kwargs)

    monkeypatch.setattr(validation, "find_mentions", spy)
    table = validation.actor_validation("dev", corpus=fake_bbc, variants=True)
    assert seen == set(validation.scored_articles("actors", "dev")["article_id"])
    assert not seen & _test_ids()
    assert table["articles"].iloc[0] == len(seen)


@pytest.mark.parametrize("call", [
    lambda: validation.read_sample("people"),
    lambda: validation.read_sample("frames", "train"),
    lambda: validation.read_coding("actors", "z"),
    lambda: validation.scored_articles("frames", "all"),
    lambda: validation.frame_validation("all"),
])
def test_bad_options_are_refused(call):
    with pytest.raises(InputError):
        call()


def test_missing_bbc_is_a_clear_input_error(monkeypatch, tmp_path):
    monkeypatch.setattr(validation, "BBC", tmp_path / "bbc")
    with pytest.raises(InputError, match="BBC corpus is not there"):
        validation.frame_validation("dev")
    with pytest.raises(InputError, match="BBC corpus is not there"):
        validation.actor_validation("dev")


# --------------------------------------------------------------------------------------------- real runs
def test_issue_frame_validation_on_the_seeds():
    table = validation.issue_frame_validation()
    assert table["column"].tolist() == [*validation.ISSUE_FRAMES, "macro"]
    macro = table.iloc[-1]
    assert 0 < macro["f1"] < 1
    assert (table["n"] == len(read_table(validation.CODING_DATA / "seed_sentences_to_code.csv"))).all()
    assert {"alpha_b_vs_a", "f1_b_vs_a", "n_present"} <= set(table.columns)


def test_frame_classifier_cv_on_the_seeds():
    table = validation.frame_classifier_cv()
    assert table["frame_id"].tolist() == [*sorted(validation.ISSUE_FRAMES), "macro"]
    assert table["f1"].between(0, 1).all()


@pytest.mark.slow
def test_dev_tables_on_the_bbc(bbc_root):
    frames = validation.frame_validation("dev")
    assert frames["column"].tolist() == [*validation.GENERIC_FRAMES, "macro"]
    assert (frames["n"] == 40 + 45 + 25 + 25 + 40 + 50 + 300 + 50 + 450 + 100 + 300).all()
    assert frames[["precision", "recall", "f1"]].stack().between(0, 1).all()
    actors = validation.actor_validation("dev")
    assert actors["measure"].tolist() == ["system (defaults)", "  of which 30 vs coder A", "  of which 18 vs coder C",
                                          "  of which 20 vs coder D", "  of which 20 vs coder F",
                                          "  of which 20 vs coder J",
                                          "coder B vs coder A (ceiling), 30 articles",
                                          "coder E vs coder D (ceiling), 20 articles",
                                          "coder G vs coder F (ceiling), 20 articles",
                                          "coder K vs coder J (ceiling), 20 articles"]
    # the five parts pool into the whole
    assert actors["matched"].iloc[0] == actors["matched"].iloc[1:6].sum()
    assert actors["articles"].iloc[0] == 30 + 18 + 20 + 20 + 20


# --- tone against human ratings ---------------------------------------------------------------------------


def test_rating_agreement_of_a_measure_with_the_ratings_themselves_is_perfect():
    ratings = np.array([-3.0, -0.1, 0.0, 0.1, 2.5])
    row = validation.rating_agreement(ratings / 4, ratings, scale=1.0)
    assert (row["n"], row["pearson_r"], row["spearman_rho"], row["f1_weighted"]) == (5, pytest.approx(1.0),
                                                                                    pytest.approx(1.0), 1.0)


def test_rating_agreement_of_a_constant_score_has_no_correlation():
    row = validation.rating_agreement([0.0, 0.0, 0.0], [1.0, -1.0, 2.0], scale=1.0)
    assert np.isnan(row["pearson_r"]) and np.isnan(row["spearman_rho"])


@pytest.mark.parametrize("split", ["dev", "test"])
def test_tone_predictions_keep_to_their_split(split):
    predictions = validation.tone_predictions(split=split)
    parity = predictions["id"].str.split("_").str[0].astype(int) % 2
    assert set(parity) == ({0} if split == "test" else {1})
    assert list(predictions.columns) == ["id", "human", *validation.TONE_SENTENCE_MEASURES]
    table = validation.tone_agreement(predictions)
    assert table["measure"].tolist() == list(validation.TONE_SENTENCE_MEASURES)
    assert table["pearson_r"].between(-1, 1).all()


@pytest.mark.parametrize("function", ["frame_reference", "frame_validation", "indicator_validation",
                                      "actor_reference", "actor_validation", "actor_validation_errors"])
def test_validation_functions_score_the_dev_split_unless_told_otherwise(function):
    assert inspect.signature(getattr(validation, function)).parameters["split"].default == "dev"


@pytest.mark.parametrize("script", ["validate_frames.py", "validate_actors.py"])
def test_validation_scripts_ask_which_split_to_score(script):
    # no default: the held-out test split is scored only when a command says so
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script)], capture_output=True, text=True)
    assert done.returncode == 2 and "--split" in done.stderr


@pytest.mark.parametrize("coder, sample", [("a", "frames"), ("b", "frames"), ("c", "dev2"), ("d", "frames_test2"),
                                           ("e", "frames_test2"), ("h", "frames_test3"), ("i", "frames_test3"),
                                           ("l", "frames_test4"), ("m", "frames_test4"), ("p", "frames_test5"),
                                           ("q", "frames_test5"), ("r", "frames_test6"), ("s", "frames_test6"),
                                           *((c, "frames_train6") for c in "tuvwxy"), ("z", "frames_test7"),
                                           ("aa", "frames_test7"), *((c, "frames_train7") for c in TRAIN7_CODERS),
                                           ("ah", "frames_test8"), ("ai", "frames_test8"),
                                           *((c, "frames_train8") for c in TRAIN8_CODERS)])
def test_a_frame_coding_answers_every_question_for_every_article_of_its_sample(coder, sample):
    coding = validation.read_coding("generic_frames", coder)
    drawn = validation.read_sample(sample)
    if "coder" in drawn.columns:  # the training sample: each coder coded the rows the draw gave them
        drawn = drawn[drawn["coder"] == coder]
    assert sorted(coding["article_id"]) == sorted(drawn["article_id"])
    answers = coding[validation.indicator_columns(coding)]
    assert answers.shape[1] == 19 and answers.isin([0, 1]).all().all()
