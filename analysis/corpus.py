"""Load news articles into clean, segmented and traceable tables.

A corpus comes from a folder of ``.txt`` files, a list of files, a ``.csv`` or a ``.jsonl`` file
(columns ``id`` or ``article_id``, ``text``, optional ``title``, ``date``, ``outlet``, ``url``), and
optionally a manifest of metadata. :func:`load_corpus` returns two tables:

- **articles**, one row per article: metadata, the cleaned ``body`` that every offset refers to,
  counts, and the ``boilerplate`` that was cut from the analysed text (kept, never lost);
- **sentences**, one row per sentence: ``sentence_id`` such as ``000:s012``, the paragraph index,
  the text, and ``start``/``end`` offsets such that ``body[start:end] == text``.

The body is the article text after removing what is not the story itself: the title and
standfirst (kept in their own columns), a ``date YYYY-MM-DD`` header and a ``CITY:`` dateline
(kept as ``date`` and ``dateline``), and trailing link or headline blocks (kept as
``boilerplate``). Text is normalised to Unicode NFC and whitespace is tidied *before* offsets are
taken, so offsets always slice the body exactly.

>>> articles, sentences = parse_documents(pd.DataFrame({
...     "article_id": ["a1"], "text": ["LONDON: Mr. Smith met Dr. Jones. They talked."]}))
>>> articles.loc[0, "dateline"], int(articles.loc[0, "n_sentences"])
('LONDON', 2)
>>> sentences["text"].tolist()
['Mr. Smith met Dr. Jones.', 'They talked.']
"""

import csv
import html
import io
import json
import re
import unicodedata
import warnings
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.errors import InputError
from analysis.resources import read_table

ARTICLE_COLUMNS = [
    "article_id",
    "file",
    "title",
    "standfirst",
    "date",
    "date_source",
    "dateline",
    "outlet",
    "url",
    "notes",
    "body",
    "n_paragraphs",
    "n_sentences",
    "n_words",
    "boilerplate",
    "encoding",
]
SENTENCE_COLUMNS = ["article_id", "sentence_id", "paragraph", "text", "start", "end"]
METADATA = ["title", "date", "outlet", "url"]

# A headline or link line is short; 30 words is above the longest headline in the BBC corpus (19).
HEADLINE_MAX_WORDS = 30
# Share of capitalised words that makes a line "title case" (headline style); news headlines in
# title case capitalise all but short function words, which stays above this share.
TITLE_CASE_SHARE = 0.6
# Bytes read to sniff a binary file; a NUL byte in text files is vanishingly rare.
SNIFF_BYTES = 8192
# Codecs tried in order: UTF-8 (a byte-order mark is dropped); for legacy single-byte files Windows-1252, a
# superset of Latin-1's printable range that covers curly quotes; Latin-1, which decodes any byte, last.
CODECS = ("utf-8-sig", "cp1252", "latin-1")

WORD_RE = re.compile(r"\w+(?:['’\-]\w+)*")
SENTENCE_END_RE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
DATE_HEADER_RE = re.compile(r"^(?:date|published|posted|updated)?\s*:?\s*(\d{4}-\d{2}-\d{2})\b[\s,:;-]*", re.I)
DATELINE_RE = re.compile(r"^([A-Z][A-Z.'\- ]{1,40}?(?:, [A-Z][A-Za-z.]+)?)\s*(?:\(([^)]{1,40})\))?\s*[:—–]\s+")
# A title may end in '?', '!' or an ellipsis ("My memories of Marley...") but not in one full stop.
FULL_STOP_END_RE = re.compile(r"(?<!\.)\.[\"'”’)\]]*$")
SEPARATOR_RE = re.compile(r"^[\s\-–—_*=~•·.#]+$")
TRAILING_DASH_RE = re.compile(r"\s[-–—]$")
DOTTED_ACRONYM_RE = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
INITIAL_RE = re.compile(r"(?:^|\s)[A-Z]\.$")
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def words(text: str) -> list[str]:
    """The words of a text: runs of letters and digits, keeping inner apostrophes and hyphens.

    >>> words("Pakistan’s de-escalation call, 2022.")
    ['Pakistan’s', 'de-escalation', 'call', '2022']
    """
    return WORD_RE.findall(text)


@lru_cache(maxsize=1)
def _lexicons() -> tuple[dict[str, str], frozenset[str], re.Pattern]:
    abbreviations = read_table("abbreviations.csv")
    starters = frozenset(read_table("sentence_starters.csv")["word"])
    markers = read_table("boilerplate.csv")["marker"]
    marker_re = re.compile(
        r"^(?:{})\s*(?:[:\-–—]|$)".format("|".join(sorted(map(re.escape, markers), key=len, reverse=True))), re.I
    )
    return dict(zip(abbreviations["abbreviation"], abbreviations["kind"], strict=True)), starters, marker_re


def tidy(text: str) -> str:
    """Unescape HTML entities, normalise to NFC, drop invisible characters, fold spaces and tabs.

    Line breaks are kept (they separate paragraphs); spaces around them are dropped.

    >>> tidy("Caf\\u0065\\u0301  au\\tlait \\r\\n fianc&#233;e")
    'Café au lait\\nfiancée'
    """
    text = unicodedata.normalize("NFC", html.unescape(text)).translate(INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[^\S\n]+", " ", text)
    return re.sub(r" ?\n ?", "\n", text).strip()


def paragraphs(text: str) -> list[str]:
    """Split tidied text into paragraphs.

    Text with blank lines between blocks is split at the blank lines (a block's own line breaks
    are hard wraps, joined with a space); text without blank lines has a paragraph per line.

    >>> paragraphs("One\\nline.\\n\\nTwo.")
    ['One line.', 'Two.']
    >>> paragraphs("One.\\nTwo.")
    ['One.', 'Two.']
    """
    if re.search(r"\n\s*\n", text):
        blocks = re.split(r"\n\s*\n", text)
        return [b.replace("\n", " ").strip() for b in blocks if b.strip()]
    return [line.strip() for line in text.split("\n") if line.strip()]


def _ends_sentence(paragraph: str) -> bool:
    return bool(re.search(r"[.!?…][\"'”’)\]]*$", paragraph))


def _is_title_case(paragraph: str) -> bool:
    tokens = [w.strip("'‘’\"“”(") for w in paragraph.split()]
    tokens = [w for w in tokens if w[:1].isalpha()]
    return bool(tokens) and sum(w[0].isupper() for w in tokens) / len(tokens) >= TITLE_CASE_SHARE


def _is_headline(paragraph: str) -> bool:
    """A short line with no sentence-final punctuation, or a listed headline ending in ' -'."""
    if len(words(paragraph)) > HEADLINE_MAX_WORDS:
        return False
    if TRAILING_DASH_RE.search(paragraph):
        return True
    return not _ends_sentence(paragraph) and _is_title_case(paragraph)


def _is_marker(paragraph: str) -> bool:
    return bool(_lexicons()[2].match(paragraph)) and len(words(paragraph)) <= HEADLINE_MAX_WORDS


def split_boilerplate(paras: Sequence[str]) -> tuple[list[str], list[str]]:
    """Separate the story's paragraphs from link and headline blocks.

    Removed: (1) a trailing block that opens with a separator line (``-``, ``***``) or a marker
    from ``boilerplate.csv`` ("Read more:", "Also read", ...) and holds only headline-like lines;
    (2) a trailing run of three or more headline lines ending in `` -``; (3) a lone marker line
    with its link ("Read more: Budget row deepens") anywhere. A paragraph that ends like a
    sentence is never removed unless it opens with a marker.

    >>> story, cut = split_boilerplate(["Talks went well.", "Read more:", "Budget Row Deepens"])
    >>> story, cut
    (['Talks went well.'], ['Read more:', 'Budget Row Deepens'])
    """
    paras = list(paras)
    start = len(paras)
    while start > 0 and (
        _is_headline(paras[start - 1]) or SEPARATOR_RE.match(paras[start - 1]) or _is_marker(paras[start - 1])
    ):
        start -= 1
    tail = paras[start:]
    cut_at = len(paras)
    openers = [i for i, p in enumerate(tail) if SEPARATOR_RE.match(p) or _is_marker(p)]
    if openers and start + openers[0] > 0:
        cut_at = start + openers[0]
    else:
        dashed = [i for i, p in enumerate(tail) if TRAILING_DASH_RE.search(p)]
        if len(dashed) >= 3:
            cut_at = start + dashed[0]
    story = [p for p in paras[:cut_at] if not _is_marker(p)]
    return story, [p for p in paras[:cut_at] if _is_marker(p)] + paras[cut_at:]


def _header(paras: list[str], has_title: bool) -> tuple[dict[str, str], list[str]]:
    """Take title, standfirst, date header and dateline off the front of the paragraphs."""
    found = {"title": "", "standfirst": "", "date": "", "dateline": "", "date_source": ""}
    paras = list(paras)
    if (
        not has_title
        and len(paras) > 1
        and len(words(paras[0])) <= HEADLINE_MAX_WORDS
        and not FULL_STOP_END_RE.search(paras[0])
        and not DATE_HEADER_RE.match(paras[0])
    ):
        found["title"] = paras.pop(0)
        if len(paras) > 1 and _is_standfirst(paras[0], paras[1]):
            found["standfirst"] = paras.pop(0)
    if (
        paras
        and (m := DATE_HEADER_RE.match(paras[0]))
        and (m.group(0).strip()[:1].isalpha() or m.end() < len(paras[0]))
    ):
        found["date"], found["date_source"] = m.group(1), f"text: '{m.group(0).strip()}' header"
        paras[0] = paras[0][m.end() :]
    if paras and (m := DATELINE_RE.match(paras[0])):
        found["dateline"] = m.group(1).strip()
        paras[0] = paras[0][m.end() :]
    return found, [p for p in paras if p]


def _is_standfirst(paragraph: str, following: str) -> bool:
    """A subtitle between the title and a dated or datelined lead: no sentence-final punctuation.

    Without the date or dateline after it, an unpunctuated second paragraph is kept as body text
    (a lead paragraph that lost its full stop must not drop out of the analysis).
    """
    return (
        len(words(paragraph)) <= 2 * HEADLINE_MAX_WORDS
        and not _ends_sentence(paragraph)
        and not DATELINE_RE.match(paragraph)
        and bool(DATELINE_RE.match(following) or DATE_HEADER_RE.match(following))
    )


def _sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """Start and end offsets of the sentences of one paragraph."""
    kinds, starters, _ = _lexicons()
    spans, start = [], 0
    for m in SENTENCE_END_RE.finditer(paragraph):
        before = paragraph[start : m.start()]
        after = paragraph[m.end() :].lstrip()
        next_word = re.match(r"[\"'“‘(\[]*(\w+)", after)
        if not next_word or not (next_word.group(1)[0].isupper() or next_word.group(1)[0].isdigit()):
            continue
        if paragraph[m.start()] == ".":
            last = re.search(r"(\S+)$", before)
            token = last.group(1).lstrip("\"'“‘([") if last else ""
            if kinds.get(token) == "title" or INITIAL_RE.search(before + "."):
                continue
            if (kinds.get(token) == "other" or DOTTED_ACRONYM_RE.search(token + ".")) and next_word.group(
                1
            ) not in starters:
                continue
        spans.append((start, m.end()))
        start = m.end() + (len(paragraph[m.end() :]) - len(after))
    if paragraph[start:].strip():
        spans.append((start, len(paragraph.rstrip())))
    return spans


def split_sentences(text: str) -> list[str]:
    """Split one paragraph into sentences.

    >>> split_sentences("He met Mr. Lavrov in the U.S. Embassy. “It went well,” he said. Talks end.")
    ['He met Mr. Lavrov in the U.S. Embassy.', '“It went well,” he said.', 'Talks end.']
    """
    return [text[a:b] for a, b in _sentence_spans(text)]


def parse_text(text: str, *, has_title: bool = False) -> dict[str, object]:
    """Parse one article's raw text into header fields, body, sentences and removed boilerplate.

    Returns a dict with the header fields, ``body``, ``boilerplate`` and ``sentences``, a list of
    ``(paragraph, start, end)`` with offsets into ``body``.

    >>> parsed = parse_text("Talks Resume\\n\\nISLAMABAD: Both sides met. No deal yet.")
    >>> parsed["title"], parsed["dateline"], parsed["body"]
    ('Talks Resume', 'ISLAMABAD', 'Both sides met. No deal yet.')
    """
    header, paras = _header(paragraphs(tidy(text)), has_title)
    story, removed = split_boilerplate(paras)
    body, sentences, offset = [], [], 0
    for index, para in enumerate(story):
        sentences += [(index, offset + a, offset + b) for a, b in _sentence_spans(para)]
        body.append(para)
        offset += len(para) + 2
    return {**header, "body": "\n\n".join(body), "boilerplate": "\n".join(removed), "sentences": sentences}


# --- reading raw documents -------------------------------------------------------------------


def encoding_label(codec: str) -> str:
    """The encoding recorded in the articles table: ``utf-8`` for UTF-8 with or without a byte-order mark.

    >>> encoding_label("utf-8-sig"), encoding_label("cp1252")
    ('utf-8', 'cp1252')
    """
    return "utf-8" if codec == "utf-8-sig" else codec


def _read_bytes(path: Path, size: int = -1) -> bytes:
    """The bytes of a file (its first ``size`` bytes), with the errors of unreadable and binary files."""
    try:
        with open(path, "rb") as f:
            raw = f.read(size)
    except IsADirectoryError:
        raise InputError(path, "is a folder where a file was expected") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    if b"\x00" in raw[:SNIFF_BYTES]:
        raise InputError(path, "binary file (contains NUL bytes), not text")
    return raw


def _decode(path: Path) -> tuple[str, str]:
    raw = _read_bytes(path)
    for codec in CODECS:
        try:
            text = raw.decode(codec)
            break
        except UnicodeDecodeError:
            continue
    if not text.strip():
        raise InputError(path, "file is empty")
    return text, encoding_label(codec)


def _read_txt(path: Path, article_id: str) -> dict[str, str]:
    text, encoding = _decode(path)
    return {"article_id": article_id, "file": str(path), "text": text, "encoding": encoding}


def _records_from_rows(rows: Iterable[dict], where: Path, encoding: str, line_of=None) -> list[dict]:
    records = []
    for number, row in enumerate(rows, start=1):
        at = f"{where}:{line_of(number) if line_of else number}"
        if not isinstance(row, dict):
            raise InputError(at, "each line must be a JSON object")
        article_id = row.get("article_id", row.get("id"))
        if article_id is None or str(article_id).strip() == "":
            raise InputError(at, "row has no 'id' or 'article_id'")
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InputError(at, "row has an empty 'text'")
        record = {"article_id": str(article_id).strip(), "file": str(where), "text": text, "encoding": encoding}
        record.update({k: str(row[k]) for k in METADATA if row.get(k) not in (None, "")})
        records.append(record)
    return records


def _read_csv(path: Path) -> list[dict]:
    text, encoding = _decode(path)
    reader = csv.DictReader(io.StringIO(text))
    fields = reader.fieldnames or []
    if "text" not in fields:
        raise InputError(path, f"CSV has no 'text' column (columns: {', '.join(fields) or 'none'})")
    if "id" not in fields and "article_id" not in fields:
        raise InputError(path, "CSV has no 'id' or 'article_id' column")
    try:
        # Row 1 of the data is line 2 of the file (after the header).
        return _records_from_rows(reader, path, encoding, line_of=lambda n: f"row {n}")
    except csv.Error as err:
        raise InputError(path, f"malformed CSV ({err})") from None


def _read_jsonl(path: Path) -> list[dict]:
    text, encoding = _decode(path)
    rows, lines = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as err:
            raise InputError(f"{path}:{number}", f"malformed JSON ({err.msg})") from None
        lines.append(number)
    return _records_from_rows(rows, path, encoding, line_of=lambda n: lines[n - 1])


def _expand(inputs: Sequence[str | Path]) -> list[tuple[Path, str, Path | None]]:
    """Input paths as (file, article_id for .txt files, folder manifest)."""
    files = []
    for item in inputs:
        path = Path(item)
        if not path.exists():
            raise InputError(path, "no such file or folder")
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.txt") if p.is_file() and not p.name.startswith("."))
            if not found:
                raise InputError(path, "folder holds no .txt files")
            manifest = path / "manifest.csv"
            for p in found:
                relative = p.relative_to(path).with_suffix("").as_posix()
                files.append((p, relative, manifest if manifest.is_file() else None))
        else:
            files.append((path, path.stem, None))
    return files


def read_documents(
    inputs: str | Path | Sequence[str | Path], *, manifest: str | Path | None = None, skip_bad: bool = False
) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Read raw documents; return them with the (file, reason) pairs of those skipped.

    A folder contributes its ``.txt`` files (recursively; the id is the path inside the folder
    without ``.txt``) and its ``manifest.csv`` if it has one. Without ``skip_bad`` the first bad
    file raises :class:`InputError`; with it, bad files are listed and the rest are read.
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    if not inputs:
        raise InputError("input", "no input given")
    records, skipped, manifests = [], [], set()
    for path, article_id, folder_manifest in _expand(inputs):
        try:
            suffix = path.suffix.lower()
            if suffix == ".csv":
                records += _read_csv(path)
            elif suffix == ".jsonl":
                records += _read_jsonl(path)
            else:
                records.append(_read_txt(path, article_id))
                if folder_manifest:
                    records[-1]["manifest_key"] = path.name
                    manifests.add(folder_manifest)
        except InputError as err:
            if not skip_bad:
                raise
            skipped.append((err.where, err.reason))
    if not records:
        raise InputError(", ".join(map(str, inputs)), "no readable article")
    docs = pd.DataFrame(records)
    for extra in [Path(manifest)] if manifest else sorted(manifests):
        docs = _merge_manifest(docs, extra)
    docs = docs.drop(columns=["manifest_key"], errors="ignore")
    duplicated = docs["article_id"][docs["article_id"].duplicated()]
    if len(duplicated):
        raise InputError(docs.loc[duplicated.index[0], "file"], f"duplicate article id '{duplicated.iloc[0]}'")
    return docs, skipped


def read_manifest(path: str | Path) -> pd.DataFrame:
    """A manifest CSV: one row per article, keyed by ``file`` (a name in the folder) or ``article_id``."""
    path = Path(path)
    table = read_table(path)
    if "file" not in table.columns and "article_id" not in table.columns:
        raise InputError(path, "manifest needs a 'file' or 'article_id' column")
    return table


def _merge_manifest(docs: pd.DataFrame, path: Path) -> pd.DataFrame:
    table = read_manifest(path)
    docs = docs.copy()
    key = "file" if "file" in table.columns and "manifest_key" in docs else "article_id"
    lookup = table.set_index(key).to_dict("index")
    if "manifest_key" not in docs:
        docs["manifest_key"] = docs["article_id"]
    keys = docs["manifest_key"] if key == "file" else docs["article_id"]
    for index, k in keys.items():
        row = lookup.get(k)
        if row is None:
            continue
        for column, value in row.items():
            if value != "":
                docs.loc[index, column] = value
    return docs


# --- the tables ------------------------------------------------------------------------------


def _text(value: object) -> str:
    """A metadata value as text; missing (None, NaN: a column some rows of a table leave empty) is ''."""
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def parse_documents(docs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parse raw documents (``article_id``, ``text`` and optional metadata) into the two tables."""
    articles, sentences = [], []
    for doc in docs.to_dict("records"):
        given = {k: _text(doc.get(k)) for k in [*METADATA, "dateline", "date_source", "notes"]}
        parsed = parse_text(doc["text"], has_title=bool(given["title"]))
        row = {"article_id": doc["article_id"], "file": doc.get("file") or "", "encoding": doc.get("encoding") or ""}
        for field in ["title", "standfirst", "date", "dateline"]:
            row[field] = given.get(field) or parsed[field]
        row["date_source"] = given["date_source"] or ("input" if given["date"] else parsed["date_source"])
        row.update(outlet=given["outlet"], url=given["url"], notes=given["notes"])
        row.update(body=parsed["body"], boilerplate=parsed["boilerplate"])
        spans = parsed["sentences"]
        width = max(3, len(str(len(spans) - 1)))
        for number, (paragraph, start, end) in enumerate(spans):
            sentences.append(
                {
                    "article_id": row["article_id"],
                    "sentence_id": f"{row['article_id']}:s{number:0{width}d}",
                    "paragraph": paragraph,
                    "text": parsed["body"][start:end],
                    "start": start,
                    "end": end,
                }
            )
        row["n_paragraphs"] = len({p for p, _, _ in spans})
        row["n_sentences"] = len(spans)
        row["n_words"] = len(words(parsed["body"]))
        articles.append(row)
    articles_df = pd.DataFrame(articles, columns=ARTICLE_COLUMNS).sort_values("article_id", kind="stable")
    sentences_df = pd.DataFrame(sentences, columns=SENTENCE_COLUMNS)
    order = {a: i for i, a in enumerate(articles_df["article_id"])}
    sentences_df = sentences_df.sort_values("article_id", key=lambda s: s.map(order), kind="stable")
    sentences_df = sentences_df.astype({"paragraph": "int64", "start": "int64", "end": "int64"})
    return articles_df.reset_index(drop=True), sentences_df.reset_index(drop=True)


def load_corpus(
    inputs: str | Path | Sequence[str | Path], *, manifest: str | Path | None = None, skip_bad: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load articles and sentences from folders, ``.txt``, ``.csv`` or ``.jsonl`` files.

    Parameters
    ----------
    inputs : path or list of paths
        Folders (their ``.txt`` files, recursively, and their ``manifest.csv`` if present) and files.
    manifest : path, optional
        A CSV of metadata keyed by ``file`` or ``article_id``; its non-empty values override what
        the parser found (``date``, ``title``, ``outlet``, ...).
    skip_bad : bool
        Skip unreadable files with a warning naming each, instead of stopping at the first.

    Returns
    -------
    articles, sentences : DataFrame
        See the module docstring and ``docs/data-dictionary.md``.

    Raises
    ------
    InputError
        A missing path, an empty or binary file, a CSV without a text column, malformed JSONL, a
        duplicate id.

    >>> from analysis.paths import SEEDS
    >>> articles, sentences = load_corpus(SEEDS)
    >>> articles["article_id"].tolist()
    ['000', '001']
    """
    docs, skipped = read_documents(inputs, manifest=manifest, skip_bad=skip_bad)
    for where, reason in skipped:
        warnings.warn(f"skipped {where}: {reason}", stacklevel=2)
    return parse_documents(docs)
