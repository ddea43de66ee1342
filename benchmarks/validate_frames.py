"""Validate the frame measure against the hand coding in tests/data/coding/.

Generic frames (Semetko & Valkenburg 2000), article level, on the BBC sample
(tests/data/bbc_frame_sample.csv): per frame, prevalence (coder A), precision, recall, F1 and nominal
Krippendorff's alpha of the system against coder A, alpha of coder B against coder A (the human ceiling),
and the macro-F1; then the same per indicator question.

The `dev` split is 60 articles: the 15 `dev` articles of bbc_frame_sample.csv scored against coder A, and
the 45 articles of tests/data/bbc_dev2_sample.csv (disjoint from the test split) scored against coder C
(generic_frames_coder_c.csv, same columns and presence rule). Coder B coded only the first sample, so the
human ceiling on dev is over those 15 articles. The `test` split (25 articles, coder A) is unchanged.

Issue frames, sentence level, on every seed sentence (tests/data/seed_sentences_to_code.csv): the same
table. The seeds are the text the issue frames and their cues were designed from, so this is an in-sample
check, not a test of generalisation. The supervised FrameClassifier's cross-validated scores on coder A's
seed coding follow.

Runs:
    .venv/bin/python benchmarks/validate_frames.py                # report on the BBC `test` split
    .venv/bin/python benchmarks/validate_frames.py --split dev    # the tuning split (60 articles)
    .venv/bin/python benchmarks/validate_frames.py --tune         # choose FRAME_MIN_SENTENCES on dev only

The `test` split is read only when reporting; --tune refuses to look at it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import framing  # noqa: E402
from analysis.corpus import load_corpus  # noqa: E402
from analysis.paths import BBC  # noqa: E402
from analysis.resources import read_table  # noqa: E402

DATA = ROOT / "tests" / "data"
CODING = DATA / "coding"
GENERIC = ["responsibility", "human_interest", "conflict", "morality", "economic"]
PREFIX = {"responsibility": "resp_", "human_interest": "hi_", "conflict": "con_", "morality": "mor_",
          "economic": "eco_"}
ISSUE = ["diplomacy", "intl_law", "humanitarian", "security", "neutrality", "regional", "bilateral", "war"]
MIN_ARTICLES_FOR_ALPHA = 5  # the issue's target: alpha >= 0.6 for each frame present in >= 5 coded articles


def _sample(split: str | None, path: Path = DATA / "bbc_frame_sample.csv") -> pd.DataFrame:
    sample = read_table(path)
    sample["article_id"] = sample["file"].str.removesuffix(".txt")
    return sample if split is None else sample[sample["split"] == split]


def reference(split: str) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """(reference coding, coder B's coding) of a split's articles, indicator columns plus article_id.

    `test`: coder A on the test half of bbc_frame_sample.csv. `dev`: coder A on the dev half of it, plus
    coder C on bbc_dev2_sample.csv (coder B coded only bbc_frame_sample.csv).
    """
    ids = _sample(split)["article_id"]
    a = _coding("generic_frames_coder_a.csv", ids, "file")
    b = _coding("generic_frames_coder_b.csv", ids, "file")
    if split == "dev" and a is not None:
        c = _coding("generic_frames_coder_c.csv", _sample("dev", DATA / "bbc_dev2_sample.csv")["article_id"],
                    "file")
        if c is not None:
            a = pd.concat([a, c[a.columns]], ignore_index=True)
    return a, b


def _coding(name: str, ids: pd.Series, key: str) -> pd.DataFrame | None:
    path = CODING / name
    if not path.is_file():
        return None
    table = read_table(path)
    if key == "file":
        table["article_id"] = table["file"].str.removesuffix(".txt")
    table = table[table["article_id" if key == "file" else key].isin(set(ids))]
    return table


def generic_presence(indicators: pd.DataFrame) -> pd.DataFrame:
    """Frame presence from indicator columns: a frame is present when any of its indicators is 1."""
    out = indicators[["article_id"]].copy()
    for frame, prefix in PREFIX.items():
        cols = [c for c in indicators.columns if c.startswith(prefix)]
        out[frame] = indicators[cols].astype(int).max(axis=1)
    return out


def _evidence(ids: pd.Series, codebook: framing.Codebook) -> tuple[pd.DataFrame, pd.DataFrame]:
    _, sentences = load_corpus([BBC])
    sentences = sentences[sentences["article_id"].isin(set(ids))]
    return framing.detect_frames(sentences, codebook=codebook, families=["generic"]), sentences


def system_generic(ids: pd.Series, min_sentences: int, codebook: framing.Codebook) -> pd.DataFrame:
    """The system's indicator-level coding of the sample articles (BBC body sentences)."""
    evidence, sentences = _evidence(ids, codebook)
    return framing.indicator_presence(evidence, sentences, codebook=codebook, min_sentences=min_sentences)


def system_frames(ids: pd.Series, min_sentences: int | None, codebook: framing.Codebook) -> pd.DataFrame:
    """The system's frame presence (frame_salience's present_<frame>) of the sample articles."""
    evidence, sentences = _evidence(ids, codebook)
    sal = framing.frame_salience(evidence, sentences, codebook=codebook, min_sentences=min_sentences)
    return sal[["article_id", *(f"present_{f}" for f in GENERIC)]].rename(
        columns={f"present_{f}": f for f in GENERIC})


def score(system: pd.DataFrame, coder_a: pd.DataFrame, coder_b: pd.DataFrame | None, columns: list[str],
          key: str) -> pd.DataFrame:
    table = framing.frame_agreement(system, coder_a, key=key, columns=columns)
    if coder_b is not None:
        human = framing.frame_agreement(coder_b, coder_a, key=key, columns=columns)
        table["alpha_b_vs_a"] = human["alpha"].to_numpy()
        table["f1_b_vs_a"] = human["f1"].to_numpy()
    table["n_present"] = (table["prevalence"] * table["n"]).round().astype(int)
    macro = {"column": "macro", "n": table["n"].iloc[0]}
    macro |= {c: table[c].mean() for c in table.columns if c not in ("column", "n", "n_present")}
    return pd.concat([table, pd.DataFrame([macro])], ignore_index=True)


def _show(title: str, table: pd.DataFrame) -> None:
    print(f"\n## {title}\n")
    print(table.round(3).to_string(index=False, na_rep="-"))


def run_generic(split: str, min_sentences: int | None, codebook: framing.Codebook) -> None:
    a, b = reference(split)
    if a is None:
        print("generic frames: tests/data/coding/generic_frames_coder_a.csv not there yet")
        return
    ind_cols = [c for c in a.columns if c[:3] in ("res", "hi_", "con", "mor", "eco")]
    ind_min = framing.ARTICLE_MIN_SENTENCES if min_sentences is None else min_sentences
    sys_ind = system_generic(a["article_id"], ind_min, codebook)
    sys_frames = system_frames(a["article_id"], min_sentences, codebook)
    thresholds = framing.frame_thresholds(codebook, min_sentences)
    rule = ", ".join(f"{f} >= {thresholds[f]}" for f in GENERIC)
    a_frames = generic_presence(a[["article_id", *ind_cols]])
    b_frames = generic_presence(b[["article_id", *ind_cols]]) if b is not None else None
    who = "coder A" if split == "test" else "coder A on 15 + coder C on 45"
    _show(f"Generic frames, article level, BBC {split} split (n = {len(a)}, reference {who}; "
          f"rule: a frame's cues in at least n sentences ({rule}) or one strong cue)",
          score(sys_frames, a_frames, b_frames, GENERIC, "article_id"))
    _show(f"Generic indicators, article level, BBC {split} split (diagnostic; rule: indicator in >= "
          f"{ind_min} sentences or one strong cue)",
          score(sys_ind, a[["article_id", *ind_cols]].astype({c: int for c in ind_cols}),
                b[["article_id", *ind_cols]].astype({c: int for c in ind_cols}) if b is not None else None,
                ind_cols, "article_id"))


def tune(codebook: framing.Codebook) -> None:
    a, _ = reference("dev")
    if a is None:
        print("tune: coder A's generic coding is not there yet")
        return
    ind_cols = [c for c in a.columns if c[:3] in ("res", "hi_", "con", "mor", "eco")]
    a_frames = generic_presence(a[["article_id", *ind_cols]])
    rows = []
    for k in (1, 2, 3, 4, 5):
        t = framing.frame_agreement(system_frames(a["article_id"], k, codebook), a_frames, columns=GENERIC)
        for f, f1, alpha, p, r in zip(t["column"], t["f1"], t["alpha"], t["precision"], t["recall"],
                                      strict=True):
            rows.append({"frame": f, "min_sentences": k, "f1": f1, "alpha": alpha, "precision": p,
                         "recall": r})
    table = pd.DataFrame(rows).sort_values(["frame", "min_sentences"], key=lambda c: c.map(
        {f: i for i, f in enumerate(GENERIC)}) if c.name == "frame" else c)
    _show(f"Tuning FRAME_MIN_SENTENCES on the dev split only (n = {len(a)}; coder A on 15, coder C on 45)",
          table)


def _issue_labels(table: pd.DataFrame) -> pd.DataFrame:
    out = table[["sentence_id"]].copy()
    sets = table["frames"].fillna("").map(lambda v: {t.strip() for t in v.split("|") if t.strip()})
    for f in ISSUE:
        out[f] = sets.map(lambda s, f=f: int(f in s))
    return out


def run_issue(codebook: framing.Codebook) -> None:
    to_code = pd.read_csv(DATA / "seed_sentences_to_code.csv", dtype=str, keep_default_na=False)
    a = _coding("issue_frames_coder_a.csv", to_code["sentence_id"], "sentence_id")
    b = _coding("issue_frames_coder_b.csv", to_code["sentence_id"], "sentence_id")
    if a is None:
        print("issue frames: tests/data/coding/issue_frames_coder_a.csv not there yet")
        return
    _, sentences = load_corpus([ROOT / "seeds"])
    sentences = sentences[sentences["sentence_id"].isin(set(to_code["sentence_id"]))]
    evidence = framing.detect_frames(sentences, codebook=codebook, families=["issue"])
    system = sentences[["sentence_id"]].copy()
    for f in ISSUE:
        system[f] = system["sentence_id"].isin(set(evidence.loc[evidence["frame_id"] == f, "sentence_id"]))
        system[f] = system[f].astype(int)
    _show(f"Issue frames, sentence level, seed sentences (n = {len(a)}; IN-SAMPLE: the cues were written "
          "from these sentences)",
          score(system, _issue_labels(a), _issue_labels(b) if b is not None else None, ISSUE, "sentence_id"))
    labelled = a.assign(article_id=a["sentence_id"].str.split(":").str[0])
    cv = framing.cross_validate_frames(labelled, text="text", labels="frames", n_splits=5, random_state=0)
    _show("FrameClassifier (TF-IDF + logistic regression, one per frame), 5-fold CV on coder A's seed coding",
          cv)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["test", "dev"], default="test")
    parser.add_argument("--tune", action="store_true", help="choose FRAME_MIN_SENTENCES on dev only")
    parser.add_argument("--min-sentences", type=int, default=None,
                        help="one threshold for every frame (default: FRAME_MIN_SENTENCES per frame)")
    parser.add_argument("--frames", default=None, help="another codebook (YAML)")
    args = parser.parse_args(argv)
    if not BBC.is_dir():
        print(f"BBC data not found at {BBC}", file=sys.stderr)
        return 2
    codebook = framing.load_codebook(args.frames)
    if args.tune:
        tune(codebook)
        return 0
    run_generic(args.split, args.min_sentences, codebook)
    run_issue(codebook)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
