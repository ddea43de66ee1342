"""Draw the BBC validation samples for hand coding (actors and generic frames).

The draw is seeded and listed in ``tests/data/``; rerunning this script
reproduces every list exactly (all fifteen). Split rule: within the first two samples, articles are
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


def twins_and_repeats(root: Path, taken: frozenset) -> frozenset:
    """Articles to leave out of a fresh draw because their body (the text after the headline line) repeats.

    The BBC corpus holds some stories twice under two file names (some under another headline). Leaves out every
    article whose body is also an already-taken article's, and every copy of a body but its first file name, so a
    draw never repeats a coded text.
    """
    groups: dict[bytes, list[str]] = {}
    for path in sorted(root.glob("*/*.txt")):
        body = b" ".join(path.read_bytes().split(b"\n", 1)[-1].split())
        groups.setdefault(body, []).append(f"{path.parent.name}/{path.name}")
    return frozenset(p for group in groups.values() for p in (group if set(group) & taken else group[1:]))


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
    # position in the shuffled draw (coder column), so that each coder sees every category.
    taken |= frozenset(path for rows in samples.values() for path, _ in rows)
    samples["bbc_frame_test6_sample.csv"] = draw(root, CATEGORIES, 10, 0, rng, taken)
    taken |= frozenset(path for path, _ in samples["bbc_frame_test6_sample.csv"])
    train = draw(root, CATEGORIES, 60, 300, rng, taken)
    samples["bbc_frame_train6_sample.csv"] = [(*row, TRAIN6_CODERS[i % len(TRAIN6_CODERS)])
                                              for i, row in enumerate(train)]
    # The seventh round (eighth session), frames only and drawn the same way: a test sample of 100 (20 per
    # category, so that each frame's alpha rests on more coded articles) and a training sample of 450 (90 per
    # category, all dev, six coders in turn). Unlike the earlier rounds, neither holds a copy of a text drawn before
    # or a second copy of one text (the corpus repeats some stories under two file names).
    taken |= frozenset(path for rows in samples.values() for path, *_ in rows)
    samples["bbc_frame_test7_sample.csv"] = draw(root, CATEGORIES, 20, 0, rng, taken | twins_and_repeats(root, taken))
    taken |= frozenset(path for path, _ in samples["bbc_frame_test7_sample.csv"])
    train = draw(root, CATEGORIES, 90, 450, rng, taken | twins_and_repeats(root, taken))
    samples["bbc_frame_train7_sample.csv"] = [(*row, TRAIN7_CODERS[i % len(TRAIN7_CODERS)])
                                              for i, row in enumerate(train)]
    for name, rows in samples.items():
        columns = "file,split,coder" if len(rows[0]) == 3 else "file,split"
        lines = [HEADER, columns] + [",".join(row) for row in rows]
        Path("tests/data", name).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/bbc"))
