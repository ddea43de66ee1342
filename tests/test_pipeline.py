"""The streaming pipeline: the same tables as the whole-corpus route, whatever the chunks, jobs or engine."""

import json
import shutil

import pandas as pd
import pytest

from analysis import features, pipeline
from analysis.corpus import load_corpus, parse_documents, read_documents
from analysis.errors import InputError
from analysis.features import write_tables
from analysis.paths import SEEDS
from analysis.pipeline import index_documents, iter_documents, run_pipeline

BBC_SAMPLE = 40


def files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def reference(inputs, out):
    """The whole-corpus route: load everything, build every table, write them at once."""
    write_tables(features.build_features(*load_corpus(inputs)), out)
    return files(out)


@pytest.fixture(scope="module")
def bbc_sample(tmp_path_factory, request):
    """40 BBC articles from every section, in a folder of their own."""
    bbc = request.getfixturevalue("bbc_root")
    folder = tmp_path_factory.mktemp("bbc40")
    for section in sorted(p for p in bbc.iterdir() if p.is_dir()):
        (folder / section.name).mkdir()
        for path in sorted(section.glob("*.txt"))[: BBC_SAMPLE // 5]:
            shutil.copy(path, folder / section.name / path.name)
    return folder


@pytest.fixture(scope="module")
def bbc_expected(bbc_sample, tmp_path_factory):
    return reference(bbc_sample, tmp_path_factory.mktemp("expected"))


@pytest.mark.parametrize(("chunk_size", "jobs"), [(1, 1), (7, 1), (10_000, 1), (7, 2)])
def test_bbc_tables_do_not_depend_on_chunks_or_jobs(bbc_sample, bbc_expected, tmp_path, chunk_size, jobs):
    result = run_pipeline(bbc_sample, tmp_path, chunk_size=chunk_size, jobs=jobs)
    assert files(tmp_path) == bbc_expected
    assert result.n_articles == BBC_SAMPLE
    assert result.rows["articles"] == BBC_SAMPLE


def test_seeds_with_their_manifest_match_the_whole_corpus_route(tmp_path):
    expected = reference(SEEDS, tmp_path / "whole")
    run_pipeline(SEEDS, tmp_path / "chunked", chunk_size=1)
    assert files(tmp_path / "chunked") == expected
    assert pd.read_csv(tmp_path / "chunked" / "articles.csv", dtype=str)["article_id"].tolist() == ["000", "001"]


def write_mixed_corpus(folder):
    """CSV (quoted line breaks, BOM, rows out of order), cp1252 JSONL with a blank line, and a folder."""
    folder.mkdir()
    rows = pd.DataFrame({
        "id": ["c3", "c1", "c2"],
        "text": ["Third one. \"Quoted,\nacross lines.\"", "First story. It ends.", "Second. Short."],
        "title": ["Three", "", "Two"],
    })
    (folder / "a.csv").write_bytes(b"\xef\xbb\xbf" + rows.to_csv(index=False).encode("utf-8"))
    lines = [json.dumps({"id": "j2", "text": "Caf\u00e9 talks. They end.", "outlet": "X"}, ensure_ascii=False), "",
             json.dumps({"article_id": "j1", "text": "Na\u00efve \u2019quote\u2019 here. Done."}, ensure_ascii=False)]
    (folder / "b.jsonl").write_bytes("\n".join(lines).encode("cp1252"))
    (folder / "txt").mkdir()
    (folder / "txt" / "t1.txt").write_text("A Headline\n\nLONDON: Mr. Smith spoke. He left.")
    return [folder / "a.csv", folder / "b.jsonl", folder / "txt"]


def test_csv_and_jsonl_are_streamed_into_the_records_read_documents_makes(tmp_path):
    inputs = write_mixed_corpus(tmp_path / "in")
    whole, _ = read_documents(inputs)
    chunks = pd.concat(iter_documents(inputs, chunk_size=2), ignore_index=True)
    assert chunks["article_id"].tolist() == sorted(whole["article_id"])
    whole = whole.set_index("article_id").loc[chunks["article_id"]].reset_index()
    for column in ["article_id", "file", "text", "encoding"]:
        assert chunks[column].tolist() == whole[column].tolist(), column
    assert chunks.set_index("article_id").loc["j2", "encoding"] == "cp1252"
    assert chunks.set_index("article_id").loc["c1", "title"] == ""


@pytest.mark.parametrize("chunk_size", [1, 2, 100])
def test_unsorted_mixed_inputs_give_the_whole_corpus_tables(tmp_path, chunk_size):
    inputs = write_mixed_corpus(tmp_path / "in")
    run_pipeline(inputs, tmp_path / "out", chunk_size=chunk_size)
    articles = pd.read_csv(tmp_path / "out" / "articles.csv", dtype=str, keep_default_na=False)
    assert articles["article_id"].tolist() == ["c1", "c2", "c3", "j1", "j2", "t1"]
    _, expected_sentences = parse_documents(pd.concat(iter_documents(inputs)))
    sentences = pd.read_csv(tmp_path / "out" / "sentences.csv", dtype=str, keep_default_na=False)
    assert sentences["sentence_id"].tolist() == expected_sentences["sentence_id"].tolist()
    assert articles["title"].tolist() == ["", "Two", "Three", "", "", "A Headline"]


def test_parquet_output_and_parquet_dataset_input_hold_the_csv_values(tmp_path):
    inputs = write_mixed_corpus(tmp_path / "in")
    run_pipeline(inputs, tmp_path / "csv", chunk_size=2)
    run_pipeline(inputs, tmp_path / "pq", chunk_size=2, fmt="parquet")
    for name in ["articles", "sentences"]:
        from_csv = pd.read_csv(tmp_path / "csv" / f"{name}.csv", dtype=str, keep_default_na=False)
        from_parquet = pd.read_parquet(tmp_path / "pq" / f"{name}.parquet").astype(str)
        pd.testing.assert_frame_equal(from_csv, from_parquet, check_dtype=False)
    # the same documents as a Parquet dataset of two files, ids shuffled between them
    docs = pd.concat(iter_documents(inputs), ignore_index=True)[["article_id", "text", "title", "outlet"]]
    (tmp_path / "dataset").mkdir()
    docs.iloc[[5, 0, 3]].to_parquet(tmp_path / "dataset" / "part-0.parquet")
    docs.iloc[[1, 4, 2]].to_parquet(tmp_path / "dataset" / "part-1.parquet")
    run_pipeline(tmp_path / "dataset", tmp_path / "from_pq", chunk_size=4)
    for name in ["articles", "sentences"]:
        a = pd.read_csv(tmp_path / "csv" / f"{name}.csv", dtype=str, keep_default_na=False)
        b = pd.read_csv(tmp_path / "from_pq" / f"{name}.csv", dtype=str, keep_default_na=False)
        for column in a.columns.drop(["file", "encoding"], errors="ignore"):
            assert a[column].tolist() == b[column].tolist(), (name, column)


BAD_INPUTS = {
    "e.txt": (b"", "file is empty"),
    "b.txt": (b"\x00\x01", "binary file"),
    "n.csv": (b"id,body\n1,x\n", "no 'text' column"),
    "r.csv": (b"id,text\n1,\n", "row 1: row has an empty 'text'"),
    "j.jsonl": (b'{"id": 1, "text": "a"}\n{oops\n', "j.jsonl:2: malformed JSON"),
    "d.jsonl": (b'{"id": 1, "text": "a"}\n{"id": " 1", "text": "b"}\n', "duplicate article id '1'"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_raises_what_read_documents_raises_and_writes_nothing(tmp_path, name):
    content, expected = BAD_INPUTS[name]
    (tmp_path / name).write_bytes(content)
    with pytest.raises(InputError) as whole:
        read_documents(tmp_path / name)
    with pytest.raises(InputError) as streamed:
        run_pipeline(tmp_path / name, tmp_path / "out")
    assert str(streamed.value) == str(whole.value)
    assert expected in str(streamed.value)
    assert not (tmp_path / "out").exists()


def test_skip_bad_lists_what_it_skipped_and_keeps_the_rest(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("A story. It is short.")
    (tmp_path / "in" / "b.txt").write_bytes(b"")
    result = run_pipeline(tmp_path / "in", tmp_path / "out", skip_bad=True)
    assert [reason for _, reason in result.skipped] == ["file is empty"]
    assert result.n_articles == 1


@pytest.mark.parametrize(
    ("option", "value"), [("chunk_size", 0), ("jobs", 0), ("fmt", "xlsx"), ("engine", "spark"), ("chunk_size", 2.5)]
)
def test_bad_options_are_named(tmp_path, option, value):
    with pytest.raises(InputError, match="must be"):
        run_pipeline(SEEDS, tmp_path / "out", **{option: value})


def test_a_failure_mid_run_leaves_earlier_tables_untouched(tmp_path, monkeypatch):
    out = tmp_path / "out"
    run_pipeline(SEEDS, out)
    before = files(out)
    calls = []
    original = pipeline.process_documents

    def failing(docs, options=None):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        return original(docs, options)

    monkeypatch.setattr(pipeline, "process_documents", failing)
    with pytest.raises(OSError):
        run_pipeline(SEEDS, out, chunk_size=1)
    assert files(out) == before
    assert sorted(p.name for p in out.iterdir()) == sorted(before)


# --- corpus-level tables: co-occurrence and candidates are reduced over chunks -----------------------


@pytest.mark.parametrize("chunk_size", [1, 7])
def test_corpus_level_tables_are_reduced_over_chunks(bbc_sample, bbc_expected, tmp_path, chunk_size):
    run_pipeline(bbc_sample, tmp_path, chunk_size=chunk_size)
    for name in features.CORPUS_LEVEL_TABLES:
        assert files(tmp_path)[f"{name}.csv"] == bbc_expected[f"{name}.csv"]
    edges = pd.read_csv(tmp_path / "cooccurrence.csv")
    # Pairs seen in several articles: counts that only a correct reduction across chunks of 1 can give.
    assert (edges["n_articles"] > 1).any()
    assert edges["n_total"].nunique() == 1 and edges["n_total"].iloc[0] >= bbc_sample_sentences(tmp_path)


def bbc_sample_sentences(out):
    return len(pd.read_csv(out / "sentences.csv"))


# --- the Dask engine ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed", reason="the Dask engine needs the 'scale' extra")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        yield client


def test_dask_engine_equals_the_local_engine(bbc_sample, bbc_expected, tmp_path, dask_client):
    result = run_pipeline(bbc_sample, tmp_path / "dask", chunk_size=7, engine="dask", client=dask_client)
    run_pipeline(bbc_sample, tmp_path / "local", chunk_size=7)
    assert files(tmp_path / "dask") == files(tmp_path / "local")
    assert files(tmp_path / "dask") == bbc_expected
    assert result.n_articles == BBC_SAMPLE


def test_dask_engine_reports_bad_input_like_the_local_engine(tmp_path, dask_client):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("A story. It is short.")
    (tmp_path / "in" / "b.txt").write_bytes(b"")
    with pytest.raises(InputError, match=r"b\.txt: file is empty"):
        run_pipeline(tmp_path / "in", tmp_path / "out", engine="dask", client=dask_client)
    assert not (tmp_path / "out").exists()


def test_index_is_sorted_by_the_ids_the_manifest_gives():
    assert [loc.article_id for loc in index_documents(SEEDS).locators] == ["000", "001"]


# --- what the main process keeps and receives ------------------------------------------------------


def test_chunk_counts_add_up_to_the_whole_corpus_tables(bbc_sample):
    """Corpus-level tables from counts added chunk by chunk equal those of the whole corpus at once."""
    chunks = [parse_documents(c) for c in iter_documents(bbc_sample, chunk_size=7)]
    whole = features.build_features(*parse_documents(pd.concat(list(iter_documents(bbc_sample, chunk_size=10**6)))))
    total = None
    for articles, sentences in chunks:
        mentions = features.build_features(articles, sentences, corpus_level=False)["mentions"]
        counts = features.corpus_counts(mentions, sentences)
        total = counts if total is None else features.add_corpus_counts(total, counts)
    assert len(chunks) > 2 and not whole["cooccurrence"].empty and not whole["candidates"].empty
    for name, table in features.corpus_tables(total).items():
        pd.testing.assert_frame_equal(table, whole[name])


def test_chunk_counts_of_a_chunk_without_actors_still_add_up():
    articles, sentences = parse_documents(pd.DataFrame({"article_id": ["a"], "text": ["Hi."]}))
    mentions = features.build_features(articles, sentences, corpus_level=False)["mentions"]
    assert mentions.empty
    counts = features.corpus_counts(mentions, sentences)
    tables = features.corpus_tables(features.add_corpus_counts(counts, counts))
    assert tables["cooccurrence"].empty and tables["candidates"].empty
    assert features.add_corpus_counts(counts, counts)["cooccurrence"].n_total == 2


def test_workers_run_one_thread_per_library_pool():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, initializer=pipeline._limit_threads) as pool:
        info = pool.submit(threadpoolctl.threadpool_info).result()
    assert info and {pool["num_threads"] for pool in info} == {pipeline.WORKER_THREADS}


def test_csv_chunks_encoded_in_workers_append_to_the_bytes_of_one_write(tmp_path):
    table = pd.DataFrame({"a": ["x,y", "line\nbreak", None], "b": [1.5, 2.0, float("nan")]})
    table.to_csv(tmp_path / "whole.csv", index=False, encoding="utf-8", lineterminator="\n")
    sink = pipeline._Sink(tmp_path / "out", "csv")
    for part in (table.iloc[:1], table.iloc[1:1], table.iloc[1:]):
        sink.write("t", pipeline._encode("t", part, "csv"), len(part))
    assert sink.commit()["t"].read_bytes() == (tmp_path / "whole.csv").read_bytes()
    assert sink.rows["t"] == 3
