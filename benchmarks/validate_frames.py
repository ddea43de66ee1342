"""Validate the frame measure against the hand coding in tests/data/coding/.

A command-line wrapper over analysis.validation (the notebooks call the same functions).

Generic frames (Semetko & Valkenburg 2000), article level: per frame, prevalence (reference coder),
precision, recall, F1 and nominal Krippendorff's alpha of the system against the reference coder, alpha
and F1 of the second coder against the reference (the human ceiling), and the macro-F1; then the same per
indicator question.

Splits (analysis.validation.scored_articles): `test` is the eighth round's test sample, 150 fresh articles
(tests/data/bbc_frame_test8_sample.csv), coder AH the reference and coder AI the second coder. `dev` is 1,425
articles: the 40 of bbc_frame_sample.csv (coder A; coder B the second coder), the 45 of bbc_dev2_sample.csv
(coder C), the 25 of the second test round (coder D; coder E the second coder), the 25 of the third (coder H;
coder I the second coder), the 40 of the fourth (coder L; coder M the second coder), the 50 of the fifth (coder
P; coder Q the second coder), the sixth round's 300 training articles (coders T to Y, 50 each) and 50 test
articles (coder R; coder S the second coder), the seventh round's 450 training articles (coders AB to AG, 75
each) and 100 test articles (coder Z; coder AA the second coder), and the eighth round's 300 training articles
(coders AJ to AO, 50 each). `test1` to `test7` rerun the earlier test splits (coders A, D, H, L, P, R and Z),
reported before and part of dev since.

Issue frames, sentence level, on every seed sentence (tests/data/seed_sentences_to_code.csv): the same
table. The seeds are the text the issue frames and their cues were designed from, so this is an in-sample
check, not a test of generalisation. The supervised FrameClassifier's cross-validated scores on coder A's
seed coding follow.

The learned article-level presence model (analysis.frame_model), fitted on every dev article: on `dev`, its
5-fold cross-validated scores; on a test split, its held-out scores. Its features are the dictionary's evidence
counts, the words' TF-IDF (--no-words leaves them out) and the mean MiniLM sentence embedding, which needs the
`embeddings` extra (--no-embed leaves it out).

Runs:
    .venv/bin/python benchmarks/validate_frames.py --split test   # the held-out report (score it once)
    .venv/bin/python benchmarks/validate_frames.py --split dev    # the tuning split (1,425 articles)
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

from analysis import framing, validation  # noqa: E402
from analysis.errors import InputError  # noqa: E402


def _show(title: str, table: pd.DataFrame) -> None:
    print(f"\n## {title}\n")
    print(table.round(3).to_string(index=False, na_rep="-"))


def run_generic(split: str, min_sentences: int | None, codebook: framing.Codebook, sentences: pd.DataFrame) -> None:
    frames = validation.frame_validation(split, codebook=codebook, min_sentences=min_sentences, sentences=sentences)
    thresholds = framing.frame_thresholds(codebook, min_sentences)
    rule = ", ".join(f"{f} >= {thresholds[f]}" for f in validation.GENERIC_FRAMES)
    ind_min = framing.ARTICLE_MIN_SENTENCES if min_sentences is None else min_sentences
    who = validation.reference_label("frames", split)
    _show(f"Generic frames, article level, BBC {split} split (n = {frames['n'].iloc[0]}, reference {who}; "
          f"rule: a frame's cues in at least n sentences ({rule}) or one strong cue)", frames)
    _show(f"Generic indicators, article level, BBC {split} split (diagnostic; rule: indicator in >= "
          f"{ind_min} sentences or one strong cue)",
          validation.indicator_validation(split, codebook=codebook, min_sentences=min_sentences,
                                          sentences=sentences))


def run_model(split: str, sentences: pd.DataFrame, embed: bool, words: bool) -> None:
    what = " + ".join(["evidence counts", *(["words' TF-IDF"] if words else []),
                       *(["mean MiniLM sentence embedding"] if embed else [])])
    options = {"embed": embed, "words": words, "sentences": sentences}
    n_dev = len(validation.scored_articles("frames", "dev"))
    if split == "dev":
        _show(f"Learned presence ({what}), 5-fold cross-validation on the dev split (n = {n_dev}; out-of-fold "
              "predictions)", validation.frame_model_cv(**options))
        return
    _show(f"Learned presence ({what}), fitted on the {n_dev} dev "
          f"articles, BBC {split} split (reference {validation.reference_label('frames', split)})",
          validation.frame_model_validation(split, **options))


def tune(codebook: framing.Codebook, sentences: pd.DataFrame) -> None:
    table = validation.frame_threshold_tuning(codebook=codebook, sentences=sentences)
    n = len(validation.scored_articles("frames", "dev"))
    _show(f"Tuning FRAME_MIN_SENTENCES on the dev split only (n = {n}; {validation.reference_label('frames', 'dev')})",
          table)


def run_issue(codebook: framing.Codebook) -> None:
    table = validation.issue_frame_validation(codebook=codebook)
    _show(f"Issue frames, sentence level, seed sentences (n = {table['n'].iloc[0]}; IN-SAMPLE: the cues were "
          "written from these sentences)", table)
    _show("FrameClassifier (TF-IDF + logistic regression, one per frame), 5-fold CV on coder A's seed coding",
          validation.frame_classifier_cv(n_splits=5, random_state=0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=validation.SPLITS["frames"],
                        help="dev (tuning), test (the held-out report: score it once), test1 to test7 (earlier rounds)")
    parser.add_argument("--tune", action="store_true", help="choose FRAME_MIN_SENTENCES on dev only")
    parser.add_argument("--min-sentences", type=int, default=None,
                        help="one threshold for every frame (default: FRAME_MIN_SENTENCES per frame)")
    parser.add_argument("--frames", default=None, help="another codebook (YAML); skips the learned model")
    parser.add_argument("--no-embed", action="store_true",
                        help="learned model without the sentence embedding (no embeddings extra needed)")
    parser.add_argument("--no-words", action="store_true", help="learned model without the words' TF-IDF")
    args = parser.parse_args(argv)
    if args.split is None and not args.tune:
        parser.error("say which split to score: --split dev (tuning) or --split test (the held-out report)")
    try:
        _, sentences = validation.bbc_corpus()  # loaded once; each table reads only its split's articles
        codebook = framing.load_codebook(args.frames)
        if args.tune:
            tune(codebook, sentences)
            return 0
        run_generic(args.split, args.min_sentences, codebook, sentences)
        if args.frames is None:  # the learned model is fitted with the packaged codebook's evidence
            run_model(args.split, sentences, embed=not args.no_embed, words=not args.no_words)
        run_issue(codebook)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
