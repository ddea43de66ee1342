"""Co-occurrence: which actors appear together within a sentence, a paragraph or an article.

Everything here is a pure function of the mentions table from :func:`analysis.actors.find_mentions`
(columns article_id, sentence_id, paragraph, actor_id, name, type, country).

Choices, stated once (see also ``docs/actors.md``):

- **Unit**: "sentence" (sentence_id), "paragraph" (article_id + paragraph; the title and standfirst
  are paragraphs -2 and -1) or "article".
- **Repeats**: an actor named three times in one unit counts once there; a pair is counted once per
  unit whatever the repeats (binary presence per unit).
- **Self-pairs**: an actor never co-occurs with itself; there are no self-loops, and the matrix
  diagonal is zero unless ``diagonal="count"`` asks for the actor's own unit count.
- **No direction**: pairs are unordered; ``actor_a`` < ``actor_b`` by actor_id.
- **Sparse pairs**: only pairs seen together at least ``min_count`` times are listed; PMI of a pair
  seen once is large and noisy, so filter with ``min_count`` before reading PMI.
- **Units counted** (N): every unit that holds at least one actor mention, or, when ``sentences``
  is given, every unit of the corpus (sentences or paragraphs or articles of that table).
- **PMI** = log2(n_ab * N / (n_a * n_b)), n_a = units holding actor a, n_ab = units holding both.
  **Jaccard** = n_ab / (n_a + n_b - n_ab), in [0, 1].

>>> import pandas as pd
>>> m = pd.DataFrame({"article_id": ["x"] * 3, "sentence_id": ["x:s0", "x:s0", "x:s1"],
...                   "paragraph": [0, 0, 0], "actor_id": ["a", "b", "a"]})
>>> cooccurrence(m)[["actor_a", "actor_b", "n_units", "jaccard"]].values.tolist()
[['a', 'b', 1, 0.5]]
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import NamedTuple

import networkx as nx
import numpy as np
import pandas as pd

from analysis.errors import InputError

UNITS = ("sentence", "paragraph", "article")
EDGE_COLUMNS = ["actor_a", "actor_b", "name_a", "name_b", "unit", "n_units", "n_articles", "n_a", "n_b",
                "n_total", "pmi", "jaccard", "units"]
GRAPH_FORMATS = ("graphml", "gexf")


def _check_options(unit: str, min_count: int) -> None:
    if unit not in UNITS:
        raise InputError("cooccurrence", f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    if not isinstance(min_count, int | np.integer) or min_count < 1:
        raise InputError("cooccurrence", f"min_count must be a whole number >= 1, not {min_count!r}")


def _check(mentions: pd.DataFrame, unit: str, min_count: int) -> None:
    _check_options(unit, min_count)
    need = ["article_id", "actor_id"] + {"sentence": ["sentence_id"], "paragraph": ["paragraph"],
                                         "article": []}[unit]
    missing = [c for c in need if c not in mentions.columns]
    if missing:
        raise InputError("cooccurrence", f"mentions lack column(s) {', '.join(missing)} for unit={unit!r}"
                         + (" (join paragraph from the sentences table)" if "paragraph" in missing else ""))


def _unit_ids(frame: pd.DataFrame, unit: str) -> pd.Series:
    if unit == "sentence":
        return frame["sentence_id"].astype(str)
    if unit == "paragraph":
        return frame["article_id"].astype(str) + ":p" + frame["paragraph"].astype(int).astype(str)
    return frame["article_id"].astype(str)


def _presence(mentions: pd.DataFrame, unit: str) -> pd.DataFrame:
    """One row per (unit, actor): repeated mentions in a unit collapse to one."""
    p = pd.DataFrame({"unit_id": _unit_ids(mentions, unit), "article_id": mentions["article_id"].astype(str),
                      "actor_id": mentions["actor_id"].astype(str)})
    return p.drop_duplicates(["unit_id", "actor_id"]).reset_index(drop=True)


def _n_total(presence: pd.DataFrame, unit: str, sentences: pd.DataFrame | None) -> int:
    if sentences is None:
        return int(presence["unit_id"].nunique())
    extra = presence["unit_id"][~presence["unit_id"].isin(set(_unit_ids(sentences, unit)))]
    return int(_unit_ids(sentences, unit).nunique() + extra.nunique())


class PairCounts(NamedTuple):
    """The additive state of :func:`cooccurrence` over a set of articles.

    ``pairs``: actor_a < actor_b, n_units, n_articles, units (``|``-joined unit ids, sorted), pairs in no set order;
    ``actors``: actor_id, name, n_a (units holding the actor); ``n_total``: N. Counts of disjoint sets of
    articles add up (:func:`add_pair_counts`), because units never span articles: a streaming run keeps
    one running total instead of every mention.
    """

    unit: str
    pairs: pd.DataFrame
    actors: pd.DataFrame
    n_total: int


PAIR_COLUMNS = ["actor_a", "actor_b", "n_units", "n_articles", "units"]


def pair_counts(mentions: pd.DataFrame, *, unit: str = "sentence", sentences: pd.DataFrame | None = None) -> PairCounts:
    """Pairs, per-actor unit counts and N of a mentions table: what :func:`cooccurrence` measures.

    >>> import pandas as pd
    >>> m = pd.DataFrame({"article_id": ["x"] * 3, "sentence_id": ["x:s0", "x:s0", "x:s1"],
    ...                   "actor_id": ["a", "b", "a"], "name": ["A", "B", "A"]})
    >>> c = pair_counts(m)
    >>> c.pairs.values.tolist(), c.actors["n_a"].tolist(), c.n_total
    ([['a', 'b', 1, 1, 'x:s0']], [2, 1], 2)
    """
    _check(mentions, unit, 1)
    presence = _presence(mentions, unit)
    names = mentions["name"].astype(str) if "name" in mentions else mentions["actor_id"].astype(str)
    first = pd.DataFrame({"actor_id": mentions["actor_id"].astype(str), "name": names}).drop_duplicates("actor_id")
    n_a = presence.groupby("actor_id", sort=True).size().rename("n_a").reset_index()
    actors = n_a.merge(first, on="actor_id", how="left")[["actor_id", "name", "n_a"]]
    # every unordered pair of distinct actors within a unit: a self-join on the unit, keeping a < b
    both = presence.merge(presence[["unit_id", "actor_id"]], on="unit_id", suffixes=("_a", "_b"))
    both = both[both["actor_id_a"] < both["actor_id_b"]].sort_values(["actor_id_a", "actor_id_b", "unit_id"])
    grouped = both.groupby(["actor_id_a", "actor_id_b"], sort=True)
    pairs = pd.DataFrame({"n_units": grouped.size(), "n_articles": grouped["article_id"].nunique()})
    # the rows are in group order, so each pair's units are one slice (cheaper than a join per group)
    ends = pairs["n_units"].cumsum().tolist()
    unit_ids = both["unit_id"].tolist()
    pairs["units"] = pd.Series(["|".join(unit_ids[end - n:end]) for n, end in zip(pairs["n_units"].tolist(), ends,
                                                                                    strict=True)],
                               index=pairs.index, dtype="str")
    pairs = pairs.rename_axis(["actor_a", "actor_b"]).reset_index()
    return PairCounts(unit, pairs[PAIR_COLUMNS].astype({"n_units": "int64", "n_articles": "int64"}),
                      actors.astype({"n_a": "int64"}), _n_total(presence, unit, sentences))


def add_pair_counts(first: PairCounts, second: PairCounts) -> PairCounts:
    """The counts of two disjoint sets of articles together (the articles of one are not in the other).

    >>> import pandas as pd
    >>> m = pd.DataFrame({"article_id": ["x", "x"], "sentence_id": ["x:s0"] * 2, "actor_id": ["a", "b"]})
    >>> c = add_pair_counts(pair_counts(m), pair_counts(m.assign(article_id="y", sentence_id="y:s0")))
    >>> c.pairs[["n_units", "n_articles", "units"]].values.tolist(), c.n_total
    ([[2, 2, 'x:s0|y:s0']], 2)
    """
    if first.unit != second.unit:
        raise InputError("add_pair_counts", f"cannot add {first.unit} counts to {second.unit} counts")
    pairs = pd.concat([first.pairs, second.pairs], ignore_index=True)
    repeated = pairs.duplicated(["actor_a", "actor_b"], keep=False)
    if repeated.any():
        shared = pairs[repeated]
        runs: dict[tuple[str, str], list[str]] = {}  # each shared pair's unit lists, first's before second's
        for key in zip(shared["actor_a"], shared["actor_b"], shared["units"], strict=True):
            runs.setdefault(key[:2], []).append(key[2])
        merged = shared.groupby(["actor_a", "actor_b"], sort=False)[["n_units", "n_articles"]].sum()
        merged["units"] = [_merge_units(runs[key]) for key in merged.index]
        pairs = pd.concat([pairs[~repeated], merged.reset_index()], ignore_index=True)
    actors = pd.concat([first.actors, second.actors], ignore_index=True)
    actors = actors.groupby("actor_id", sort=True).agg(name=("name", "first"), n_a=("n_a", "sum")).reset_index()
    # pairs stay in no particular order here (sorting the growing total after every chunk would cost the most);
    # edges sorts them
    return PairCounts(first.unit, pairs[PAIR_COLUMNS], actors, first.n_total + second.n_total)


def _merge_units(runs: list[str]) -> str:
    """One sorted ``|``-joined unit list from sorted lists of disjoint units. A streaming run reads articles in
    id order, so a later list usually sorts after the earlier ones and joining them is enough; otherwise sort.

    >>> _merge_units(["x:s0|x:s1", "y:s0"]), _merge_units(["y:s0", "x:s1"])
    ('x:s0|x:s1|y:s0', 'x:s1|y:s0')
    """
    if all(a.rsplit("|", 1)[-1] < b.split("|", 1)[0] for a, b in itertools.pairwise(runs)):
        return "|".join(runs)
    return "|".join(sorted("|".join(runs).split("|")))


def edges(counts: PairCounts, *, min_count: int = 1, n_total: int | None = None) -> pd.DataFrame:
    """The edge table of :func:`cooccurrence` from counts (of one corpus, or added up over chunks)."""
    _check_options(counts.unit, min_count)
    pairs = counts.pairs[counts.pairs["n_units"] >= min_count]
    if pairs.empty:
        return pd.DataFrame(columns=EDGE_COLUMNS)
    actors = counts.actors.set_index("actor_id")
    total = counts.n_total if n_total is None else n_total
    n_ab = pairs["n_units"].to_numpy()
    na = actors.loc[pairs["actor_a"], "n_a"].to_numpy()
    nb = actors.loc[pairs["actor_b"], "n_a"].to_numpy()
    out = pd.DataFrame({
        "actor_a": pairs["actor_a"].to_numpy(), "actor_b": pairs["actor_b"].to_numpy(),
        "name_a": actors.loc[pairs["actor_a"], "name"].to_numpy(),
        "name_b": actors.loc[pairs["actor_b"], "name"].to_numpy(),
        "unit": counts.unit, "n_units": n_ab, "n_articles": pairs["n_articles"].to_numpy(), "n_a": na, "n_b": nb,
        "n_total": total, "pmi": np.log2(n_ab * total / (na * nb)), "jaccard": n_ab / (na + nb - n_ab),
        "units": pairs["units"].to_numpy(),
    })
    return out.sort_values(["n_units", "actor_a", "actor_b"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)


def cooccurrence(mentions: pd.DataFrame, *, unit: str = "sentence", min_count: int = 1,
                 sentences: pd.DataFrame | None = None, n_total: int | None = None) -> pd.DataFrame:
    """Tidy edge table: one row per unordered pair of actors seen together in at least one unit.

    Parameters
    ----------
    mentions : the mentions table (article_id, sentence_id, paragraph, actor_id; name if present).
    unit : "sentence", "paragraph" or "article".
    min_count : keep pairs seen together in at least this many units.
    sentences : the corpus sentences; when given, N counts every unit of the corpus, not only the
        units that name an actor (PMI then rises by log2 of the ratio; the ranking is unchanged).
    n_total : N given by the caller; overrides ``sentences``.

    Returns
    -------
    DataFrame with EDGE_COLUMNS: actor_a < actor_b, their names, the unit, n_units (units holding
    both), n_articles (articles where they share a unit), n_a and n_b (units holding each), n_total
    (N), pmi, jaccard, and units (the ``|``-separated unit ids, sorted, for tracing back to the text).
    Sorted by n_units (most first), then actor ids. It equals ``edges(pair_counts(...))``, and
    :func:`add_pair_counts` gives the same table over chunks of a corpus.
    """
    _check(mentions, unit, min_count)
    if mentions.empty:
        return pd.DataFrame(columns=EDGE_COLUMNS)
    return edges(pair_counts(mentions, unit=unit, sentences=sentences), min_count=min_count, n_total=n_total)


def cooccurrence_matrix(mentions: pd.DataFrame, *, unit: str = "sentence", min_count: int = 1,
                        value: str = "n_units", diagonal: str = "zero") -> pd.DataFrame:
    """Symmetric actor-by-actor matrix (index and columns are actor_ids, sorted).

    ``value`` is an edge column ("n_units", "n_articles", "pmi", "jaccard"); pairs never seen
    together (or below ``min_count``) hold 0. ``diagonal`` is "zero" or "count" (the actor's own
    number of units, n_a).

    >>> import pandas as pd
    >>> m = pd.DataFrame({"article_id": ["x", "x"], "sentence_id": ["x:s0", "x:s0"], "actor_id": ["a", "b"]})
    >>> cooccurrence_matrix(m).values.tolist()
    [[0, 1], [1, 0]]
    """
    if value not in ("n_units", "n_articles", "pmi", "jaccard"):
        raise InputError("cooccurrence_matrix", f"value must be n_units, n_articles, pmi or jaccard, not {value!r}")
    if diagonal not in ("zero", "count"):
        raise InputError("cooccurrence_matrix", f"diagonal must be 'zero' or 'count', not {diagonal!r}")
    _check(mentions, unit, min_count)
    actors = sorted(mentions["actor_id"].astype(str).unique())
    edges = cooccurrence(mentions, unit=unit, min_count=min_count)
    dtype = float if value in ("pmi", "jaccard") else int
    mat = pd.DataFrame(np.zeros((len(actors), len(actors)), dtype=dtype), index=actors, columns=actors)
    for a, b, v in zip(edges["actor_a"], edges["actor_b"], edges[value], strict=True):
        mat.loc[a, b] = mat.loc[b, a] = v
    if diagonal == "count" and actors:
        counts = _presence(mentions, unit).groupby("actor_id").size()
        for a in actors:
            mat.loc[a, a] = counts[a]
    mat.index.name = mat.columns.name = "actor_id"
    return mat


def cooccurrence_graph(mentions: pd.DataFrame, *, unit: str = "sentence", min_count: int = 1,
                       sentences: pd.DataFrame | None = None) -> nx.Graph:
    """Undirected networkx graph: nodes are actors, edges are co-occurring pairs.

    Node attributes: name, type, country, source, n_mentions, n_articles, n_units.
    Edge attributes: weight (= n_units), n_units, n_articles, pmi, jaccard.
    Actors with no partner stay in the graph as isolated nodes.

    >>> import pandas as pd
    >>> m = pd.DataFrame({"article_id": ["x", "x"], "sentence_id": ["x:s0", "x:s0"], "actor_id": ["a", "b"]})
    >>> g = cooccurrence_graph(m)
    >>> g.number_of_nodes(), g["a"]["b"]["weight"]
    (2, 1)
    """
    _check(mentions, unit, min_count)
    graph = nx.Graph(unit=unit, min_count=min_count)
    if mentions.empty:
        return graph
    presence = _presence(mentions, unit)
    n_units = presence.groupby("actor_id").size()
    m = mentions.assign(actor_id=mentions["actor_id"].astype(str))
    for aid, g in m.groupby("actor_id", sort=True):
        graph.add_node(aid, **{c: str(g[c].iloc[0]) for c in ("name", "type", "country", "source") if c in g},
                       n_mentions=len(g), n_articles=int(g["article_id"].nunique()), n_units=int(n_units[aid]))
    for e in cooccurrence(mentions, unit=unit, min_count=min_count, sentences=sentences).itertuples():
        graph.add_edge(e.actor_a, e.actor_b, weight=int(e.n_units), n_units=int(e.n_units),
                       n_articles=int(e.n_articles), pmi=round(float(e.pmi), 6), jaccard=round(float(e.jaccard), 6))
    return graph


def write_graph(graph: nx.Graph, path: str | Path, *, format: str | None = None) -> Path:
    """Write the graph for Gephi as GraphML or GEXF (from ``format`` or the file's suffix)."""
    path = Path(path)
    fmt = format or path.suffix.lstrip(".").lower()
    if fmt not in GRAPH_FORMATS:
        raise InputError(path, f"graph format must be one of {', '.join(GRAPH_FORMATS)}, not {fmt!r}")
    graph = graph.copy()
    graph.graph = {k: str(v) for k, v in graph.graph.items()}
    if fmt == "graphml":
        nx.write_graphml(graph, path)
    else:
        nx.write_gexf(graph, path)
    return path
