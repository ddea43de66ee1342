"""Draw the BBC validation samples for hand coding (actors and generic frames).

The draw is seeded and listed in ``tests/data/``; rerunning this script
reproduces every list exactly (all seventeen). Split rule: within the first two samples, articles are
taken in draw order; the first ones are *development* data (cue and registry
tuning may look at them), the rest are *test* data (used only to report the
final figures, never to tune). The second dev draw is all *development*; each
later round's samples are all *test* when drawn (folded into dev once scored).

Run: ``python benchmarks/draw_samples.py ../shared/data/bbc``
"""

import random
import sys
from pathlib import Path

SEED = 20220306  # the date of the first seed article
CATEGORIES = ["business", "entertainment", "politics", "sport", "tech"]
TRAIN6_CODERS = "tuvwxy"  # the six coders of the sixth round's training sample, in turn
TRAIN7_CODERS = ("ab", "ac", "ad", "ae", "af", "ag")  # the seventh round's, likewise
TRAIN8_CODERS = ("aj", "ak", "al", "am", "an", "ao")  # the eighth round's, likewise
HEADER = f"# Seeded draw by benchmarks/draw_samples.py (seed {SEED}); dev = tuning allowed, test = reporting only"


def draw(
    root: Path,
    categories: list[str],
    per_category: int,
    n_dev: int,
    rng: random.Random,
    exclude: frozenset = frozenset(),
) -> list[tuple[str, str]]:
    picks = []
    for category in categories:
        files = sorted(p.name for p in (root / category).glob("*.txt") if f"{category}/{p.name}" not in exclude)
        picks += [f"{category}/{name}" for name in rng.sample(files, per_category)]
    rng.shuffle(picks)
    return [(path, "dev" if i < n_dev else "test") for i, path in enumerate(picks)]


def body_groups(root: Path) -> list[list[str]]:
    """The corpus's files grouped by body (the text after the headline line, whitespace collapsed), in name order.

    The BBC corpus holds some stories twice under two file names (some under another headline).
    """
    groups: dict[bytes, list[str]] = {}
    for path in sorted(root.glob("*/*.txt")):
        body = b" ".join(path.read_bytes().split(b"\n", 1)[-1].split())
        groups.setdefault(body, []).append(f"{path.parent.name}/{path.name}")
    return list(groups.values())


def repeats(groups: list[list[str]], taken: frozenset) -> frozenset:
    """Articles a fresh draw leaves out so as never to repeat a coded text: every article whose body is also an
    already-taken article's, and every copy of a body but its first file name."""
    return frozenset(p for group in groups for p in (group if set(group) & taken else group[1:]))


def main(root: Path) -> None:
    rng = random.Random(SEED)
    samples = {
        "bbc_actor_sample.csv": draw(root, ["politics", "business"], 15, 10, rng),
        "bbc_frame_sample.csv": draw(root, CATEGORIES, 8, 15, rng),
    }
    # A second development sample, drawn after the first two and disjoint from them, coded by coder C
    # when 15 dev articles proved too few to tune the frame cues (all of it is dev: no test rows).
    taken = frozenset(path for rows in samples.values() for path, _ in rows)
    samples["bbc_dev2_sample.csv"] = draw(root, CATEGORIES, 9, 45, rng, taken)
    # Test rounds, all 2026-11-24, each drawn after the one before had been reported (that one then joined
    # dev), disjoint from every earlier draw and test only: the second round after the first test splits had
    # been scored twice, the third and the fourth after one scoring each. The fourth round's frame sample is
    # larger (8 per category) so that the rarer frames (human interest, morality) are present in more articles.
    # The fifth round (fifth session) has 15 actor articles per category, so that one held-out score rests on
    # more than 20 articles; its frame sample (10 per category) was added to it later that session, drawn after
    # the actor sample, which it leaves unchanged.
    for round_, actors_per_category, frames_per_category in (("test2", 10, 5), ("test3", 10, 5), ("test4", 10, 8),
                                                             ("test5", 15, 10)):
        for name, categories, per_category in (
                (f"bbc_actor_{round_}_sample.csv", ["politics", "business"], actors_per_category),
                (f"bbc_frame_{round_}_sample.csv", CATEGORIES, frames_per_category)):
            taken |= frozenset(path for rows in samples.values() for path, _ in rows)
            samples[name] = draw(root, categories, per_category, 0, rng, taken)
    # The sixth round (seventh session) is frames only: a test sample of 50 (10 per category), then a training
    # sample of 300 (60 per category, all dev) for the supervised presence model, split among six coders by
    # position in the shuffled draw (coder column), so that each coder sees every category. The seventh round
    # (eighth session) is drawn the same way: a test sample of 100 (20 per category, so that each frame's alpha rests
    # on more coded articles) and a training sample of 450 (90 per category, six coders in turn); unlike the earlier
    # rounds, neither holds a copy of a text drawn before or a second copy of one text (`repeats`). The eighth round
    # (ninth session) likewise: a test sample of 150 (30 per category: the rarest frame, morality, was coded in 12
    # of the seventh round's 100) and a training sample of 300 (60 per category; the politics and tech pools had
    # about 115 fresh texts left).
    groups = body_groups(root)
    for round_, test_per_category, train_per_category, coders, fresh_texts in (
            ("6", 10, 60, TRAIN6_CODERS, False), ("7", 20, 90, TRAIN7_CODERS, True),
            ("8", 30, 60, TRAIN8_CODERS, True)):
        checked = groups if fresh_texts else []  # no group: nothing left out beyond the articles taken
        taken |= frozenset(path for rows in samples.values() for path, *_ in rows)
        test = draw(root, CATEGORIES, test_per_category, 0, rng, taken | repeats(checked, taken))
        samples[f"bbc_frame_test{round_}_sample.csv"] = test
        taken |= frozenset(path for path, _ in test)
        train = draw(root, CATEGORIES, train_per_category, 5 * train_per_category, rng, taken | repeats(checked, taken))
        samples[f"bbc_frame_train{round_}_sample.csv"] = [(*row, coders[i % len(coders)])
                                                          for i, row in enumerate(train)]
    for name, rows in samples.items():
        columns = "file,split,coder" if len(rows[0]) == 3 else "file,split"
        lines = [HEADER, columns] + [",".join(row) for row in rows]
        Path("tests/data", name).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/bbc"))
