"""Figures are byte-reproducible: two fresh processes write identical files, equal to figures/."""

import subprocess
import sys

import pytest

from analysis import figures
from analysis.paths import FIGURES, ROOT


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    runs = []
    for name in ["first", "second"]:
        out = tmp_path_factory.mktemp(name)
        # -R: a fresh hash seed in each process, so set or dict order cannot leak into the output.
        subprocess.run(
            [sys.executable, "-R", "-m", "analysis", "figures", "--out", str(out)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        runs.append(out)
    return runs


def test_every_registered_figure_is_written_as_png_and_svg(two_runs, bbc_root):
    names = sorted(p.name for p in two_runs[0].iterdir())
    registered = [*figures.REGISTRY, *figures.BBC_REGISTRY]
    assert names == sorted(f"{n}.{ext}" for n in registered for ext in ("png", "svg"))


def test_without_the_bbc_corpus_the_seed_figures_are_still_made(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "figures", "--out", str(tmp_path), "--bbc", str(tmp_path / "absent")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "skipped the BBC figures" in result.stderr
    assert sorted(p.stem for p in tmp_path.glob("*.png")) == sorted(figures.REGISTRY)


def test_two_fresh_processes_write_identical_bytes(two_runs):
    first, second = two_runs
    for path in first.iterdir():
        assert path.read_bytes() == (second / path.name).read_bytes(), f"{path.name} differs between runs"


def test_committed_figures_are_up_to_date(two_runs):
    for path in two_runs[0].iterdir():
        committed = FIGURES / path.name
        assert committed.exists(), f"figures/{path.name} is missing: run `make figures`"
        assert path.read_bytes() == committed.read_bytes(), f"figures/{path.name} is stale: run `make figures`"
