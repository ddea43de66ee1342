"""Tests for analysis.cooccurrence: counting rules, measures and graph export."""

import math

import networkx as nx
import pandas as pd
import pytest

from analysis.cooccurrence import (
    EDGE_COLUMNS,
    UNITS,
    add_pair_counts,
    cooccurrence,
    cooccurrence_graph,
    cooccurrence_matrix,
    edges,
    pair_counts,
    write_graph,
)
from analysis.errors import InputError


@pytest.fixture
def mentions() -> pd.DataFrame:
    """Two articles, hand-checkable.

    article x: paragraph 0 = s0 (A, B, A again), s1 (A, C); paragraph 1 = s2 (B)
    article y: paragraph 0 = s0 (A, B); paragraph 1 = s1 (C)
    """
    rows = [("x", "x:s0", 0, "A"), ("x", "x:s0", 0, "B"), ("x", "x:s0", 0, "A"), ("x", "x:s1", 0, "A"),
            ("x", "x:s1", 0, "C"), ("x", "x:s2", 1, "B"), ("y", "y:s0", 0, "A"), ("y", "y:s0", 0, "B"),
            ("y", "y:s1", 1, "C")]
    m = pd.DataFrame(rows, columns=["article_id", "sentence_id", "paragraph", "actor_id"])
    return m.assign(name=m["actor_id"].str.lower(), type="state", country="", source="registry")


def pair(edges: pd.DataFrame, a: str, b: str) -> pd.Series:
    return edges[(edges["actor_a"] == a) & (edges["actor_b"] == b)].iloc[0]


def test_hand_counts_by_sentence(mentions):
    e = cooccurrence(mentions, unit="sentence")
    assert list(e.columns) == EDGE_COLUMNS
    ab = pair(e, "A", "B")
    # A-B share x:s0 (A twice there, counted once) and y:s0
    assert (ab["n_units"], ab["n_articles"], ab["n_a"], ab["n_b"], ab["n_total"]) == (2, 2, 3, 3, 5)
    assert ab["units"] == "x:s0|y:s0"
    assert ab["jaccard"] == pytest.approx(2 / 4)
    assert ab["pmi"] == pytest.approx(math.log2(2 * 5 / (3 * 3)))
    assert set(zip(e["actor_a"], e["actor_b"], strict=True)) == {("A", "B"), ("A", "C")}


@pytest.mark.parametrize("unit", UNITS)
def test_properties_hold_for_every_unit(mentions, unit):
    e = cooccurrence(mentions, unit=unit)
    assert (e["actor_a"] < e["actor_b"]).all()  # no self-pairs, no direction
    assert not e.duplicated(["actor_a", "actor_b"]).any()
    assert e["jaccard"].between(0, 1).all()
    assert (e["n_units"] <= e[["n_a", "n_b"]].min(axis=1)).all()
    assert (e["n_articles"] <= e["n_units"]).all()


def test_repeats_in_a_unit_count_once(mentions):
    doubled = pd.concat([mentions, mentions, mentions])
    for unit in UNITS:
        pd.testing.assert_frame_equal(cooccurrence(doubled, unit=unit), cooccurrence(mentions, unit=unit))


def test_wider_unit_never_lowers_a_pairs_counts(mentions):
    by = {u: cooccurrence(mentions, unit=u).set_index(["actor_a", "actor_b"]) for u in UNITS}
    for narrow, wide in (("sentence", "paragraph"), ("paragraph", "article")):
        for key, row in by[narrow].iterrows():
            assert by[wide].loc[key, "n_articles"] >= row["n_articles"]
        assert set(by[narrow].index) <= set(by[wide].index)
    # B-C never share a sentence or paragraph, but share both articles
    assert by["article"].loc[("B", "C"), "n_units"] == 2


def test_order_of_rows_does_not_matter(mentions):
    shuffled = mentions.sample(frac=1, random_state=1)
    pd.testing.assert_frame_equal(cooccurrence(shuffled, unit="paragraph"), cooccurrence(mentions, unit="paragraph"))


def test_min_count_drops_sparse_pairs(mentions):
    e = cooccurrence(mentions, unit="sentence", min_count=2)
    assert e[["actor_a", "actor_b"]].values.tolist() == [["A", "B"]]


def test_sentences_table_sets_n_total(mentions):
    sentences = pd.DataFrame({"article_id": ["x"] * 4 + ["y"] * 2, "sentence_id": ["x:s0", "x:s1", "x:s2", "x:s3",
                              "y:s0", "y:s1"], "paragraph": [0, 0, 1, 1, 0, 1]})
    e = cooccurrence(mentions, unit="sentence", sentences=sentences)
    assert set(e["n_total"]) == {6}


def test_matrix_is_symmetric_with_zero_or_count_diagonal(mentions):
    mat = cooccurrence_matrix(mentions, unit="article")
    assert (mat.values == mat.values.T).all() and (mat.values.diagonal() == 0).all()
    assert mat.loc["A", "B"] == 2
    counted = cooccurrence_matrix(mentions, unit="sentence", diagonal="count")
    assert counted.loc["A", "A"] == 3


def test_graph_attributes_and_export(mentions, tmp_path):
    g = cooccurrence_graph(mentions, unit="sentence")
    assert set(g.nodes) == {"A", "B", "C"} and g.number_of_edges() == 2
    assert g.nodes["A"]["n_mentions"] == 4 and g.nodes["A"]["name"] == "a"
    assert g["A"]["B"]["weight"] == 2
    for fmt in ("graphml", "gexf"):
        path = write_graph(g, tmp_path / f"net.{fmt}")
        back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
        assert back.number_of_edges() == 2


@pytest.mark.parametrize("kwargs", [{"unit": "page"}, {"min_count": 0}, {"min_count": 1.5}])
def test_bad_options_raise(mentions, kwargs):
    with pytest.raises(InputError):
        cooccurrence(mentions, **kwargs)


def test_paragraph_unit_needs_paragraph_column(mentions):
    with pytest.raises(InputError, match="paragraph"):
        cooccurrence(mentions.drop(columns="paragraph"), unit="paragraph")


def test_bad_export_format(tmp_path):
    with pytest.raises(InputError, match="format"):
        write_graph(nx.Graph(), tmp_path / "net.png")


def test_empty_mentions(mentions):
    empty = mentions.iloc[0:0]
    assert cooccurrence(empty).empty
    assert cooccurrence_graph(empty).number_of_nodes() == 0


def test_on_seed_mentions_qureshi_and_lavrov_cooccur():
    from analysis.actors import find_mentions
    from analysis.corpus import load_corpus
    from analysis.paths import SEEDS
    articles, sentences = load_corpus(SEEDS)
    e = cooccurrence(find_mentions(sentences, articles), unit="sentence", sentences=sentences)
    names = set(zip(e["name_a"], e["name_b"], strict=True)) | set(zip(e["name_b"], e["name_a"], strict=True))
    assert ("Shah Mehmood Qureshi", "Sergey Lavrov") in names


def _brute_force(mentions: pd.DataFrame) -> dict:
    """Sentence-unit pair counts by the definition: every unit's set of actors, every pair in it."""
    units: dict = {}
    for art, sid, aid in zip(mentions["article_id"], mentions["sentence_id"], mentions["actor_id"], strict=True):
        units.setdefault((art, sid), set()).add(aid)
    out: dict = {}
    for (art, sid), actors in units.items():
        for a in actors:
            for b in actors:
                if a < b:
                    n, arts, uids = out.get((a, b), (0, set(), []))
                    out[(a, b)] = (n + 1, arts | {art}, [*uids, sid])
    return {k: (n, len(arts), "|".join(sorted(uids))) for k, (n, arts, uids) in out.items()}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_pair_counts_match_the_definition_and_add_up_over_any_split_of_articles(seed):
    import random

    rng = random.Random(seed)
    rows = [(f"a{i}", f"a{i}:s{j}", 0, rng.choice("ABCDEFG")) for i in range(30) for j in range(4)
            for _ in range(rng.randint(0, 4))]
    m = pd.DataFrame(rows, columns=["article_id", "sentence_id", "paragraph", "actor_id"]).assign(name="n")
    got = pair_counts(m).pairs
    assert {(a, b): (n, na, u) for a, b, n, na, u in got.itertuples(index=False)} == _brute_force(m)
    cut = {f"a{i}" for i in range(30) if rng.random() < 0.5}
    first, second = m[m["article_id"].isin(cut)], m[~m["article_id"].isin(cut)]
    added = add_pair_counts(pair_counts(second), pair_counts(first))  # order of the parts does not matter
    pd.testing.assert_frame_equal(edges(added), cooccurrence(m))


def test_counts_of_different_units_do_not_add(mentions):
    with pytest.raises(InputError, match="cannot add sentence counts to article counts"):
        add_pair_counts(pair_counts(mentions), pair_counts(mentions, unit="article"))


def test_counts_without_a_pair_add_up_and_keep_units_as_text():
    lone = pd.DataFrame({"article_id": ["x", "x"], "sentence_id": ["x:s0", "x:s1"], "actor_id": ["a", "b"]})
    shared = pd.DataFrame({"article_id": ["y", "y"], "sentence_id": ["y:s0", "y:s0"], "actor_id": ["a", "b"]})
    empty = pair_counts(lone)
    assert empty.pairs.empty and empty.pairs["units"].dtype == pair_counts(shared).pairs["units"].dtype
    for first, second in ((lone, shared), (shared, lone)):
        assert add_pair_counts(pair_counts(first), pair_counts(second)).pairs["units"].tolist() == ["y:s0"]


def test_unit_lists_added_out_of_id_order_come_out_sorted():
    x = pd.DataFrame({"article_id": ["x", "x"], "sentence_id": ["x:s0", "x:s0"], "actor_id": ["a", "b"]})
    y = x.assign(article_id="y", sentence_id="y:s0")
    assert add_pair_counts(pair_counts(y), pair_counts(x)).pairs["units"].tolist() == ["x:s0|y:s0"]
    assert add_pair_counts(pair_counts(x), pair_counts(y)).pairs["units"].tolist() == ["x:s0|y:s0"]
