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


# --- tone ----------------------------------------------------------------------------------------------

TONE_LABELS = {
    "vader_compound": "VADER compound",
    "calibrated_tone": "calibrated (-4 to +4)",
    "gdelt_tone": "GDELT-style tone (% words)",
    "diplomatic_score": "diplomatic register",
}


def tone_through_articles(scored: pd.DataFrame, *, measures: tuple[str, ...] = tuple(TONE_LABELS)) -> Figure:
    """Sentence tone in reading order, one panel per measure, one line per article."""
    ids = sorted(scored["article_id"].unique())
    fig, axes = plt.subplots(len(measures), 1, figsize=(7.0, 1.5 * len(measures) + 0.7), sharex=True, squeeze=False)
    for ax, measure in zip(axes[:, 0], measures, strict=True):
        for k, article_id in enumerate(ids):
            mine = scored[scored["article_id"] == article_id].reset_index(drop=True)
            ax.plot(
                mine.index,
                mine[measure],
                marker="o",
                markersize=3,
                linewidth=1,
                color=ARTICLE_COLOURS.get(article_id, f"C{k}"),
                label=article_label(article_id),
            )
        ax.axhline(0, color="#999999", linewidth=0.6)
        ax.set_title(TONE_LABELS.get(measure, measure), loc="left")
    axes[0, 0].legend(loc="upper right", frameon=False, fontsize=7, ncol=2)
    axes[-1, 0].set_xlabel("sentence (in reading order)")
    fig.tight_layout()
    return fig


def article_tone_intervals(articles: pd.DataFrame, *, measures: tuple[str, ...] = tuple(TONE_LABELS)) -> Figure:
    """Mean sentence tone per article with its bootstrap 95% interval, one panel per measure."""
    ids = sorted(articles["article_id"])
    rows = articles.set_index("article_id").loc[ids]
    ncols = 2
    nrows = -(-len(measures) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(7.0, 1.5 * nrows + 0.4), squeeze=False)
    for ax, measure in zip(axes.flat, measures, strict=False):
        for k, article_id in enumerate(ids):
            mean, low, high = rows.loc[article_id, [f"{measure}_mean", f"{measure}_ci_low", f"{measure}_ci_high"]]
            ax.errorbar(
                [mean],
                [k],
                xerr=[[mean - low], [high - mean]],
                fmt="o",
                capsize=3,
                color=ARTICLE_COLOURS.get(article_id, f"C{k}"),
            )
        ax.axvline(0, color="#999999", linewidth=0.6)
        ax.set_yticks(range(len(ids)), [article_label(i) for i in ids], fontsize=7)
        ax.set_ylim(-0.7, len(ids) - 0.3)
        ax.set_title(TONE_LABELS.get(measure, measure), loc="left", fontsize=8)
    for ax in list(axes.flat)[len(measures) :]:
        ax.set_axis_off()
    fig.tight_layout()
    return fig


def measure_agreement(scored: pd.DataFrame, *, measures: tuple[str, ...] = tuple(TONE_LABELS)) -> Figure:
    """Spearman correlations between the sentence tone measures (the numbers are printed in the cells)."""
    corr = scored[list(measures)].corr(method="spearman").to_numpy()
    fig, ax = plt.subplots(figsize=(4.6, 3.9))
    image = ax.imshow(corr, cmap="RdBu", vmin=-1, vmax=1)
    labels = [TONE_LABELS.get(m, m) for m in measures]
    ax.set_xticks(range(len(measures)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(measures)), labels)
    for i in range(len(measures)):
        for j in range(len(measures)):
            ax.text(
                j,
                i,
                f"{corr[i, j]:.2f}",
                ha="center",
                va="center",
                fontsize=8,
                color="white" if abs(corr[i, j]) > 0.6 else "black",
            )
    fig.colorbar(image, ax=ax, shrink=0.8, label="Spearman rho")
    ax.set_title(f"{len(scored)} sentences", loc="left")
    fig.tight_layout()
    return fig


def tone_validation(
    predictions: pd.DataFrame, *, human: str = "human", measures: tuple[str, ...] | None = None
) -> Figure:
    """Each measure against the mean human rating, one panel per measure, Pearson r in the title."""
    measures = tuple(c for c in predictions.columns if c != human) if measures is None else measures
    fig, axes = plt.subplots(1, len(measures), figsize=(3.2 * len(measures), 3.0), squeeze=False)
    for ax, measure in zip(axes[0], measures, strict=True):
        x, y = predictions[human], predictions[measure]
        ax.scatter(x, y, s=4, alpha=0.35, color="#333333", linewidths=0)
        ax.set_title(f"{TONE_LABELS.get(measure, measure)}\nr = {x.corr(y):.3f}", loc="left", fontsize=8)
        ax.set_xlabel("mean human rating (-4 to +4)")
    axes[0, 0].set_ylabel("measure")
    fig.tight_layout()
    return fig


def actor_tone_bars(actor_tone: pd.DataFrame, *, measure: str = "calibrated_tone", min_sentences: int = 2) -> Figure:
    """Mean tone of the sentences naming each actor, per article, with bootstrap 95% intervals."""
    shown = actor_tone[actor_tone["n_sentences"] >= min_sentences]
    ids = sorted(shown["article_id"].unique())
    fig, axes = plt.subplots(
        1,
        len(ids),
        figsize=(3.8 * len(ids), 0.3 * shown.groupby("article_id").size().max() + 1.2),
        squeeze=False,
        sharex=True,
    )
    for ax, article_id in zip(axes[0], ids, strict=True):
        mine = shown[shown["article_id"] == article_id].sort_values([f"{measure}_mean", "name"])
        y = range(len(mine))
        mean = mine[f"{measure}_mean"].to_numpy()
        err = [mean - mine[f"{measure}_ci_low"].to_numpy(), mine[f"{measure}_ci_high"].to_numpy() - mean]
        ax.errorbar(mean, y, xerr=err, fmt="o", capsize=2, color=ARTICLE_COLOURS.get(article_id, "C0"))
        ax.set_yticks(y, [f"{_short(n)} ({k})" for n, k in zip(mine["name"], mine["n_sentences"], strict=True)])
        ax.axvline(0, color="#999999", linewidth=0.6)
        ax.set_title(article_label(article_id), loc="left")
        ax.set_xlabel(f"{TONE_LABELS.get(measure, measure)}, mean")
    fig.tight_layout()
    return fig


def _tone_predictions() -> pd.DataFrame:
    from analysis.validation import tone_predictions

    return tone_predictions(split="test").drop(columns="id")


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


# --- generalisation ------------------------------------------------------------------------------------


def section_profiles(articles: pd.DataFrame, actor_table: pd.DataFrame, *, top: int = 12) -> Figure:
    """A corpus in sections (the first part of ``article_id``, e.g. ``politics/001``): mean calibrated tone
    with bootstrap intervals, generic frame prevalence, and the actors named in most articles."""
    from analysis.framing import load_codebook

    frames = load_codebook().frames
    generic = frames.loc[frames["family"] == "generic", "frame_id"].tolist()
    data = articles.assign(section=articles["article_id"].str.split("/").str[0])
    sections = sorted(data["section"].unique())
    fig, axes = plt.subplots(1, 3, figsize=(11.0, 3.8), gridspec_kw={"width_ratios": [1.0, 1.3, 1.2]})
    tone_by = data.groupby("section")["calibrated_tone_mean"]
    means = tone_by.mean().reindex(sections)
    spread = tone_by.sem().reindex(sections) * 1.96
    axes[0].errorbar(means, range(len(sections)), xerr=spread, fmt="o", capsize=3, color="#333333")
    axes[0].set_yticks(range(len(sections)), sections)
    axes[0].axvline(0, color="#999999", linewidth=0.6)
    axes[0].set_title("calibrated tone: mean of articles, 95% CI", loc="left", fontsize=8)
    share = data.groupby("section")[[f"present_{f}" for f in generic]].mean().reindex(sections)
    image = axes[1].imshow(share.to_numpy(), cmap="Greys", vmin=0, vmax=1, aspect="auto")
    axes[1].set_xticks(range(len(generic)), [f.replace("_", " ") for f in generic], rotation=30, ha="right")
    axes[1].set_yticks(range(len(sections)), sections)
    for i in range(len(sections)):
        for j in range(len(generic)):
            value = share.to_numpy()[i, j]
            axes[1].text(
                j, i, f"{value:.2f}", ha="center", va="center", fontsize=7, color="white" if value > 0.6 else "black"
            )
    axes[1].set_title("share of articles with the generic frame", loc="left", fontsize=8)
    fig.colorbar(image, ax=axes[1], shrink=0.8)
    reach = (
        actor_table.groupby(["actor_id", "name"])
        .size()
        .rename("n_articles")
        .reset_index()
        .sort_values(["n_articles", "name"], ascending=[False, True])
        .head(top)
    )
    axes[2].barh(range(len(reach)), reach["n_articles"], color="#777777")
    axes[2].set_yticks(range(len(reach)), [_short(n) for n in reach["name"]], fontsize=7)
    axes[2].invert_yaxis()
    axes[2].set_title("actors named in most articles", loc="left", fontsize=8)
    fig.tight_layout()
    return fig


FigureFunction = Callable[[dict[str, pd.DataFrame]], Figure]

# Every figure in figures/: name -> function of the feature tables. Order is the reading order.
REGISTRY: dict[str, FigureFunction] = {
    "corpus_sentence_lengths": lambda t: sentence_lengths(t["articles"], t["sentences"]),
    "tone_through_articles": lambda t: tone_through_articles(t["sentences"]),
    "tone_article_intervals": lambda t: article_tone_intervals(t["articles"]),
    "tone_measure_agreement": lambda t: measure_agreement(t["sentences"]),
    "tone_validation_nyt": lambda t: tone_validation(_tone_predictions()),
    "tone_actor_directed": lambda t: actor_tone_bars(
        t["actor_tone"].merge(t["actors"][["article_id", "actor_id", "name"]], on=["article_id", "actor_id"])
    ),
    "actors_mentions": lambda t: actor_mentions(t["actors"]),
    "actors_cooccurrence_heatmaps": lambda t: cooccurrence_heatmaps(t["mentions"]),
    "actors_cooccurrence_networks": lambda t: cooccurrence_networks(t["mentions"]),
    "framing_profiles": lambda t: frame_profiles(t["articles"]),
}


# Figures of the generalisation check: functions of the feature tables of the BBC corpus (../shared/data/bbc).
BBC_REGISTRY: dict[str, FigureFunction] = {
    "findings_bbc_sections": lambda t: section_profiles(t["articles"], t["actors"]),
}


def make_all(
    tables: dict[str, pd.DataFrame], folder: str | Path = FIGURES, *, bbc_tables: dict[str, pd.DataFrame] | None = None
) -> list[Path]:
    """Draw and save every registered figure: the seed figures from ``tables``, the BBC ones from ``bbc_tables``."""
    use_style()
    paths = []
    jobs = [(REGISTRY, tables), (BBC_REGISTRY, bbc_tables)]
    for registry, source in jobs:
        if source is None:
            continue
        for name, draw in registry.items():
            fig = draw(source)
            paths += save(fig, name, folder)
            plt.close(fig)
    return paths
