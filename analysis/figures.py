"""Figures: one function per figure, shared by the notebooks and ``python -m analysis figures``.

Each figure function takes the feature tables and returns a :class:`matplotlib.figure.Figure`;
:func:`save` writes it as PNG and SVG with every source of run-to-run variation removed (fixed
size, dpi, font, SVG hash salt, no timestamps or software strings), so regenerating the figures
changes no byte of ``figures/``.

>>> use_style()
>>> import matplotlib
>>> matplotlib.rcParams["svg.hashsalt"]
'analysis'
"""

from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from analysis.paths import FIGURES

DPI = 150
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "svg.hashsalt": "analysis",
    "svg.fonttype": "path",
    "path.simplify": True,
    "image.interpolation": "nearest",
}
# Matplotlib's own determinism test (matplotlib/tests/test_determinism.py) removes these fields.
METADATA = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None, "Producer": None}}
ARTICLE_COLOURS = {"000": "#b2182b", "001": "#2166ac"}
ARTICLE_LABELS = {"000": "000: Qureshi–Lavrov call", "001": "001: Qureshi–Kuleba call"}


def use_style() -> None:
    """Set the house plot style (call once at the top of a notebook)."""
    matplotlib.rcParams.update(STYLE)


def article_label(article_id: str) -> str:
    """A readable label for the seed articles; other ids are returned unchanged.

    >>> article_label("001"), article_label("politics/001")
    ('001: Qureshi–Kuleba call', 'politics/001')
    """
    return ARTICLE_LABELS.get(article_id, article_id)


def save(fig: Figure, name: str, folder: str | Path = FIGURES, formats: tuple[str, ...] = ("png", "svg")) -> list[Path]:
    """Write ``fig`` as ``<folder>/<name>.<format>`` byte-reproducibly; return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in formats:
        path = folder / f"{name}.{fmt}"
        fig.savefig(path, format=fmt, metadata=METADATA[fmt], dpi=DPI)
        paths.append(path)
    return paths


# --- corpus --------------------------------------------------------------------------------------


def sentence_lengths(articles: pd.DataFrame, sentences: pd.DataFrame) -> Figure:
    """Words per sentence through each article, one panel per article, paragraphs shaded."""
    from analysis.corpus import words

    ids = sorted(articles["article_id"])
    fig, axes = plt.subplots(len(ids), 1, figsize=(7.0, 1.6 * len(ids) + 0.6), sharex=True, squeeze=False)
    for ax, article_id in zip(axes[:, 0], ids, strict=True):
        mine = sentences[sentences["article_id"] == article_id].reset_index(drop=True)
        lengths = mine["text"].map(lambda t: len(words(t)))
        colours = ["#bbbbbb" if p % 2 else "#777777" for p in mine["paragraph"]]
        ax.bar(mine.index, lengths, color=colours, width=0.8)
        ax.set_title(article_label(article_id), loc="left")
        ax.set_ylabel("words")
    axes[-1, 0].set_xlabel("sentence (in reading order; shading alternates by paragraph)")
    fig.tight_layout()
    return fig


FigureFunction = Callable[[dict[str, pd.DataFrame]], Figure]

# Every figure in figures/: name -> function of the feature tables. Order is the reading order.
REGISTRY: dict[str, FigureFunction] = {
    "corpus_sentence_lengths": lambda t: sentence_lengths(t["articles"], t["sentences"]),
}


def make_all(tables: dict[str, pd.DataFrame], folder: str | Path = FIGURES) -> list[Path]:
    """Draw and save every registered figure from the feature tables."""
    use_style()
    paths = []
    for name, draw in REGISTRY.items():
        fig = draw(tables)
        paths += save(fig, name, folder)
        plt.close(fig)
    return paths
