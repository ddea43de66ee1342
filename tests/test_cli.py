"""The command line: tables written whole, one-line errors with exit status 2, inputs untouched."""

import subprocess
import sys

import pandas as pd
import pytest

from analysis import features
from analysis.__main__ import main
from analysis.paths import ROOT, SEEDS


def run(*args):
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=ROOT)


def test_features_writes_sorted_utf8_tables(tmp_path):
    result = run("features", str(SEEDS), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    articles = pd.read_csv(tmp_path / "out" / "articles.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    sentences = pd.read_csv(tmp_path / "out" / "sentences.csv", dtype=str, keep_default_na=False)
    assert articles["article_id"].tolist() == ["000", "001"]
    assert sentences["sentence_id"].tolist() == sorted(sentences["sentence_id"])
    assert len(sentences) == 30
    assert "’" in (tmp_path / "out" / "sentences.csv").read_text(encoding="utf-8")
    assert not any(p.name.startswith(".partial") for p in (tmp_path / "out").iterdir())


def test_sort_table_orders_by_its_keys_keeps_ties_and_renumbers():
    table = pd.DataFrame({"article_id": ["b", "a", "b", "a"], "actor_id": ["X", "Y", "W", "Y"], "n": [1, 2, 3, 4]},
                         index=[7, 8, 9, 10])
    out = features.sort_table("actors", table)
    assert out["n"].tolist() == [2, 4, 3, 1]  # a/Y, a/Y (tie: input order), b/W, b/X
    assert out.index.tolist() == [0, 1, 2, 3]
    assert features.sort_table("candidates", table)["n"].tolist() == [1, 2, 3, 4]  # no keys: input order


BAD_INPUTS = {
    "missing": (None, "no such file or folder"),
    "e.txt": (b"", "file is empty"),
    "b.txt": (b"\x00\x01", "binary file"),
    "n.csv": (b"id,body\n1,x\n", "no 'text' column"),
    "j.jsonl": (b'{"id": 1, "text": "a"}\n{oops\n', "j.jsonl:2: malformed JSON"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_exit_2(tmp_path, name):
    content, expected = BAD_INPUTS[name]
    if content is not None:
        (tmp_path / name).write_bytes(content)
    result = run("features", str(tmp_path / name), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_output_path_that_is_a_file(tmp_path):
    (tmp_path / "taken").write_text("keep me")
    result = run("features", str(SEEDS), "--out", str(tmp_path / "taken"))
    assert result.returncode == 2
    assert "output path is a file" in result.stderr
    assert (tmp_path / "taken").read_text() == "keep me"


def test_skip_bad_processes_the_rest_and_lists_what_it_skipped(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("A story. It is short.")
    (corpus / "b.txt").write_bytes(b"")
    stopped = run("features", str(corpus), "--out", str(tmp_path / "out"))
    assert stopped.returncode == 2 and "b.txt: file is empty" in stopped.stderr
    skipped = run("features", str(corpus), "--out", str(tmp_path / "out"), "--skip-bad")
    assert skipped.returncode == 0
    assert "skipped: " in skipped.stderr and "b.txt: file is empty" in skipped.stderr
    assert pd.read_csv(tmp_path / "out" / "articles.csv")["article_id"].tolist() == ["a"]


def test_a_failed_write_leaves_earlier_tables_untouched(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    assert main(["features", str(SEEDS), "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = []

    def failing(self, path, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            raise OSError("disk full")
        return original(self, path, **kwargs)

    original = pd.DataFrame.to_csv
    monkeypatch.setattr(pd.DataFrame, "to_csv", failing)
    with pytest.raises(OSError):
        features.write_tables({"articles": pd.DataFrame({"article_id": ["x"]}), "sentences": pd.DataFrame()}, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_broken_codebook_is_named_with_its_line(tmp_path):
    (tmp_path / "frames.yaml").write_text("version: 1\nframes: [\n")
    result = run("features", str(SEEDS), "--out", str(tmp_path / "out"), "--frames", str(tmp_path / "frames.yaml"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {tmp_path / 'frames.yaml'}:") and "not valid YAML" in result.stderr
    assert result.stderr.count("\n") == 1


def test_features_writes_frame_evidence_and_salience(tmp_path):
    assert run("features", str(SEEDS), "--out", str(tmp_path)).returncode == 0
    frames = pd.read_csv(tmp_path / "frames.csv", dtype={"article_id": str})
    articles = pd.read_csv(tmp_path / "articles.csv", dtype={"article_id": str}, keep_default_na=False)
    bodies = articles.set_index("article_id")["body"]
    assert all(bodies[r.article_id][r.start : r.end] == r.surface for r in frames.itertuples())
    assert {"salience_diplomacy", "present_war", "dominant_issue"} <= set(articles.columns)


def test_actors_file_extends_the_registry(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Budget Row\n\nMr Smithers met Jane Doe-Bloggs in London. Smithers spoke.")
    registry = tmp_path / "extra.csv"
    registry.write_text(
        "# my registry\nactor_id,name,type,country,role,aliases,demonyms,metonyms,context\n"
        "person:GBR_smithers,Waylon Smithers,person,GBR,Adviser,Smithers|Mr Smithers,,,\n"
    )
    assert run("features", str(corpus), "--out", str(tmp_path / "default")).returncode == 0
    assert run("features", str(corpus), "--out", str(tmp_path / "mine"), "--actors", str(registry)).returncode == 0
    default = pd.read_csv(tmp_path / "default" / "mentions.csv")
    mine = pd.read_csv(tmp_path / "mine" / "mentions.csv")
    assert "person:GBR_smithers" not in set(default["actor_id"])
    assert (mine["actor_id"] == "person:GBR_smithers").sum() == 2
    assert set(mine["name"]) >= {"Waylon Smithers"}
