"""The corpus layer: parsing the seeds, general boilerplate rules, encodings, inputs and errors."""

import hashlib
import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.corpus import (
    ARTICLE_COLUMNS,
    SENTENCE_COLUMNS,
    load_corpus,
    paragraphs,
    parse_text,
    read_documents,
    split_boilerplate,
    split_sentences,
    words,
)
from analysis.errors import InputError
from analysis.paths import SEEDS

# --- the seeds, counted by hand --------------------------------------------------------------

# 000: the file has 13 paragraphs (one per line, blank lines between); the last holds two sentences.
# 001: 10 text lines = title + standfirst + 8 body paragraphs; then the '-' line and 16 headlines.
SEED_SHAPE = {"000": (13, 14), "001": (8, 16)}


def test_seed_tables_have_the_documented_columns(seeds):
    articles, sentences = seeds
    assert list(articles.columns) == ARTICLE_COLUMNS
    assert list(sentences.columns) == SENTENCE_COLUMNS
    assert articles["article_id"].tolist() == ["000", "001"]


@pytest.mark.parametrize("article_id", ["000", "001"])
def test_seed_paragraph_and_sentence_counts(seeds, article_id):
    articles, sentences = seeds
    row = articles.set_index("article_id").loc[article_id]
    assert (row["n_paragraphs"], row["n_sentences"]) == SEED_SHAPE[article_id]
    mine = sentences[sentences["article_id"] == article_id]
    assert len(mine) == row["n_sentences"]
    assert mine["paragraph"].nunique() == row["n_paragraphs"]


def test_seed_000_header_date_and_dateline(seeds):
    row = seeds[0].set_index("article_id").loc["000"]
    assert row["date"] == "2022-03-06"
    assert row["dateline"] == "ISLAMABAD"
    assert row["title"] == ""
    assert row["body"].startswith("Pakistan in its first contact with Russia")
    assert "date 2022" not in row["body"] and "ISLAMABAD" not in row["body"]


def test_seed_001_title_standfirst_and_inferred_date(seeds):
    row = seeds[0].set_index("article_id").loc["001"]
    assert row["title"] == "Qureshi underscores de-escalation in talks with Ukrainian counterpart"
    assert row["standfirst"].startswith("FM Qureshi informs Ukrainian FM that PM Imran Khan")
    assert row["standfirst"].endswith("between Russia and Ukraine”")
    assert row["dateline"] == "ISLAMABAD"
    assert (row["date"], row["date_source"][:8]) == ("2022-02-27", "inferred")
    assert row["body"].startswith("Foreign Minister Shah Mahmood Qureshi underscored")


SEED_SENTENCES = {
    "000:s000": "Pakistan in its first contact with Russia after the recently concluded Prime Minister Imran "
    "Khan’s visit to Moscow, reiterated Pakistan’s policy on the continuing conflict between Russia and "
    "Ukraine saying it was a matter of ‘concern’.",
    "000:s002": "Pakistan, much to the annoyance of western capitals, refused to take sides in this European "
    "conflict and also stepped back from condemning Russia.",
    "000:s012": "Qureshi also apprised the Russian foreign minister of his recent phone conversations with the "
    "foreign ministers of Ukraine, Poland, Romania and Hungary and with the High Representative of the "
    "European Union, in which he had shared Pakistan’s principled position and stressed the importance of "
    "finding a solution through dialogue and diplomacy.",
    "000:s013": "Both sides said the Foreign Office would remain in touch.",
    "001:s001": "“Foreign Minister Qureshi shared Pakistan’s perspective in detail, reiterating serious concern "
    "at the situation, underscoring the importance of de-escalation, and stressing the indispensability of "
    "diplomacy,” said the Foreign Office spokesperson about Pakistan’s top diplomat’s telephonic "
    "conversation with Ukraine’s Kuleba.",
    "001:s003": "He added that the Pakistani premier “had hoped diplomacy could avert a military conflict”.",
    "001:s004": "“Conflict was not in anyone’s interest, and that the developing countries were always hit "
    "the hardest economically, in case of conflict,” said Qureshi.",
    "001:s010": "Dozens have been reported killed.",
    "001:s015": "The capital Kyiv is still in Ukrainian government hands, with President Volodymyr Zelenskiy "
    "rallying his people despite Russian shelling of civilian infrastructure.",
}


@pytest.mark.parametrize("sentence_id", sorted(SEED_SENTENCES))
def test_seed_sentence_texts(seeds, sentence_id):
    text = seeds[1].set_index("sentence_id").loc[sentence_id, "text"]
    assert text == SEED_SENTENCES[sentence_id]


def test_seed_offsets_slice_the_body(seeds):
    articles, sentences = seeds
    bodies = articles.set_index("article_id")["body"]
    for row in sentences.itertuples():
        assert bodies[row.article_id][row.start : row.end] == row.text


def test_headline_block_is_removed_and_kept(seeds):
    articles, sentences = seeds
    block = articles.set_index("article_id").loc["001", "boilerplate"].split("\n")
    assert block[0] == "-"
    assert len(block) == 17
    assert block[-1] == "Charlize Theron Delivers Strong Message At 2026 Winter Olympics Opening Ceremony"
    analysed = " ".join(sentences["text"])
    for word in ["Meghan", "Super Bowl", "Galileo", "Taylor Swift", "Charlize", "Epstein", "2026"]:
        assert word not in analysed
    assert articles.set_index("article_id").loc["000", "boilerplate"] == ""


def test_both_spellings_of_qureshi_survive(seeds):
    text = seeds[1].groupby("article_id")["text"].apply(" ".join)
    assert "Shah Mehmood Qureshi" in text["000"]
    assert "Shah Mahmood Qureshi" in text["001"]


def test_word_counts_match_the_tokenizer(seeds):
    articles, _ = seeds
    for row in articles.itertuples():
        assert row.n_words == len(words(row.body))


# --- sentence splitting ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Blair met Dr. Jones and Mrs. Smith in London.",
        "He met officials at the U.S. Embassy in Kabul.",
        "The vote is on Dec. 19 in the capital.",
        "He lives at No. 10 Downing Street.",
        "The author J. K. Rowling spoke.",
        "“We support de-escalation,” said the spokesperson.",
        "Growth was 3.5% in the year.",
        "Is it over? not yet, he said.",
    ],
)
def test_abbreviations_and_quotes_do_not_split(text):
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks failed. New talks begin.", ["Talks failed.", "New talks begin."]),
        ("Aid arrived in the U.S. The talks went on.", ["Aid arrived in the U.S.", "The talks went on."]),
        (
            "He “regretted the situation”. “Conflict helps nobody,” he said.",
            ["He “regretted the situation”.", "“Conflict helps nobody,” he said."],
        ),
        ("“We will win.” He left.", ["“We will win.”", "He left."]),
        ("Why? Because 100,000 people fled.", ["Why?", "Because 100,000 people fled."]),
    ],
)
def test_sentence_boundaries(text, expected):
    assert split_sentences(text) == expected


# --- boilerplate: general rules, not cuts made for one file -----------------------------------

STORY = ["Ministers met on Monday to discuss the budget.", "The talks will resume next week, officials said."]


@pytest.mark.parametrize(
    "tail",
    [
        ["Read more:", "Budget Row Deepens As Talks Stall", "Minister Quits Over Leak"],
        ["Also read", "Budget Row Deepens"],
        ["RELATED STORIES: Budget Row Deepens"],
        ["***", "Budget Row Deepens", "Minister Quits Over Leak"],
        ["Budget Row Deepens -", "Minister Quits Over Leak -", "Star Weds In Secret Ceremony -"],
    ],
)
def test_trailing_link_blocks_are_removed(tail):
    story, removed = split_boilerplate(STORY + tail)
    assert story == STORY
    assert removed == tail


def test_a_mid_article_read_more_line_is_removed():
    paras = [STORY[0], "Read more: Budget Row Deepens", STORY[1]]
    assert split_boilerplate(paras) == (STORY, ["Read more: Budget Row Deepens"])


@pytest.mark.parametrize(
    "paras",
    [
        STORY,
        [*STORY, "***", "The minister later said she would stay on. Aides agreed."],
        ["Related to the budget, ministers said little.", *STORY],
        [*STORY, "Read more about the budget in our guide to the spending review."],
        [*STORY, "Officials Deny Leak -", "The leak, the ministry said, came from abroad."],
        [*STORY, "Reporting by Jane Smith"],
        ["-", *STORY],
    ],
)
def test_real_paragraphs_are_never_removed(paras):
    story, removed = split_boilerplate(paras)
    for para in paras:
        if para.endswith("."):
            assert para in story
    assert len(story) + len(removed) == len(paras)


def test_two_headline_lines_without_separator_are_kept():
    # Fewer than three dashed headline lines and no separator: not enough evidence of a link block.
    paras = [*STORY, "Budget Row Deepens -", "Minister Quits -"]
    assert split_boilerplate(paras)[0] == paras


# --- text hygiene, encodings and inputs -------------------------------------------------------


def test_paragraph_rules():
    assert paragraphs("A line\nwrapped.\n\nNext one.") == ["A line wrapped.", "Next one."]
    assert paragraphs("First.\nSecond.") == ["First.", "Second."]


def test_nfc_and_whitespace_are_tidied_before_offsets():
    parsed = parse_text("Cafe\u0301   owners\tmet.  Prices\u00a0rose &amp; fell.")
    assert parsed["body"] == "Café owners met. Prices rose & fell."
    assert [parsed["body"][a:b] for _, a, b in parsed["sentences"]] == ["Café owners met.", "Prices rose & fell."]


def test_latin1_file_loads(tmp_path):
    (tmp_path / "old.txt").write_bytes("Price rise\n\nIt costs \xa3300 \x96 a \x93record\x94.".encode("latin-1"))
    articles, sentences = load_corpus(tmp_path)
    assert articles.loc[0, "encoding"] == "cp1252"
    assert sentences.loc[0, "text"] == "It costs £300 – a “record”."


def test_bbc_sport_199_is_latin1_and_loads(bbc_root):
    articles, _ = load_corpus([bbc_root / "sport" / "199.txt"])
    assert articles.loc[0, "encoding"] == "cp1252"
    assert "£" in articles.loc[0, "body"]


@pytest.mark.slow
def test_the_whole_bbc_corpus_loads(bbc):
    articles, sentences = bbc
    assert len(articles) == 2225
    assert articles["article_id"].is_unique
    assert (articles["n_sentences"] > 0).all()
    assert (articles["title"] != "").all()
    assert articles["article_id"].str.split("/").str[0].value_counts().to_dict() == {
        "business": 510,
        "sport": 511,
        "politics": 417,
        "tech": 401,
        "entertainment": 386,
    }
    bodies = articles.set_index("article_id")["body"]
    sample = sentences.sample(2000, random_state=0)
    assert all(bodies[r.article_id][r.start : r.end] == r.text for r in sample.itertuples())


def test_csv_and_jsonl_inputs(tmp_path):
    pd.DataFrame(
        {
            "id": ["b", "a"],
            "text": ["Body of b. Second.", "Body of a."],
            "title": ["B", ""],
            "outlet": ["Dawn", "Reuters"],
        }
    ).to_csv(tmp_path / "c.csv", index=False)
    articles, sentences = load_corpus(tmp_path / "c.csv")
    assert articles["article_id"].tolist() == ["a", "b"]
    assert articles.set_index("article_id").loc["b", ["title", "outlet", "n_sentences"]].tolist() == ["B", "Dawn", 2]
    lines = [json.dumps({"article_id": 7, "text": "Seven. Eight.", "date": "2022-02-27"})]
    (tmp_path / "j.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, sentences = load_corpus(tmp_path / "j.jsonl")
    assert articles.loc[0, ["article_id", "date", "date_source"]].tolist() == ["7", "2022-02-27", "input"]
    assert sentences["sentence_id"].tolist() == ["7:s000", "7:s001"]


def test_manifest_overrides_parsed_metadata(tmp_path):
    (tmp_path / "x.txt").write_text("Some Title\n\nBody text here.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("article_id,file,outlet,date\nX1,x.txt,Dawn,2022-03-01\n", encoding="utf-8")
    articles, _ = load_corpus(tmp_path)
    assert articles.loc[0, ["article_id", "title", "outlet", "date"]].tolist() == [
        "X1",
        "Some Title",
        "Dawn",
        "2022-03-01",
    ]


def _bad(tmp_path):
    cases = {}
    (tmp_path / "empty.txt").write_bytes(b"")
    cases["empty"] = (tmp_path / "empty.txt", "file is empty")
    (tmp_path / "blob.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    cases["binary"] = (tmp_path / "blob.txt", "binary file")
    (tmp_path / "notext.csv").write_text("id,body\n1,hello\n", encoding="utf-8")
    cases["csv"] = (tmp_path / "notext.csv", "no 'text' column")
    (tmp_path / "broken.jsonl").write_text('{"id": 1, "text": "ok"}\n{"id": 2, "text": \n', encoding="utf-8")
    cases["jsonl"] = (f"{tmp_path / 'broken.jsonl'}:2", "malformed JSON")
    cases["missing"] = (tmp_path / "nope", "no such file or folder")
    return cases


@pytest.mark.parametrize("case", ["empty", "binary", "csv", "jsonl", "missing"])
def test_bad_inputs_raise_a_clear_error(tmp_path, case):
    path, reason = _bad(tmp_path)[case]
    target = str(path).rsplit(":", 1)[0] if case == "jsonl" else path
    with pytest.raises(InputError) as err:
        load_corpus(target)
    assert err.value.where == str(path)
    assert reason in err.value.reason


def test_one_bad_file_in_a_folder_stops_or_is_skipped(tmp_path):
    (tmp_path / "a.txt").write_text("Good article. It has text.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_text("Another good one.", encoding="utf-8")
    with pytest.raises(InputError, match=r"b\.txt: file is empty"):
        load_corpus(tmp_path)
    docs, skipped = read_documents(tmp_path, skip_bad=True)
    assert docs["article_id"].tolist() == ["a", "c"]
    assert skipped == [(str(tmp_path / "b.txt"), "file is empty")]
    with pytest.warns(UserWarning, match="skipped .*b.txt"):
        load_corpus(tmp_path, skip_bad=True)


def test_duplicate_ids_are_an_error(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "a.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    with pytest.raises(InputError, match="duplicate article id 'a'"):
        load_corpus([tmp_path / "a.txt", tmp_path / "one" / "a.txt"])


def test_loading_never_modifies_inputs():
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS.iterdir()}
    load_corpus(SEEDS)
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS.iterdir()} == before


# --- properties ---------------------------------------------------------------------------------

news_text = st.text(
    alphabet=st.sampled_from(list("abcXYZ .,!?;:'\"“”‘’-\n\t\u00a0\u0301é£0123456789")) | st.characters(), max_size=400
)


@settings(max_examples=300, deadline=None)
@given(news_text)
def test_parser_never_crashes_and_offsets_slice_back(text):
    parsed = parse_text(text)
    body = parsed["body"]
    for _, start, end in parsed["sentences"]:
        piece = body[start:end]
        assert piece and piece == piece.strip()
    covered = " ".join(body[a:b] for _, a, b in parsed["sentences"])
    assert words(covered) == words(body)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Mr.", "U.S.", "Dr.", "He", "said", "no.", "“Yes,”", "It", "ended.", "Why?"]),
        min_size=1,
        max_size=30,
    )
)
def test_sentences_partition_the_words(tokens):
    text = " ".join(tokens)
    assert words(" ".join(split_sentences(text))) == words(text)


def test_metadata_missing_in_some_rows_is_empty_not_nan(tmp_path):
    lines = [json.dumps({"id": "a", "text": "One.", "title": "T"}), json.dumps({"id": "b", "text": "Two."})]
    (tmp_path / "m.jsonl").write_text("\n".join(lines), encoding="utf-8")
    articles, _ = load_corpus(tmp_path / "m.jsonl")
    assert articles["title"].tolist() == ["T", ""]
