"""Tests of analysis.framing: codebook, detection with evidence, article-level rules, agreement, classifier."""

import re

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from analysis import framing
from analysis.errors import InputError
from analysis.paths import BBC, ROOT, SHARED_DATA

# The S&V (2000) indicator columns of tests/data/CODING_RULES.md section B, and the issue ids of section C.
SV_INDICATORS = {
    "responsibility": ["resp_gov_alleviate", "resp_gov_responsible", "resp_solution", "resp_individual",
                       "resp_urgent"],
    "human_interest": ["hi_face", "hi_emotive", "hi_affected", "hi_private"],
    "conflict": ["con_disagree", "con_reproach", "con_sides", "con_winners"],
    "morality": ["mor_message", "mor_religion", "mor_prescription"],
    "economic": ["eco_loss_gain", "eco_costs", "eco_consequences"],
}
ISSUE_IDS = ["diplomacy", "intl_law", "humanitarian", "security", "neutrality", "regional", "bilateral", "war"]


def sentences_from(articles: dict[str, list[str]]) -> tuple[pd.DataFrame, dict[str, str]]:
    """A sentence table (and the bodies) from hand-written sentences; sentences joined by one space."""
    rows, bodies = [], {}
    for art, sents in articles.items():
        pos, parts = 0, []
        for i, text in enumerate(sents):
            rows.append({"article_id": art, "sentence_id": f"{art}:s{i:03d}", "paragraph": 0, "text": text,
                         "start": pos, "end": pos + len(text)})
            parts.append(text)
            pos += len(text) + 1
        bodies[art] = " ".join(parts)
    return pd.DataFrame(rows), bodies


def write_codebook(tmp_path, body: str, negation: str = "ignore"):
    path = tmp_path / "frames.yaml"
    path.write_text(f"# test codebook\nnegation:\n  default: {negation}\n  window: 3\n"
                    f"  terms: ['not', \"n't\", 'no', 'never']\nframes:\n{body}", encoding="utf-8")
    return path


ONE_FRAME = """  - id: war
    name: War
    family: issue
    definition: about the war
    source: test
    cues:
{cues}
"""


def one_frame(tmp_path, cues: str, negation: str = "ignore") -> framing.Codebook:
    return framing.load_codebook(write_codebook(tmp_path, ONE_FRAME.format(cues=cues), negation))


# ----------------------------------------------------------------------------------------- codebook
def test_packaged_codebook_has_sv_indicators_and_issue_frames():
    cb = framing.load_codebook()
    generic = cb.frames[cb.frames["family"] == "generic"]["frame_id"].tolist()
    issue = cb.frames[cb.frames["family"] == "issue"]["frame_id"].tolist()
    assert generic == list(SV_INDICATORS)
    assert issue == ISSUE_IDS
    for frame, indicators in SV_INDICATORS.items():
        assert cb.indicators.loc[cb.indicators["frame_id"] == frame, "indicator"].tolist() == indicators
    # every frame has a definition and a source, every indicator at least one cue
    assert cb.frames[["definition", "source", "name"]].map(bool).all().all()
    assert set(cb.indicators["indicator"]) == set(cb.cues["indicator"])


def test_codebook_questions_are_the_coding_rules_questions():
    rules = (ROOT / "tests" / "data" / "CODING_RULES.md").read_text(encoding="utf-8")
    cb = framing.load_codebook()
    generic = cb.indicators[cb.indicators["frame_id"].isin(list(SV_INDICATORS))]
    for ind, question in zip(generic["indicator"], generic["question"], strict=True):
        assert f"| {ind} | {question} |" in rules


def test_codebook_from_a_user_path_equals_the_packaged_one():
    path = ROOT / "analysis" / "data" / "frames.yaml"
    assert framing.load_codebook(path).frame_ids == framing.load_codebook().frame_ids


@pytest.mark.parametrize("body, message", [
    ("  - {id: war, name: War, family: issue, definition: d, source: s}\n", "neither cues"),
    ("  - {id: war, name: War, family: opinion, definition: d, source: s, cues: [x]}\n", "family"),
    ("  - {id: War, name: War, family: issue, definition: d, source: s, cues: [x]}\n", "lower-case"),
    ("  - {id: war, name: War, family: issue, source: s, cues: [x]}\n", "definition"),
    ("  - {id: war, name: War, family: issue, definition: d, source: s, cues: [{regex: '(' }]}\n", "valid pattern"),
    ("  - {id: war, name: War, family: issue, definition: d, source: s, cues: [{term: x, when: y}]}\n", "unknown"),
    ("  - {id: war, name: War, family: issue, definition: d, source: s, cues: [{term: x, negation: maybe}]}\n",
     "negation"),
    ("  - {id: war, name: W, family: issue, definition: d, source: s, cues: [x]}\n"
     "  - {id: war, name: W, family: issue, definition: d, source: s, cues: [y]}\n", "duplicate"),
])
def test_bad_codebooks_raise_input_error(tmp_path, body, message):
    with pytest.raises(InputError, match=message):
        framing.load_codebook(write_codebook(tmp_path, body))


def test_missing_codebook_file_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        framing.load_codebook(tmp_path / "none.yaml")


# ----------------------------------------------------------------------------------------- detection
def test_evidence_points_at_the_words_in_the_body():
    sents, bodies = sentences_from({
        "a": ["Russian troops crossed the border.", "Talks resumed in Geneva under the UN Charter."],
        "b": ["The weather was fine."],
    })
    ev = framing.detect_frames(sents)
    assert list(ev.columns) == framing.EVIDENCE_COLUMNS
    assert {"war", "diplomacy", "intl_law"} <= set(ev["frame_id"])
    for row in ev.itertuples():
        assert bodies[row.article_id][row.start:row.end] == row.surface
    assert "b" not in set(ev["article_id"])


@pytest.mark.parametrize("cue, text, surfaces", [
    ("negotiat*", "Negotiations and a negotiator.", ["Negotiations", "negotiator"]),
    ("talks", "Stalks of corn.", []),  # whole words only
    ("UN Charter", "the UN   Charter", ["UN   Charter"]),  # any run of whitespace
    ("anyone's interest", "not in anyone’s interest", ["anyone’s interest"]),  # either apostrophe
    ("{term: UN, case: true}", "The UN met; un-related.", ["UN"]),
    ("{regex: 'cease-?fire'}", "A ceasefire, then a cease-fire.", ["ceasefire", "cease-fire"]),
])
def test_cue_syntax(tmp_path, cue, text, surfaces):
    cb = one_frame(tmp_path, f"      - {cue}" if cue.startswith("{") else f"      - \"{cue}\"")
    sents, _ = sentences_from({"a": [text]})
    assert framing.detect_frames(sents, codebook=cb)["surface"].tolist() == surfaces


@pytest.mark.parametrize("rule, kept", [("ignore", ["s000", "s001"]), ("skip", ["s000"]), ("require", ["s001"])])
def test_negation_rules(tmp_path, rule, kept):
    cb = one_frame(tmp_path, f"      - {{term: condemn*, negation: {rule}}}")
    sents, _ = sentences_from({"a": ["Pakistan condemned the attack.", "Pakistan did not condemn Russia."]})
    ev = framing.detect_frames(sents, codebook=cb)
    assert [s.split(":")[1] for s in ev["sentence_id"]] == kept


def test_negator_outside_the_window_does_not_negate(tmp_path):
    cb = one_frame(tmp_path, "      - {term: condemn*, negation: skip}")
    sents, _ = sentences_from({"a": ["It was not, as many said at the time, wise to condemn it."]})
    assert len(framing.detect_frames(sents, codebook=cb)) == 1


def test_requires_and_excludes_look_at_the_same_sentence(tmp_path):
    cb = one_frame(tmp_path, "      - {term: counterpart, requires: [call]}\n"
                             "      - {term: attack*, excludes: [terror*]}")
    sents, _ = sentences_from({"a": ["He called his counterpart.", "In a call, his counterpart agreed.",
                                     "The attack on the city.", "The terrorist attack."]})
    ev = framing.detect_frames(sents, codebook=cb)
    assert ev["sentence_id"].tolist() == ["a:s001", "a:s002"]


def test_families_option_filters_and_is_validated():
    sents, _ = sentences_from({"a": ["The war cost billions, and ministers blamed the government."]})
    assert set(framing.detect_frames(sents, families=["issue"])["family"]) == {"issue"}
    assert set(framing.detect_frames(sents, families=["generic"])["family"]) == {"generic"}
    with pytest.raises(InputError, match="families"):
        framing.detect_frames(sents, families=["opinion"])


def test_empty_and_bad_sentence_tables():
    empty = pd.DataFrame(columns=["article_id", "sentence_id", "paragraph", "text", "start", "end"])
    ev = framing.detect_frames(empty)
    assert ev.empty and list(ev.columns) == framing.EVIDENCE_COLUMNS
    with pytest.raises(InputError, match="missing column"):
        framing.detect_frames(pd.DataFrame({"text": ["war"]}))
    sents, _ = sentences_from({"a": ["War.", "War."]})
    with pytest.raises(InputError, match="duplicate sentence_id"):
        framing.detect_frames(pd.concat([sents, sents]))


# ----------------------------------------------------------------------------------------- article level
ARTICLES = {
    "a": ["Troops advanced.", "The war went on.", "Shelling continued.", "It rained."],
    "b": ["The war began.", "Talks failed.", "It rained."],
    "c": ["It rained."],
}


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_a_stricter_rule_never_adds_presence(k):
    sents, _ = sentences_from(ARTICLES)
    ev = framing.detect_frames(sents, families=["issue"])
    loose = framing.indicator_presence(ev, sents, min_sentences=k).set_index("article_id")
    strict = framing.indicator_presence(ev, sents, min_sentences=k + 1).set_index("article_id")
    assert (strict <= loose).all().all()


def test_presence_counts_sentences_and_strong_cues_suffice():
    sents, _ = sentences_from({**ARTICLES, "d": ["They invoked the UN Charter."]})
    ev = framing.detect_frames(sents, families=["issue"])
    pres = framing.indicator_presence(ev, sents, min_sentences=2).set_index("article_id")
    assert pres.loc["a", "war"] == 1  # three sentences
    assert pres.loc["b", "war"] == 0  # one sentence
    assert pres.loc["c"].sum() == 0  # no evidence at all, still a row
    assert pres.loc["d", "intl_law"] == 1  # one sentence, but "UN Charter" is a strong cue


def test_salience_is_a_share_and_dominant_frames_are_present_ones():
    sents, _ = sentences_from(ARTICLES)
    ev = framing.detect_frames(sents, families=["issue"])
    out = framing.frame_salience(ev, sents, min_sentences=1).set_index("article_id")
    assert out.loc["a", "salience_war"] == pytest.approx(3 / 4)
    assert out.loc["b", "salience_war"] == pytest.approx(1 / 3)
    assert out.loc["c", "n_sentences"] == 1 and out.loc["c", "dominant_issue"] == ""
    sal = out.filter(like="salience_")
    assert ((sal >= 0) & (sal <= 1)).all().all()
    for fid in framing.load_codebook().frame_ids:
        assert ((out[f"present_{fid}"] == 0) | (out[f"salience_{fid}"] > 0)).all()
    assert out.loc["a", "dominant_issue"] == "war"
    assert out.loc["b", "dominant_issue"] == "diplomacy|war"  # a tie keeps both, in codebook order
    assert {"dominant_generic", "dominant_issue"} <= set(out.columns)


def test_min_sentences_is_validated():
    sents, _ = sentences_from(ARTICLES)
    ev = framing.detect_frames(sents)
    for bad in (0, 1.5, True):
        with pytest.raises(InputError, match="min_sentences"):
            framing.frame_salience(ev, sents, min_sentences=bad)


# ----------------------------------------------------------------------------------------- agreement
def test_agreement_matches_the_krippendorff_package():
    import krippendorff

    rng = np.random.default_rng(0)
    a = pd.DataFrame({"article_id": range(30), "x": rng.integers(0, 2, 30)})
    b = a.assign(x=np.where(rng.random(30) < 0.2, 1 - a["x"], a["x"]))
    got = framing.frame_agreement(b, a).iloc[0]
    want = krippendorff.alpha(reliability_data=np.vstack([b["x"], a["x"]]), level_of_measurement="nominal")
    assert got["alpha"] == pytest.approx(want)
    tp = int(((a["x"] == 1) & (b["x"] == 1)).sum())
    assert got["precision"] == pytest.approx(tp / b["x"].sum())
    assert got["recall"] == pytest.approx(tp / a["x"].sum())


def test_agreement_undefined_cases_are_nan():
    a = pd.DataFrame({"article_id": [1, 2, 3], "x": [0, 0, 0]})
    row = framing.frame_agreement(a, a).iloc[0]
    assert np.isnan(row["precision"]) and np.isnan(row["recall"]) and np.isnan(row["alpha"])


# ----------------------------------------------------------------------------------------- classifier
TRAIN = pd.DataFrame({
    "text": ["troops shelled the city", "peace talks resumed", "troops and talks", "the weather was fine",
             "shelling and troops", "talks on a ceasefire deal", "more troops arrived", "talks in Geneva"],
    "frames": ["war", "diplomacy", "war|diplomacy", "", "war", "diplomacy", "war", "diplomacy"],
})


def test_classifier_follows_estimator_rules():
    clf = framing.FrameClassifier(C=5.0)
    assert clf.get_params()["C"] == 5.0 and not hasattr(clf, "classes_")
    assert clone(clf).get_params() == clf.get_params()
    assert clf.fit(TRAIN["text"], TRAIN["frames"]) is clf
    assert clf.classes_.tolist() == ["diplomacy", "war"]
    assert "troops" in clf.get_feature_names_out()
    proba = clf.predict_proba(["troops everywhere"])
    assert proba.shape == (1, 2) and clf.predict(["troops everywhere"]).tolist() == [[0, 1]]
    top = clf.top_terms(3)
    assert top.loc[top["frame_id"] == "war", "term"].iloc[0] in {"troops", "shelling", "shelled"}


def test_classifier_handles_a_frame_in_every_text_and_a_matrix():
    clf = framing.FrameClassifier().fit(["troops moved", "troops talked"], ["x|y", "x"])
    assert clf.predict(["troops"])[0, 0] == 1  # x is always present: a constant, no regression
    m = framing.FrameClassifier().fit(TRAIN["text"], np.array([[1, 0]] * 4 + [[0, 1]] * 4))
    assert m.classes_.tolist() == ["0", "1"]


def test_classifier_options_are_validated():
    with pytest.raises(InputError, match="threshold"):
        framing.FrameClassifier(threshold=2).fit(TRAIN["text"], TRAIN["frames"])


def test_cross_validation_scores_each_frame_and_a_macro_row():
    cv = framing.cross_validate_frames(TRAIN, n_splits=4)
    assert cv["frame_id"].tolist() == ["diplomacy", "war", "macro"]
    assert cv["n_positive"].tolist()[:2] == [4, 4]
    assert cv[["precision", "recall", "f1"]].stack().between(0, 1).all()
    grouped = framing.cross_validate_frames(TRAIN.assign(g=[0, 0, 1, 1, 2, 2, 3, 3]), groups="g", n_splits=2)
    assert len(grouped) == 3


@pytest.mark.parametrize("kwargs, message", [({"n_splits": 1}, "n_splits"), ({"n_splits": 99}, "n_splits"),
                                             ({"labels": "codes"}, "missing column")])
def test_cross_validation_options_are_validated(kwargs, message):
    with pytest.raises(InputError, match=message):
        framing.cross_validate_frames(TRAIN, **kwargs)


# ----------------------------------------------------------------------------------------- real data
def test_seeds_every_issue_frame_is_found_and_traceable():
    from analysis.corpus import load_corpus

    articles, sentences = load_corpus([ROOT / "seeds"])
    ev = framing.detect_frames(sentences)
    body = dict(zip(articles["article_id"], articles["body"], strict=True))
    assert all(body[r.article_id][r.start:r.end] == r.surface for r in ev.itertuples())
    assert set(ISSUE_IDS) <= set(ev["frame_id"])
    sal = framing.frame_salience(ev, sentences)
    assert set(sal["article_id"]) == set(articles["article_id"])
    assert (sal["present_diplomacy"] == 1).all() and (sal["present_war"] == 1).all()


@pytest.mark.skipif(not BBC.is_dir(), reason=f"shared BBC data not found at {SHARED_DATA}")
def test_bbc_politics_sample_is_traceable():
    from analysis.corpus import load_corpus

    articles, sentences = load_corpus([BBC / "politics"])
    keep = set(articles["article_id"].head(20))
    articles, sentences = articles[articles["article_id"].isin(keep)], sentences[sentences["article_id"].isin(keep)]
    ev = framing.detect_frames(sentences)
    body = dict(zip(articles["article_id"], articles["body"], strict=True))
    assert all(body[r.article_id][r.start:r.end] == r.surface for r in ev.itertuples())
    sal = framing.frame_salience(ev, sentences)
    assert len(sal) == len(keep) and sal["present_conflict"].sum() > 0


def test_codebook_opens_with_a_provenance_header():
    from analysis.resources import provenance

    header = provenance("frames.yaml")
    assert "Semetko" in header and "Licence" in header


def test_frame_features_returns_evidence_and_salience():
    sents, _ = sentences_from(ARTICLES)
    evidence, salience = framing.frame_features(sents, min_sentences=1)
    pd.testing.assert_frame_equal(evidence, framing.detect_frames(sents))
    assert salience["article_id"].tolist() == ["a", "b", "c"]


def test_a_user_codebook_with_one_family(tmp_path):
    cb = one_frame(tmp_path, "      - troops")
    sents, _ = sentences_from(ARTICLES)
    evidence, salience = framing.frame_features(sents, codebook=cb, min_sentences=1)
    assert set(evidence["frame_id"]) == {"war"}
    assert [c for c in salience.columns if c.startswith("dominant_")] == ["dominant_issue"]


def test_the_first_word_pre_check_never_changes_the_evidence():
    import dataclasses

    from analysis.corpus import load_corpus

    _, sentences = load_corpus([ROOT / "seeds"])
    cb = framing.load_codebook()
    unchecked = dataclasses.replace(cb, cues=cb.cues.assign(first=None))
    pd.testing.assert_frame_equal(framing.detect_frames(sentences, codebook=cb),
                                  framing.detect_frames(sentences, codebook=unchecked))


# ----------------------------------------------------------------------------------------- fast detection
def test_fast_detection_equals_every_cue_on_every_sentence_on_the_seeds():
    from analysis.corpus import load_corpus

    _, sentences = load_corpus([ROOT / "seeds"])
    cb = framing.load_codebook()
    pd.testing.assert_frame_equal(framing.detect_frames(sentences, codebook=cb),
                                  framing._detect_reference(sentences, cb))


@pytest.mark.skipif(not BBC.is_dir(), reason=f"shared BBC data not found at {SHARED_DATA}")
def test_fast_detection_equals_the_reference_on_the_bbc_dev_articles():
    from analysis.corpus import load_corpus
    from analysis.resources import read_table

    data = ROOT / "tests" / "data"
    dev = read_table(data / "bbc_frame_sample.csv")
    files = set(dev.loc[dev["split"] == "dev", "file"]) | set(read_table(data / "bbc_dev2_sample.csv")["file"])
    ids = {f.removesuffix(".txt") for f in files}
    _, sentences = load_corpus([BBC])
    sentences = sentences[sentences["article_id"].isin(ids)]
    cb = framing.load_codebook()
    pd.testing.assert_frame_equal(framing.detect_frames(sentences, codebook=cb),
                                  framing._detect_reference(sentences, cb))


@pytest.mark.parametrize("text", [
    "Anti-war protesters' co-operation with O'Neill's group", "İstanbul and ſtate and Kelvin",
    "Café owners—and 3.5bn-dollar firms", "", "it’s the state’s"])
def test_word_sets_equal_the_plain_definition(text):
    low = text.lower().replace("’", "'")
    assert framing._word_sets([low])[0] == framing._words_of(text)


@pytest.mark.parametrize("pattern, text", [
    (r"\b(?:government|ministers?)\b[^.]{0,40}\bwill\b", "The Ministers will act."),
    (r"[£$€]\s?\d", "It cost € 5."),
    (r"\bsome\b[^.]{0,80}\bothers\b", "Some say yes, others no."),
    (r"(?i:war)s?", "WARS"),
    (r"\b[A-Z][a-z]+, (?:[1-9][0-9]), (?:who|said)\b", "Jones, 54, said so."),
    (r"\b(?:his|her) bail\b|\bbail (?:terms|set)\b|[£$]\d+ bail\b", "Bail terms were strict."),
    (r"\b(?:so|very) moving\b|\bmoving (?:tribute|story)\b", "A moving tribute."),
])
def test_regex_literals_are_in_every_match(pattern, text):
    rx = re.compile(pattern, re.IGNORECASE)
    found = framing._regex_literals(rx)
    m = rx.search(text)
    assert m is not None
    if found is not None:
        literals, _ = found
        assert any(lit in m.group(0).lower().replace("’", "'") for lit in literals)


def test_regex_literals_of_alternatives_are_the_union_of_each_alternative_s_literals():
    # each alternative starts with \b, so none has a leading literal; each has a literal inside
    literals, _ = framing._regex_literals(re.compile(r"\b(?:his|her) bail\b|\bbail (?:terms|set)\b", re.I))
    assert literals == {" bail", "bail "}
    assert framing._regex_literals(re.compile(r"\bbail\b|\d+")) is None  # one alternative has no literal


def test_ascii_folding_lists_every_non_ascii_character_that_matches_an_ascii_letter():
    import string

    chars = "".join(chr(c) for c in range(128, 0x110000) if not 0xD800 <= c < 0xE000)
    found = set()
    for letter in string.ascii_letters:
        found.update(re.findall(letter, chars, re.IGNORECASE))
    found.update(c for c in chars if c.lower() != c and any(x in string.ascii_letters for x in c.lower()))
    assert found == set(framing.ASCII_FOLDING)


def test_pruning_keeps_sentences_with_folding_characters(tmp_path):
    cb = one_frame(tmp_path, "      - \"state\"\n      - {regex: 'kelvin'}")
    sents, _ = sentences_from({"a": ["The ſtate.", "The \u212aelvin scale.", "The state."]})
    got = framing.detect_frames(sents, codebook=cb)
    pd.testing.assert_frame_equal(got, framing._detect_reference(sents, cb))
    # "ſtate" matches the term's regex but not its first-word pre-check, which is kept as it was
    assert got["surface"].tolist() == ["\u212aelvin", "state"]


# ----------------------------------------------------------------------------------------- per-frame rule
def test_frame_thresholds_options():
    cb = framing.load_codebook()
    default = framing.frame_thresholds(cb)
    assert {f: default[f] for f in framing.FRAME_MIN_SENTENCES} == framing.FRAME_MIN_SENTENCES
    assert default["war"] == framing.ARTICLE_MIN_SENTENCES
    assert set(framing.frame_thresholds(cb, 3).values()) == {3}
    assert framing.frame_thresholds(cb, {"war": 5})["war"] == 5
    with pytest.raises(InputError, match="unknown frame"):
        framing.frame_thresholds(cb, {"nope": 1})
    with pytest.raises(InputError, match="min_sentences"):
        framing.frame_thresholds(cb, {"war": 0})


@pytest.mark.parametrize("k", [1, 2, 3])
def test_a_higher_frame_threshold_never_adds_presence(k):
    sents, _ = sentences_from({**ARTICLES, "d": ["They invoked the UN Charter."]})
    ev = framing.detect_frames(sents)
    loose = framing.frame_salience(ev, sents, min_sentences=k).filter(like="present_")
    strict = framing.frame_salience(ev, sents, min_sentences=k + 1).filter(like="present_")
    assert (strict <= loose).all().all()
    assert framing.frame_salience(ev, sents, min_sentences=k + 1).set_index("article_id").loc[
        "d", "present_intl_law"] == 1  # a strong cue is enough whatever the threshold


def test_frame_presence_counts_sentences_across_indicators():
    # two sentences, each with a cue of a different conflict indicator: present at threshold 2
    sents, _ = sentences_from({"a": ["The two parties disagree.", "Critics accused the board."]})
    ev = framing.detect_frames(sents, families=["generic"])
    assert ev.loc[ev["frame_id"] == "conflict", "sentence_id"].nunique() == 2
    out = framing.frame_salience(ev, sents, min_sentences={"conflict": 2}).set_index("article_id")
    assert out.loc["a", "present_conflict"] == 1


def test_examples_are_the_first_sentences_carrying_each_frame(seeds):
    _, sentences = seeds
    evidence = framing.detect_frames(sentences)
    table = framing.examples(evidence, sentences, per_frame=2, family="issue")
    assert set(table["frame_id"]) <= set(evidence.loc[evidence["family"] == "issue", "frame_id"])
    assert table.groupby(["frame_id", "article_id"]).size().max() <= 2
    for row in table.itertuples():
        first = evidence[(evidence["frame_id"] == row.frame_id) & (evidence["article_id"] == row.article_id)]
        order = sentences.set_index("sentence_id")["start"]
        assert order[row.sentence_id] in sorted(order[first["sentence_id"].unique()])[:2]
        assert all(cue in row.text for cue in row.cues.split("|"))


@pytest.mark.parametrize(("text", "indicator", "fires"), [
    # the third cue revision: context rules keep the generic cues to their S&V sense
    ("Team morale is high after the win.", "mor_message", False),
    ("Hunting is cruel and morally wrong, campaigners said.", "mor_message", True),
    ("He urged Labour supporters to vote tactically.", "mor_prescription", True),
    ("Now we have to focus on Scotland.", "mor_prescription", False),
    ("Christian Slater is expected at the ceremony.", "mor_religion", False),
    ("United almost paid the price for their misses.", "eco_costs", False),
    ("Doherty faces robbery charges in court.", "eco_costs", False),
    ("Airlines raised landing charges by 5%.", "eco_costs", True),
    ("The next five days will be spent counting votes.", "eco_costs", False),
    ("It was a shock defeat for Arsenal.", "hi_emotive", False),
    ('"I\'m still reeling," she said.', "hi_emotive", True),
    ("Demand for workers is far from booming.", "hi_affected", False),
    ("Workers who lost their jobs are struggling.", "hi_affected", True),
    ("The firm could bail out of the deal.", "hi_private", False),
    ('"This award is for my family," he said.', "hi_private", True),
    # the fourth cue revision: causal attribution, reproach, industrial disputes and their context rules
    ("Andrew put England's mistakes down to a lack of mental toughness.", "resp_individual", True),
    ("Ferguson was unhappy with the striker for hiding the injury.", "resp_individual", True),
    ("The company is clamping down on pirated software.", "resp_solution", True),
    ("Saddam's regime was hell, he said.", "resp_gov_responsible", True),
    ("He follows a strict training regime.", "resp_gov_responsible", False),
    ("Union members have voted to strike over the cuts.", "con_disagree", True),
    ("The striker scored twice in the second half.", "con_disagree", False),
    ("Wine makers said the support did not go far enough.", "con_disagree", True),
    ("The dollar lost 7% against the euro.", "con_disagree", False),
    ("Officials are suspected of wrongly using company funds.", "con_reproach", True),
    ("Sung Won Sohn, chief economist, said rates would rise.", "con_winners", False),
    ("Chelsea won the title on Saturday.", "con_winners", True),
    ("He secured the film rights to use the title.", "con_winners", False),
    ("United have also been hit by injuries to two strikers.", "hi_affected", False),
    ("The worm searches for new victims to infect.", "hi_affected", False),
    ("The plans would shed 71,000 civil service jobs.", "hi_affected", True),
    ("The firm created 500 jobs last year.", "hi_affected", False),
    # the fifth cue revision: a person's age, deaths and churches in their S&V sense
    ("Bell, 30, had set his sights on a place in the side.", "hi_face", False),
    ("Mr Ali, 28, a hotel receptionist, was arrested in May.", "hi_face", True),
    ("The singer, who died in 1971, recorded the song in Paris.", "hi_affected", False),
    ("The pianist died in Tokyo in 2001 aged 86.", "hi_affected", False),
    ("Forty people died when the river burst its banks.", "hi_affected", True),
    ("He gave a speech at a church in Fife.", "mor_religion", False),
    ("The Church of England opposed the bill.", "mor_religion", True),
    ("The church says faith must guide the vote.", "mor_religion", True),
    # the sixth cue revision: word senses outside the S&V questions (a currency, a contest result, attraction,
    # insurance, arts reviewers, aircraft, joy)
    ("Hyundai took a 500 billion won loan from its banks.", "con_winners", False),
    ('"He won\'t play again this season," the coach said.', "con_winners", False),
    ("The singer won acclaim for her second album.", "con_winners", False),
    ("Labour won the seat by 300 votes.", "con_winners", True),
    ("Celtic failed to beat Rangers for the fifth time.", "resp_individual", False),
    ("The council failed to repair the road for months.", "resp_individual", True),
    ("The new games appeal more to older players.", "resp_solution", False),
    ("The family will appeal against the ruling.", "resp_solution", True),
    ("She appealed to fans to stay calm.", "resp_solution", True),
    ("Few of the victims had taken out insurance policies.", "resp_gov_alleviate", False),
    ("The state's housing policies were debated.", "resp_gov_alleviate", True),
    ("The novel had a lukewarm response from critics.", "con_disagree", False),
    ("The novel had a lukewarm response from critics.", "con_sides", False),
    ("Critics of the plan say it will cost jobs.", "con_disagree", True),
    ("He flew fighter planes over the desert.", "con_disagree", False),
    ("Unions vowed to fight the closures.", "con_disagree", True),
    ('"I am so happy to be home," she said.', "hi_emotive", False),
    # the sixth revision's word-sense rules narrowed to the senses they were written for: "won" after a comma, a
    # failure of duty with a verb that is also a contest verb, legal appeals and appeals for help, critics of a
    # government who review or hail something
    ("Labour, led by Mr Blair, won the election.", "con_winners", True),
    ("Mr Smith, 45, won the seat.", "con_winners", True),
    ("A ticket costs 1,000 won.", "con_winners", False),
    ("The deal is worth 3 billion won.", "con_winners", False),
    ("The minister failed to take responsibility for the fiasco.", "resp_individual", True),
    ("The government failed to make the payments.", "resp_individual", True),
    ("The regulator failed to reach a decision in time.", "resp_individual", True),
    ("Agassi failed to take control as both players forced breaks.", "resp_individual", False),
    ("The council failed to reach a final decision.", "resp_individual", True),
    ("Wales failed to make the semi-finals.", "resp_individual", False),
    ("England failed to score in the second half.", "resp_individual", False),
    ("The firm will appeal to the High Court.", "resp_solution", True),
    ("The firm will appeal directly to the Supreme Court.", "resp_solution", True),
    ("Police appealed to the public for information.", "resp_solution", True),
    ("The UN appealed to donors for more aid.", "resp_solution", True),
    ("The console should appeal to gamers.", "resp_solution", False),
    ("Such phones appeal to young people.", "resp_solution", False),
    ("Police appealed to young people for calm.", "resp_solution", True),
    ("Critics say the review of the law is a sham.", "con_disagree", True),
    ("Critics of the government hailed the ruling.", "con_disagree", True),
    ("Critics of the government hailed the ruling.", "con_sides", True),
    ("Film critics praised the director's new work.", "con_disagree", False),
    ("Film critics praised the director's new work.", "con_sides", False),
])
def test_generic_cues_keep_to_their_indicator(text, indicator, fires):
    s, _ = sentences_from({"a": [text]})
    ev = framing.detect_frames(s, families=["generic"])
    assert (indicator in set(ev["indicator"])) == fires


def test_a_strong_moral_cue_suffices_and_religious_mentions_need_the_threshold():
    s, _ = sentences_from({"moral": ["Animal welfare groups say hunting is cruel."],
                           "venue": ["He spoke at a church in Kirkcaldy.", "The church was full."],
                           "once": ["The group is led by a Muslim cleric.", "It meets on Fridays."],
                           "twice": ["The group is led by a Muslim cleric.", "Members say prayers daily."]})
    sal = framing.frame_salience(framing.detect_frames(s, families=["generic"]), s).set_index("article_id")
    assert sal.loc["moral", "present_morality"] == 1
    # a church as a venue is no religious reference; one passing religious word is below the threshold, two are not
    assert framing.FRAME_MIN_SENTENCES["morality"] == 2
    assert sal.loc["venue", "present_morality"] == 0 and sal.loc["venue", "salience_morality"] == 0
    assert sal.loc["once", "present_morality"] == 0 and sal.loc["twice", "present_morality"] == 1


def test_the_packaged_codebook_is_read_once_per_process(monkeypatch):
    # a streaming run detects frames chunk after chunk: reading the YAML each time cost 5% of the pipeline
    framing._default_codebook.cache_clear()
    calls, real = [], framing.load_codebook
    monkeypatch.setattr(framing, "load_codebook", lambda *args: calls.append(args) or real(*args))
    sents, _ = sentences_from({"a": ["The talks failed."]})
    first, second = framing.detect_frames(sents), framing.detect_frames(sents)
    pd.testing.assert_frame_equal(first, second)
    assert len(calls) == 1


def test_a_codebook_file_is_read_once_and_again_when_it_changes(tmp_path, monkeypatch):
    calls, real = [], framing.load_codebook
    monkeypatch.setattr(framing, "load_codebook", lambda *args: calls.append(args) or real(*args))
    path = write_codebook(tmp_path, ONE_FRAME.format(cues="      - shelling"))
    sents, _ = sentences_from({"a": ["The shelling went on."], "b": ["The invasion went on."]})
    assert framing.detect_frames(sents, codebook=path)["article_id"].tolist() == ["a"]
    assert framing.detect_frames(sents, codebook=str(path))["article_id"].tolist() == ["a"]
    assert len(calls) == 1
    write_codebook(tmp_path, ONE_FRAME.format(cues="      - invasion\n      - tanks"))  # another size: read again
    assert framing.detect_frames(sents, codebook=path)["article_id"].tolist() == ["b"]
    assert len(calls) == 2
