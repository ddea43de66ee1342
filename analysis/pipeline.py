"""The streaming feature pipeline: any corpus size, several cores, bounded memory, or a Dask cluster.

:func:`run_pipeline` computes the same tables as ``build_features(*load_corpus(inputs))`` written by
``features.write_tables``, but reads the corpus in chunks of ``chunk_size`` articles, processes chunks
on ``jobs`` processes (or on the workers of a dask.distributed cluster with ``engine="dask"``), and
appends each chunk's rows to the output files as soon as it is done. Memory is bounded by the chunk
size, not the corpus size: no table is held whole. The corpus-level tables (co-occurrence, discovered
candidates) are made at the end from a running total of the chunks' additive counts
(:func:`analysis.features.corpus_counts`), which grows with the distinct actors and pairs only.

The output does not depend on ``chunk_size``, ``jobs`` or the engine: documents are read in sorted
``article_id`` order (:func:`iter_documents`), each chunk's rows are sorted like ``write_tables``
sorts them, and per-article tables depend on their own article only, so the concatenation of the
chunks is the table of the whole corpus, row for row. Files are written under a temporary folder
and renamed into place only when every table is complete: a failure leaves nothing half-written.

>>> import tempfile
>>> from analysis.paths import SEEDS
>>> result = run_pipeline(SEEDS, tempfile.mkdtemp(), chunk_size=1)
>>> result.n_articles, result.rows["articles"]
(2, 2)
"""

import codecs
import csv
import itertools
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from analysis import features
from analysis.corpus import (
    CODECS,
    METADATA,
    SNIFF_BYTES,
    _expand,
    _merge_manifest,
    _read_bytes,
    _read_txt,
    _records_from_rows,
    encoding_label,
    parse_documents,
    read_manifest,
)
from analysis.errors import InputError

FORMATS = ("csv", "parquet")
ENGINES = ("local", "dask")
# Articles per chunk. 1,000 BBC-sized articles take about 60 MB as parsed tables: small enough to
# keep several chunks in flight per core, large enough that per-chunk overhead (process hand-off,
# pandas calls) stays well under 1% of the work (measured with benchmarks/bench_pipeline.py).
DEFAULT_CHUNK_SIZE = 1000
# Chunks submitted ahead of the one being written, per worker: keeps every core busy while the
# writer catches up, and bounds memory at about (1 + IN_FLIGHT_PER_JOB * jobs) chunks.
IN_FLIGHT_PER_JOB = 2
# Threads per worker process for BLAS/OpenMP/numexpr pools: the pool already runs one process per core,
# so each library's default of one thread per core would put jobs x cores threads on the cores
# (threadpoolctl.threadpool_info() in a worker: OpenBLAS and OpenMP at 2 threads each on 2 cores).
WORKER_THREADS = 1
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")
# Columns that hold text metadata; a missing value is written as an empty cell, whatever the chunk.
TEXT_COLUMNS = ["file", "encoding", *METADATA, "dateline", "date_source", "notes"]
READ_BLOCK = 1 << 20


# --- reading: an index of every document, in sorted order, then the documents chunk by chunk -------


@dataclass(frozen=True, order=True)
class Locator:
    """Where one document is: enough to read it again in any process (ids sort the corpus)."""

    article_id: str
    seq: int  # position in input order, for stable ties and the duplicate message
    kind: str  # "txt", "csv", "jsonl" or "parquet"
    path: str
    where: object = None  # txt: manifest key; csv/jsonl: (offset, line, encoding, fields); parquet: row


def _encoding(path: Path) -> str:
    """The codec ``corpus._decode`` would choose, found by streaming (the file is never held whole)."""
    _read_bytes(path, SNIFF_BYTES)
    for encoding in CODECS:
        decoder, blank = codecs.getincrementaldecoder(encoding)(), True
        try:
            with open(path, "rb") as f:
                while block := f.read(READ_BLOCK):
                    blank = blank and not decoder.decode(block).strip()
                blank = blank and not decoder.decode(b"", final=True).strip()
        except UnicodeDecodeError:
            continue
        if blank:
            raise InputError(path, "file is empty")
        return encoding
    raise AssertionError("latin-1 decodes any byte")  # pragma: no cover


class _Lines:
    """Decoded lines of a binary file from an offset, with the byte offset after the last line read."""

    def __init__(self, f, encoding: str) -> None:
        self.f, self.pos = f, f.tell()
        self.encoding = encoding if self.pos == 0 else encoding.replace("utf-8-sig", "utf-8")

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        raw = self.f.readline()
        if not raw:
            raise StopIteration
        self.pos += len(raw)
        text = raw.decode(self.encoding)
        self.encoding = self.encoding.replace("utf-8-sig", "utf-8")
        return text


def _csv_fields(path: Path, reader: csv.DictReader) -> tuple[str, ...]:
    fields = reader.fieldnames or []
    if "text" not in fields:
        raise InputError(path, f"CSV has no 'text' column (columns: {', '.join(fields) or 'none'})")
    if "id" not in fields and "article_id" not in fields:
        raise InputError(path, "CSV has no 'id' or 'article_id' column")
    return tuple(fields)


def _index_csv(path: Path, seq: int) -> list[Locator]:
    encoding, found = _encoding(path), []
    with open(path, "rb") as f:
        lines = _Lines(f, encoding)
        reader = csv.DictReader(lines)
        try:
            fields = _csv_fields(path, reader)
            start = lines.pos
            for number, row in enumerate(reader, start=1):
                (record,) = _records_from_rows(
                    [row], path, encoding_label(encoding), line_of=lambda _, n=number: f"row {n}"
                )
                found.append(Locator(record["article_id"], seq + number, "csv", str(path),
                                     (start, number, encoding, fields)))
                start = lines.pos
        except csv.Error as err:
            raise InputError(path, f"malformed CSV ({err})") from None
    return found


def _jsonl_rows(path: Path, lines: _Lines, first_line: int) -> Iterator[tuple[int, int, int, str]]:
    """(offset of the physical line, part, line number, text) as ``str.splitlines`` numbers them."""
    number = first_line
    while True:
        offset = lines.pos
        try:
            physical = next(lines)
        except StopIteration:
            return
        for part, line in enumerate(physical.splitlines()):
            yield offset, part, number, line
            number += 1


def _parse_json(path: Path, number: int, line: str) -> object:
    try:
        return json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(f"{path}:{number}", f"malformed JSON ({err.msg})") from None


def _index_jsonl(path: Path, seq: int) -> list[Locator]:
    encoding, found = _encoding(path), []
    with open(path, "rb") as f:
        for offset, part, number, line in _jsonl_rows(path, _Lines(f, encoding), 1):
            if not line.strip():
                continue
            row = _parse_json(path, number, line)
            (record,) = _records_from_rows([row], path, encoding_label(encoding), line_of=lambda _, n=number: n)
            where = (offset, part, number, encoding)
            found.append(Locator(record["article_id"], seq + number, "jsonl", str(path), where))
    return found


def _is_parquet(path: Path) -> bool:
    if path.suffix.lower() == ".parquet" and path.exists():
        return True
    return path.is_dir() and any(path.rglob("*.parquet")) and not any(path.rglob("*.txt"))


def _parquet_dataset(path: Path):
    try:
        import pyarrow.dataset as pads
    except ImportError:
        raise InputError(path, "reading Parquet needs the 'scale' extra: pip install 'analysis[scale]'") from None
    try:
        dataset = pads.dataset(str(path), format="parquet")
    except Exception as err:  # pyarrow raises several unrelated types for a bad dataset
        raise InputError(path, f"not a readable Parquet dataset ({err})") from None
    names = dataset.schema.names
    if "text" not in names:
        raise InputError(path, f"Parquet dataset has no 'text' column (columns: {', '.join(names) or 'none'})")
    if "id" not in names and "article_id" not in names:
        raise InputError(path, "Parquet dataset has no 'id' or 'article_id' column")
    return dataset, "article_id" if "article_id" in names else "id"


def _index_parquet(path: Path, seq: int) -> list[Locator]:
    dataset, key = _parquet_dataset(path)
    found = []
    for row, value in enumerate(dataset.to_table(columns=[key]).column(key).to_pylist()):
        if value is None or str(value).strip() == "":
            raise InputError(f"{path}:row {row + 1}", "row has no 'id' or 'article_id'")
        found.append(Locator(str(value).strip(), seq + row, "parquet", str(path), row))
    return found


@dataclass
class Index:
    """Every document of a corpus, sorted by ``article_id``, and the manifests that apply to them."""

    locators: list[Locator]
    manifests: list[Path]
    keyed_by_file: bool  # some document came from a folder with a manifest.csv (see corpus.read_documents)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def index_documents(
    inputs: str | Path | Sequence[str | Path], *, manifest: str | Path | None = None, skip_bad: bool = False
) -> Index:
    """Locate every document of the inputs, in sorted ``article_id`` order, without reading the texts.

    Inputs are those of :func:`analysis.corpus.read_documents` (folders, ``.txt``, ``.csv``, ``.jsonl``)
    and Parquet datasets (a ``.parquet`` file or a folder of them, columns as for CSV). CSV and JSONL
    files are read line by line (never whole) and their rows checked; ``.txt`` files are checked when
    they are read. Raises :class:`InputError` like ``read_documents`` (missing path, malformed row,
    duplicate id).

    >>> from analysis.paths import SEEDS
    >>> [loc.article_id for loc in index_documents(SEEDS).locators]
    ['000', '001']
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    if not inputs:
        raise InputError("input", "no input given")
    found, skipped, manifests, seq = [], [], set(), 0
    for item in inputs:
        expanded = [(Path(item), None, None)] if _is_parquet(Path(item)) else _expand([item])
        for path, article_id, folder_manifest in expanded:
            seq = found[-1].seq + 1 if found else 0
            try:
                suffix = path.suffix.lower()
                if article_id is None:
                    found += _index_parquet(path, seq)
                elif suffix == ".csv":
                    found += _index_csv(path, seq)
                elif suffix == ".jsonl":
                    found += _index_jsonl(path, seq)
                else:
                    found.append(Locator(article_id, seq, "txt", str(path), path.name if folder_manifest else None))
                    if folder_manifest:
                        manifests.add(folder_manifest)
            except InputError as err:
                if not skip_bad:
                    raise
                skipped.append((err.where, err.reason))
    if not found:
        raise InputError(", ".join(map(str, inputs)), "no readable article")
    chosen = [Path(manifest)] if manifest else sorted(manifests)
    found = sorted(_renamed(found, chosen, bool(manifests)))
    duplicates = [b for a, b in itertools.pairwise(found) if a.article_id == b.article_id]
    if duplicates:
        first = min(duplicates, key=lambda loc: loc.seq)
        raise InputError(first.path, f"duplicate article id '{first.article_id}'")
    return Index(found, chosen, bool(manifests), skipped)


def _renamed(found: list[Locator], manifests: list[Path], keyed_by_file: bool) -> list[Locator]:
    """Apply the ``article_id`` a manifest keyed by file gives (as ``corpus._merge_manifest`` will)."""
    for path in manifests:
        table = read_manifest(path)
        if not (keyed_by_file and "file" in table.columns and "article_id" in table.columns):
            continue
        new_ids = {k: v for k, v in zip(table["file"], table["article_id"], strict=True) if v != ""}
        found = [replace(loc, article_id=new_ids[loc.where])
                 if loc.kind == "txt" and loc.where in new_ids else loc for loc in found]
    return found


def _read_csv_row(f, loc: Locator) -> dict:
    offset, number, encoding, fields = loc.where
    f.seek(offset)
    try:
        row = next(csv.DictReader(_Lines(f, encoding), fieldnames=list(fields)))
    except csv.Error as err:
        raise InputError(loc.path, f"malformed CSV ({err})") from None
    (record,) = _records_from_rows([row], loc.path, encoding_label(encoding), line_of=lambda _: f"row {number}")
    return record


def _read_jsonl_row(f, loc: Locator) -> dict:
    offset, part, number, encoding = loc.where
    f.seek(offset)
    line = next(_Lines(f, encoding)).splitlines()[part]
    row = _parse_json(Path(loc.path), number, line)
    (record,) = _records_from_rows([row], loc.path, encoding_label(encoding), line_of=lambda _: number)
    return record


def _read_parquet_rows(path: str, locs: list[Locator]) -> list[dict]:
    import pyarrow as pa

    dataset, key = _parquet_dataset(Path(path))
    columns = [c for c in dict.fromkeys([key, "text", *METADATA]) if c in dataset.schema.names]
    rows = dataset.take(pa.array([loc.where for loc in locs], type=pa.int64()), columns=columns).to_pylist()
    records = []
    for loc, row in zip(locs, rows, strict=True):
        (record,) = _records_from_rows([row], path, "utf-8", line_of=lambda _, n=loc.where + 1: f"row {n}")
        records.append(record)
    return records


def read_chunk(locators: Sequence[Locator], *, skip_bad: bool = False) -> tuple[list[dict], list[tuple[str, str]]]:
    """The document records (as ``read_documents`` makes them) of some located documents, in order."""
    records: dict[Locator, dict] = {}
    skipped = []
    by_file: dict[tuple[str, str], list[Locator]] = {}
    for loc in locators:
        by_file.setdefault((loc.kind, loc.path), []).append(loc)
    for (kind, path), locs in by_file.items():
        try:
            if kind == "txt":
                for loc in locs:
                    try:
                        records[loc] = _read_txt(Path(path), loc.article_id)
                    except InputError as err:
                        if not skip_bad:
                            raise
                        skipped.append((err.where, err.reason))
                        continue
                    if loc.where:
                        records[loc]["manifest_key"] = loc.where
            elif kind == "parquet":
                records.update(zip(locs, _read_parquet_rows(path, locs), strict=True))
            else:
                read_row = _read_csv_row if kind == "csv" else _read_jsonl_row
                with open(path, "rb") as f:
                    for loc in locs:
                        records[loc] = read_row(f, loc)
        except OSError as err:
            raise InputError(path, f"cannot read ({err.strerror})") from None
    return [records[loc] for loc in locators if loc in records], skipped


def iter_documents(
    inputs: str | Path | Sequence[str | Path], *, manifest: str | Path | None = None, skip_bad: bool = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> Iterator[pd.DataFrame]:
    """The documents of a corpus as DataFrames of at most ``chunk_size`` rows, in sorted id order.

    Each chunk is what ``read_documents`` returns for those documents (manifests applied), with
    missing metadata as empty strings. Skipped files (with ``skip_bad``) are left out silently; use
    :func:`index_documents` and :func:`read_chunk` to list them.

    >>> from analysis.paths import SEEDS
    >>> [chunk["article_id"].tolist() for chunk in iter_documents(SEEDS, chunk_size=1)]
    [['000'], ['001']]
    """
    _check_chunk_size(chunk_size)
    index = index_documents(inputs, manifest=manifest, skip_bad=skip_bad)
    for start in range(0, len(index.locators), chunk_size):
        records, _ = read_chunk(index.locators[start : start + chunk_size], skip_bad=skip_bad)
        if records:
            yield _documents(records, index.manifests, index.keyed_by_file)


def _documents(records: list[dict], manifests: list[Path], keyed_by_file: bool) -> pd.DataFrame:
    docs = pd.DataFrame(records)
    if keyed_by_file and "manifest_key" not in docs:
        docs["manifest_key"] = None
    for extra in manifests:
        docs = _merge_manifest(docs, extra)
    docs = docs.drop(columns=["manifest_key"], errors="ignore")
    for column in TEXT_COLUMNS:
        if column in docs:
            docs[column] = docs[column].astype(object).where(docs[column].notna(), "")
    return docs


# --- one chunk: documents to tables, and the additive counts of the corpus-level tables -------------


def process_documents(docs: pd.DataFrame, options: dict | None = None) -> dict[str, object]:
    """Tables of one chunk of documents: per-article tables sorted, and the corpus-level state.

    Returns a dict with ``tables`` (per-article tables, sorted like ``write_tables`` sorts them),
    ``counts`` (this chunk's :func:`analysis.features.corpus_counts`, which add up over chunks) and the
    counts ``n_articles``, ``n_sentences``.

    >>> out = process_documents(pd.DataFrame({"article_id": ["a"], "text": ["Hi there. Bye."]}))
    >>> out["n_articles"], out["n_sentences"]
    (1, 2)
    """
    articles, sentences = parse_documents(docs)
    tables = features.build_features(articles, sentences, **(options or {}), corpus_level=False)
    return {
        "tables": {name: features.sort_table(name, t) for name, t in tables.items()},
        "counts": features.corpus_counts(tables["mentions"], sentences),
        "n_articles": len(articles),
        "n_sentences": len(sentences),
    }


def _limit_threads() -> None:
    """Run in each worker process: one thread per library pool (see WORKER_THREADS)."""
    for variable in THREAD_VARIABLES:
        os.environ[variable] = str(WORKER_THREADS)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover  (scikit-learn depends on threadpoolctl)
        return
    threadpool_limits(WORKER_THREADS)


def _encode(name: str, table: pd.DataFrame, fmt: str) -> object:
    """A table as the sink appends it: CSV text (header, rows) or an Arrow table, made where it is computed."""
    if fmt == "csv":
        body = table.to_csv(None, index=False, header=False, lineterminator="\n")
        head = table.iloc[:0].to_csv(None, index=False, lineterminator="\n")
        return head.encode("utf-8"), body.encode("utf-8")
    import pyarrow as pa

    return pa.Table.from_pandas(table, preserve_index=False)


def _process_chunk(payload: tuple) -> dict[str, object]:
    """Read and process one chunk in a worker; errors come back as data (InputError does not pickle).

    The tables come back encoded for the sink (CSV text or Arrow), so that the main process, which
    writes every chunk, only copies bytes: formatting rows is most of the cost of writing them.
    """
    locators, manifests, keyed_by_file, skip_bad, options, fmt = payload
    try:
        records, skipped = read_chunk(locators, skip_bad=skip_bad)
        out = process_documents(_documents(records, manifests, keyed_by_file), options) if records else {"tables": {}}
    except InputError as err:
        return {"error": (err.where, err.reason)}
    out["tables"] = {name: (len(table), _encode(name, table, fmt)) for name, table in out["tables"].items()}
    out["skipped"] = skipped
    return out


class _Reducer:
    """The running total of the chunks' corpus counts; the corpus-level tables are made from it at the end."""

    def __init__(self) -> None:
        self.counts: dict[str, object] | None = None

    def add(self, out: dict) -> None:
        if "counts" in out:
            self.counts = out["counts"] if self.counts is None else features.add_corpus_counts(self.counts,
                                                                                               out["counts"])

    def finish(self) -> dict[str, pd.DataFrame]:
        if self.counts is None:
            return {}
        return {name: features.sort_table(name, t) for name, t in features.corpus_tables(self.counts).items()}


# --- writing: append per chunk under a staging folder, rename into place at the end ---------------


class _Sink:
    """Appends tables chunk by chunk to ``<name>.<fmt>`` files in a staging folder."""

    def __init__(self, out_dir: Path, fmt: str) -> None:
        self.out_dir, self.fmt = out_dir, fmt
        self.created = not out_dir.exists()
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise InputError(out_dir, f"cannot create output folder ({err.strerror})") from None
        self.staging = Path(tempfile.mkdtemp(prefix=".partial-", dir=out_dir))
        self.rows: dict[str, int] = {}
        self.writers: dict[str, object] = {}

    def append(self, name: str, table: pd.DataFrame) -> None:
        self.write(name, _encode(name, table, self.fmt), len(table))

    def write(self, name: str, encoded: object, n_rows: int) -> None:
        """Append one chunk of a table, encoded by :func:`_encode` (in a worker, or here)."""
        path = self.staging / f"{name}.{self.fmt}"
        first = name not in self.rows
        self.rows[name] = self.rows.get(name, 0) + n_rows
        if self.fmt == "csv":
            header, body = encoded
            with open(path, "wb" if first else "ab") as f:
                f.write(header + body if first else body)
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        arrow = encoded
        if first:
            # A column empty in the first chunk has no type yet; empty columns are text columns.
            schema = pa.schema([f.with_type(pa.large_string()) if pa.types.is_null(f.type) else f
                                for f in arrow.schema])
            self.writers[name] = (pq.ParquetWriter(path, schema), schema)
        writer, schema = self.writers[name]
        try:
            arrow = arrow.cast(schema)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError) as err:
            raise InputError(name, f"table columns changed type between chunks ({err})") from None
        if len(arrow):
            writer.write_table(arrow)

    def commit(self) -> dict[str, Path]:
        for writer, _ in self.writers.values():
            writer.close()
        placed = {}
        for name in self.rows:
            target = self.out_dir / f"{name}.{self.fmt}"
            os.replace(self.staging / target.name, target)
            placed[name] = target
        shutil.rmtree(self.staging, ignore_errors=True)
        return placed

    def abort(self) -> None:
        for writer, _ in self.writers.values():
            try:
                writer.close()
            except Exception:  # closing a broken writer; the folder goes anyway
                pass
        shutil.rmtree(self.staging, ignore_errors=True)
        if self.created:
            try:
                self.out_dir.rmdir()
            except OSError:
                pass


# --- the engines -----------------------------------------------------------------------------------


@dataclass
class PipelineResult:
    """What a run wrote: the file of each table, its row count, the articles, sentences and skipped files."""

    paths: dict[str, Path]
    rows: dict[str, int]
    n_articles: int
    n_sentences: int
    skipped: list[tuple[str, str]]
    seconds: float


def _check_chunk_size(chunk_size: int) -> None:
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise InputError("--chunk-size", f"must be a whole number of articles, at least 1, not {chunk_size!r}")


class _Progress:
    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled, self.start, self.done = total, enabled, time.perf_counter(), 0

    def update(self, n: int) -> None:
        self.done += n
        if self.enabled:
            rate = self.done / max(time.perf_counter() - self.start, 1e-9)
            print(f"\r{self.done:,}/{self.total:,} articles ({rate:,.0f}/s)", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.enabled:
            print(file=sys.stderr, flush=True)


def run_pipeline(
    inputs: str | Path | Sequence[str | Path],
    out_dir: str | Path,
    *,
    manifest: str | Path | None = None,
    skip_bad: bool = False,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    jobs: int = 1,
    fmt: str = "csv",
    engine: str = "local",
    scheduler: str | None = None,
    client: object = None,
    progress: bool = False,
    feature_options: dict | None = None,
) -> PipelineResult:
    """Compute every feature table of a corpus chunk by chunk and write them to ``out_dir``.

    Parameters
    ----------
    inputs : path or list of paths
        Folders of ``.txt`` files, ``.txt``, ``.csv``, ``.jsonl`` files, Parquet datasets.
    out_dir : path
        Output folder; tables are written as ``<name>.csv`` (or ``.parquet``), replacing those there.
    manifest, skip_bad :
        As for :func:`analysis.corpus.load_corpus`.
    chunk_size : int
        Articles per chunk: memory grows with it, the output does not change with it.
    jobs : int
        Processes for the local engine, workers of the LocalCluster the Dask engine starts when no
        ``scheduler`` is given.
    fmt : {"csv", "parquet"}
        File format. CSV files are byte for byte those ``features.write_tables`` writes.
    engine : {"local", "dask"}
        ``"dask"`` processes chunks on a dask.distributed cluster (the ``scale`` extra). The workers
        read the input files themselves, so they must see the same paths (a shared file system).
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://host:8786``); default: a LocalCluster.
    client : distributed.Client, optional
        An existing client to use instead (the tests use an in-process LocalCluster).
    progress : bool
        Report articles done and the rate on standard error.
    feature_options : dict, optional
        Keyword options of ``features.build_features`` (``{"codebook": path}``).

    Returns
    -------
    PipelineResult

    Raises
    ------
    InputError
        Bad input (as ``load_corpus``), bad options, an output path that is a file, a Dask engine
        without the ``scale`` extra or an unreachable scheduler.
    """
    _check_chunk_size(chunk_size)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InputError("--jobs", f"must be a whole number of processes, at least 1, not {jobs!r}")
    if fmt not in FORMATS:
        raise InputError("--format", f"must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if engine not in ENGINES:
        raise InputError("--engine", f"must be one of {', '.join(ENGINES)}, not {engine!r}")
    if (scheduler or client) and engine != "dask":
        raise InputError("--scheduler", "is only used with --engine dask")
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(out_dir, "output path is a file, not a folder")
    if fmt == "parquet":
        _require("pyarrow", "--format parquet")
    started = time.perf_counter()
    index = index_documents(inputs, manifest=manifest, skip_bad=skip_bad)
    payloads = (
        (index.locators[i : i + chunk_size], index.manifests, index.keyed_by_file, skip_bad, feature_options, fmt)
        for i in range(0, len(index.locators), chunk_size)
    )
    with _executor(engine, jobs, scheduler, client) as submit:
        return _drive(index, payloads, submit, out_dir, fmt, jobs, progress, started)


def _require(module: str, what: str) -> None:
    try:
        __import__(module)
    except ImportError:
        raise InputError(what, "needs the 'scale' extra: pip install 'analysis[scale]'") from None


class _executor:
    """A ``submit(payload) -> future`` function for the engine, closed cleanly on exit."""

    def __init__(self, engine: str, jobs: int, scheduler: str | None, client: object) -> None:
        self.engine, self.jobs, self.scheduler, self.client = engine, jobs, scheduler, client
        self.close: list[Callable[[], None]] = []

    def __enter__(self) -> Callable:
        if self.engine == "dask":
            client = self.client or self._connect()
            return lambda payload: client.submit(_process_chunk, payload, pure=False)
        if self.jobs == 1:
            return _Done
        pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_limit_threads)
        self.close.append(lambda: pool.shutdown(cancel_futures=True))
        return lambda payload: pool.submit(_process_chunk, payload)

    def _connect(self):
        _require("distributed", "--engine dask")
        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                client = Client(self.scheduler, timeout="10s")
            except (OSError, TimeoutError) as err:
                raise InputError(self.scheduler, f"cannot reach the Dask scheduler ({err})") from None
            self.close.append(client.close)
            return client
        cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, dashboard_address=None)
        client = Client(cluster)
        self.close += [cluster.close, client.close]
        client.run(_limit_threads)
        return client

    def __exit__(self, *exc: object) -> None:
        for close in reversed(self.close):
            close()


class _Done:
    """A finished 'future': the local engine with one job processes each chunk when it is submitted."""

    def __init__(self, payload: tuple) -> None:
        self.value = _process_chunk(payload)

    def result(self) -> dict:
        return self.value


def _drive(index: Index, payloads: Iterator, submit: Callable, out_dir: Path, fmt: str, jobs: int,
           progress: bool, started: float) -> PipelineResult:
    sink = _Sink(out_dir, fmt)
    reducer, skipped = _Reducer(), list(index.skipped)
    n_articles = n_sentences = 0
    bar = _Progress(len(index.locators), progress)
    pending = []
    try:
        payloads = iter(payloads)
        for payload in payloads:
            pending.append(submit(payload))
            if len(pending) > IN_FLIGHT_PER_JOB * jobs:
                break
        while pending:
            out = pending.pop(0).result()
            next_payload = next(payloads, None)
            if next_payload is not None:
                pending.append(submit(next_payload))
            if "error" in out:
                raise InputError(*out["error"])
            for name, (n_rows, encoded) in out["tables"].items():
                sink.write(name, encoded, n_rows)
            reducer.add(out)
            skipped += out["skipped"]
            n_articles += out.get("n_articles", 0)
            n_sentences += out.get("n_sentences", 0)
            bar.update(out.get("n_articles", 0) + len(out["skipped"]))
        bar.close()
        if not n_articles:
            raise InputError("input", "no readable article")
        for name, table in reducer.finish().items():
            sink.append(name, table)
        paths = sink.commit()
    except BaseException:
        sink.abort()
        raise
    return PipelineResult(paths, dict(sink.rows), n_articles, n_sentences, skipped, time.perf_counter() - started)
