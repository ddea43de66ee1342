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
TYPE_COLOURS = {"person": "#1b9e77", "organisation": "#d95f02", "state": "#7570b3"}
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


# --- actors ------------------------------------------------------------------------------------------


def _short(name: str) -> str:
    """A short display name: the surname for people, the name otherwise (no more than 22 characters)."""
    return name if len(name) <= 22 else name[:21] + "…"


def actor_mentions(actor_table: pd.DataFrame, *, top: int = 20) -> Figure:
    """Mentions per actor in each article (the ``actors`` table), most mentioned first."""
    totals = actor_table.groupby(["actor_id", "name"], as_index=False)["n_mentions"].sum()
    totals = totals.sort_values(["n_mentions", "name"], ascending=[False, True]).head(top)
    ids = sorted(actor_table["article_id"].unique())
    wide = actor_table.pivot_table(index="actor_id", columns="article_id", values="n_mentions", fill_value=0)
    wide = wide.reindex(index=totals["actor_id"], columns=ids, fill_value=0)
    fig, ax = plt.subplots(figsize=(7.0, 0.28 * len(wide) + 1.0))
    height = 0.8 / max(len(ids), 1)
    for k, article_id in enumerate(ids):
        ax.barh(
            [i + k * height for i in range(len(wide))],
            wide[article_id],
            height=height,
            color=ARTICLE_COLOURS.get(article_id, f"C{k}"),
            label=article_label(article_id),
        )
    ax.set_yticks([i + height * (len(ids) - 1) / 2 for i in range(len(wide))], [_short(n) for n in totals["name"]])
    ax.invert_yaxis()
    ax.set_xlabel("mentions (title, standfirst and body)")
    ax.legend(loc="lower right", frameon=False)
    fig.tight_layout()
    return fig


def cooccurrence_heatmaps(mentions: pd.DataFrame, *, unit: str = "sentence") -> Figure:
    """Actor-by-actor co-occurrence counts, one panel per article, on one shared actor order."""
    from analysis.cooccurrence import cooccurrence_matrix

    ids = sorted(mentions["article_id"].unique())
    counts = mentions.groupby("actor_id").size()
    names = mentions.drop_duplicates("actor_id").set_index("actor_id")["name"]
    order = sorted(counts.index, key=lambda a: (-counts[a], names[a]))
    fig, axes = plt.subplots(1, len(ids), figsize=(5.2 * len(ids), 5.4), squeeze=False)
    for ax, article_id in zip(axes[0], ids, strict=True):
        mat = cooccurrence_matrix(mentions[mentions["article_id"] == article_id], unit=unit)
        mat = mat.reindex(index=order, columns=order, fill_value=0)
        image = ax.imshow(mat.to_numpy(), cmap="Greys", vmin=0)
        ax.set_xticks(range(len(order)), [_short(names[a]) for a in order], rotation=90, fontsize=6)
        ax.set_yticks(range(len(order)), [_short(names[a]) for a in order], fontsize=6)
        ax.set_title(article_label(article_id), loc="left")
        fig.colorbar(image, ax=ax, shrink=0.6, label=f"{unit}s naming both")
    fig.tight_layout()
    return fig


def cooccurrence_networks(mentions: pd.DataFrame, *, unit: str = "sentence", seed: int = 7) -> Figure:
    """Co-occurrence networks side by side; node size = mentions, edge width = units shared; seeded layout."""
    import networkx as nx

    from analysis.cooccurrence import cooccurrence_graph

    ids = sorted(mentions["article_id"].unique())
    fig, axes = plt.subplots(1, len(ids), figsize=(5.2 * len(ids), 4.8), squeeze=False)
    for ax, article_id in zip(axes[0], ids, strict=True):
        graph = cooccurrence_graph(mentions[mentions["article_id"] == article_id], unit=unit)
        ordered = nx.Graph()
        ordered.add_nodes_from(sorted(graph.nodes(data=True)))
        ordered.add_edges_from(sorted(graph.edges(data=True)))
        pos = nx.spring_layout(ordered, seed=seed, weight="weight")
        widths = [0.6 + 0.8 * d["weight"] for _, _, d in ordered.edges(data=True)]
        nx.draw_networkx_edges(ordered, pos, ax=ax, width=widths, edge_color="#999999")
        sizes = [40 + 40 * d["n_mentions"] for _, d in ordered.nodes(data=True)]
        colours = [TYPE_COLOURS.get(d.get("type"), "#777777") for _, d in ordered.nodes(data=True)]
        nx.draw_networkx_nodes(ordered, pos, ax=ax, node_size=sizes, node_color=colours)
        nx.draw_networkx_labels(
            ordered, pos, ax=ax, font_size=6, labels={n: _short(d.get("name", n)) for n, d in ordered.nodes(data=True)}
        )
        ax.set_title(article_label(article_id), loc="left")
        ax.margins(0.15)
        ax.set_axis_off()
    handles = [plt.Line2D([], [], marker="o", ls="", color=c, label=t) for t, c in TYPE_COLOURS.items()]
    axes[0, -1].legend(handles=handles, loc="lower right", frameon=False, fontsize=7)
    fig.tight_layout()
    return fig


# --- framing -------------------------------------------------------------------------------------------


def frame_profiles(articles: pd.DataFrame, *, family_frames: dict[str, list[str]] | None = None) -> Figure:
    """Frame salience (share of sentences carrying each frame) per article, generic and issue frames."""
    from analysis.framing import load_codebook

    if family_frames is None:
        frames = load_codebook().frames
        family_frames = {fam: frames[frames["family"] == fam]["frame_id"].tolist() for fam in ("issue", "generic")}
    ids = sorted(articles["article_id"])
    fig, axes = plt.subplots(
        1,
        len(family_frames),
        figsize=(7.6, 3.6),
        squeeze=False,
        gridspec_kw={"width_ratios": [len(v) for v in family_frames.values()]},
    )
    for ax, (family, frame_ids) in zip(axes[0], family_frames.items(), strict=True):
        width = 0.8 / len(ids)
        for k, article_id in enumerate(ids):
            row = articles.set_index("article_id").loc[article_id]
            ax.bar(
                [i + k * width for i in range(len(frame_ids))],
                [row[f"salience_{f}"] for f in frame_ids],
                width=width,
                color=ARTICLE_COLOURS.get(article_id, f"C{k}"),
                label=article_label(article_id),
            )
        ax.set_xticks(
            [i + width * (len(ids) - 1) / 2 for i in range(len(frame_ids))],
            [f.replace("_", " ") for f in frame_ids],
            rotation=45,
            ha="right",
        )
        ax.set_title(f"{family} frames", loc="left")
        ax.set_ylim(0, 1)
    axes[0, 0].set_ylabel("share of sentences carrying the frame")
    axes[0, -1].legend(loc="upper right", frameon=False, fontsize=7)
    fig.tight_layout()
    return fig


FigureFunction = Callable[[dict[str, pd.DataFrame]], Figure]

# Every figure in figures/: name -> function of the feature tables. Order is the reading order.
REGISTRY: dict[str, FigureFunction] = {
    "corpus_sentence_lengths": lambda t: sentence_lengths(t["articles"], t["sentences"]),
    "actors_mentions": lambda t: actor_mentions(t["actors"]),
    "actors_cooccurrence_heatmaps": lambda t: cooccurrence_heatmaps(t["mentions"]),
    "actors_cooccurrence_networks": lambda t: cooccurrence_networks(t["mentions"]),
    "framing_profiles": lambda t: frame_profiles(t["articles"]),
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
