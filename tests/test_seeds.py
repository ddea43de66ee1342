"""The seed articles are raw data: byte-identical to the shared originals, never edited."""

import hashlib

import pytest

from analysis.corpus import read_manifest
from analysis.paths import SEEDS, SHARED_DATA


def checksums():
    lines = (SEEDS / "SHA256SUMS").read_text().splitlines()
    return {name.split("/")[-1]: digest for digest, name in (line.split() for line in lines)}


def test_every_seed_matches_its_checksum():
    sums = checksums()
    assert sorted(sums) == sorted(p.name for p in SEEDS.glob("*.txt"))
    for name, digest in sums.items():
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest, f"{name} changed"


def test_seeds_equal_the_shared_originals():
    shared = SHARED_DATA.parent / "seeds"
    if not shared.is_dir():
        pytest.skip(f"the shared seeds are not at {shared}")
    for original in shared.glob("*.txt"):
        assert (SEEDS / original.name).read_bytes() == original.read_bytes()


def test_manifest_describes_each_seed():
    manifest = read_manifest(SEEDS / "manifest.csv")
    assert list(manifest.columns) == [
        "article_id",
        "file",
        "date",
        "date_source",
        "dateline",
        "outlet",
        "title",
        "notes",
    ]
    assert sorted(manifest["file"]) == sorted(checksums())
    row = manifest.set_index("article_id").loc["001"]
    assert row["date"] == "2022-02-27"
    assert row["date_source"].startswith("inferred")
    assert "fourth day" in row["date_source"]
    assert "date 2022-03-06" in (SEEDS / manifest.set_index("article_id").loc["000", "file"]).read_text()
