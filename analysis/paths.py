"""Repository locations, resolved from this file so that notebooks (whose kernels start in
``notebooks/``) and the command line see the same folders.

>>> (ROOT / "analysis").is_dir()
True
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIGURES = ROOT / "figures"
NOTEBOOKS = ROOT / "notebooks"
OUTPUT = ROOT / "out"
SHARED_DATA = ROOT.parent / "shared" / "data"
BBC = SHARED_DATA / "bbc"
