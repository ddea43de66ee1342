"""Tests for analysis.actors: registry, matching rules, discovery, output contract."""

from pathlib import Path

import pandas as pd
import pytest

from analysis.actors import (
    MENTION_COLUMNS,
    actor_counts,
    add_candidate_counts,
    candidate_counts,
    candidate_table,
    candidates,
    find_mentions,
    load_registry,
    tokens,
)
from analysis.errors import InputError
from analysis.paths import BBC, SEEDS


def sents(*texts: str, article: str = "a") -> pd.DataFrame:
    """One article, one sentence per text, one paragraph per sentence, offsets into a joined body."""
    rows, start = [], 0
    for k, text in enumerate(texts):
        rows.append({"article_id": article, "sentence_id": f"{article}:s{k:03d}", "paragraph": k,
                     "text": text, "start": start, "end": start + len(text)})
        start += len(text) + 2
    return pd.DataFrame(rows)


def names(mentions: pd.DataFrame) -> list[str]:
    return mentions["name"].tolist()


# --- registry -------------------------------------------------------------------------------------

def test_registry_covers_every_un_member_state_with_iso3():
    reg = load_registry()
    states = reg[reg["type"] == "state"]
    assert len(states) == 193
    assert states["country"].str.fullmatch(r"[A-Z]{3}").all()
    assert reg["actor_id"].is_unique
    for org in ("org:UN", "org:EU", "org:NATO", "org:OIC", "org:SCO"):
        assert org in set(reg["actor_id"])


def test_user_registry_extends_and_overrides(tmp_path):
    f = tmp_path / "mine.csv"
    f.write_text("# my actors, 2005\nactor_id,name,type,country,aliases\n"
                 "person:blair,Tony Blair,person,GBR,Tony Blair|Blair\n"
                 "state:PAK,Pakistan (override),state,PAK,Pakistan\n", encoding="utf-8")
    reg = load_registry(f)
    assert {"person:blair", "state:RUS"} <= set(reg["actor_id"])
    assert reg.loc[reg["actor_id"] == "state:PAK", "name"].item() == "Pakistan (override)"
    only = load_registry(f, mode="replace")
    assert set(only["actor_id"]) == {"person:blair", "state:PAK"}
    m = find_mentions(sents("Blair spoke with Pakistan."), registry=only, discover=False)
    assert names(m) == ["Tony Blair", "Pakistan (override)"]


@pytest.mark.parametrize("text, reason", [
    ("actor_id,name\nx,X\n", "type"),
    ("actor_id,name,type\nx,X,party\n", "party"),
    ("actor_id,name,type\nx,X,state\nx,Y,state\n", "twice"),
    ("actor_id,name,type,country\nx,X,state,PK\n", "alpha-3"),
])
def test_bad_registry_raises_input_error(tmp_path, text, reason):
    f = tmp_path / "bad.csv"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=reason):
        load_registry(f)


def test_bad_options_raise():
    with pytest.raises(InputError, match="places"):
        find_mentions(sents("x"), places="sometimes")
    with pytest.raises(InputError, match="mode"):
        load_registry(mode="merge")
    with pytest.raises(InputError, match="lacks"):
        find_mentions(pd.DataFrame({"text": ["x"]}))


# --- matching rules -------------------------------------------------------------------------------

def test_tokens_cut_possessives_and_keep_dotted_acronyms():
    assert [(t.text, t.possessive) for t in tokens("Russia’s U.S. ties")] == [
        ("Russia", True), ("U.S", False), ("ties", False)]


def test_longest_match_wins():
    m = find_mentions(sents("The United States of America and the Democratic Republic of Congo met."))
    assert names(m) == ["United States", "Democratic Republic of the Congo"]


def test_titles_attach_and_spelling_variants_resolve():
    m = find_mentions(sents("Foreign Minister Shah Mehmood Qureshi called.", "FM Qureshi said so.",
                            "Shah Mahmood Qureshi agreed with Zelensky, Zelenskiy and Zelenskyy."))
    people = m[m["type"] == "person"]
    assert people["surface"].tolist()[:2] == ["Foreign Minister Shah Mehmood Qureshi", "FM Qureshi"]
    assert people["title"].tolist()[:2] == ["Foreign Minister", "FM"]
    assert people["actor_id"].nunique() == 2  # Qureshi and Zelenskyy, whatever the spelling
    assert set(people["name"]) == {"Shah Mehmood Qureshi", "Volodymyr Zelenskyy"}


def test_later_surname_resolves_to_full_name_in_same_article_only():
    s = pd.concat([sents("Gordon Brown spoke.", "Mr Brown and Brown again.", article="a"),
                   sents("Mr Brown spoke.", article="b")])
    m = find_mentions(s)
    a = m[m["article_id"] == "a"]
    assert set(a["name"]) == {"Gordon Brown"} and len(a) == 3
    assert m.loc[m["article_id"] == "b", "name"].tolist() == ["Brown"]


@pytest.mark.parametrize("text, found", [
    ("Moscow said it would reply.", ["Russia"]),
    ("Moscow's answer came late.", ["Russia"]),
    ("Talks between Kyiv and Moscow began.", ["Ukraine", "Russia"]),
    ("He flew to Moscow on Monday.", []),
    ("He lives in London.", []),
])
def test_capital_counts_only_as_an_agent(text, found):
    assert names(find_mentions(sents(text))) == found


@pytest.mark.parametrize("places, n_germany", [("drop", 0), ("flag", 1), ("keep", 1)])
def test_state_named_as_place(places, n_germany):
    m = find_mentions(sents("A factory in Germany closed."), places=places, min_confidence=0)
    assert (m["name"] == "Germany").sum() == n_germany
    if places == "flag":
        assert m["rule"].tolist() == ["place"]


@pytest.mark.parametrize("text, is_actor", [
    ("Russian troops advanced.", True),
    ("The British government agreed.", True),
    ("Russian Foreign Minister Lavrov spoke.", True),
    ("She reads Russian novels.", False),
    ("British shoppers spent more.", False),
])
def test_demonym_needs_an_agent_or_institution(text, is_actor):
    m = find_mentions(sents(text))
    assert (m["type"] == "state").any() == is_actor


def test_office_title_names_its_institution_too():
    m = find_mentions(sents("He spoke with the High Representative of the European Union."))
    assert names(m) == ["Josep Borrell", "European Union"]


def test_context_alias_needs_its_state():
    pak = find_mentions(sents("Pakistan's Foreign Office said so."))
    assert "Ministry of Foreign Affairs (Pakistan)" in names(pak)
    other = find_mentions(sents("The Foreign Office in London said so."))
    assert "Ministry of Foreign Affairs (Pakistan)" not in names(other)
    assert "Foreign Office" in names(other)  # still found, by discovery


# --- discovery ------------------------------------------------------------------------------------

def test_discovery_finds_titled_people_and_organisations():
    m = find_mentions(sents("Home Secretary Charles Clarke met the Welsh Local Government Association (WLGA).",
                            "Mr Clarke said the WLGA and Kestrel Bank agreed."))
    d = m[m["source"] == "discovered"]
    assert set(d["name"]) == {"Charles Clarke", "Welsh Local Government Association", "Kestrel Bank"}
    assert set(d.loc[d["name"] == "Charles Clarke", "type"]) == {"person"}
    assert len(d[d["name"] == "Welsh Local Government Association"]) == 3  # both acronyms resolve
    c = candidates(m)
    assert c.loc[c["name"] == "Charles Clarke", "n_mentions"].item() == 2


def test_candidates_add_up_over_chunks_of_articles():
    first = find_mentions(sents("Home Secretary Charles Clarke met Deutsche Bank.", "Mr Clarke said so."))
    second = find_mentions(sents("Charles Clarke and the Deutsche Bank board met.", article="b"))
    both = candidates(pd.concat([first, second], ignore_index=True))
    added = candidate_table(add_candidate_counts(candidate_counts(first), candidate_counts(second)))
    pd.testing.assert_frame_equal(added, both)
    clarke = both[both["name"] == "Charles Clarke"].iloc[0]
    assert (clarke["n_mentions"], clarke["n_articles"]) == (3, 2)


def test_discover_false_reports_registry_only():
    m = find_mentions(sents("Tony Blair met Vladimir Putin."), discover=False)
    assert names(m) == ["Vladimir Putin"] and set(m["source"]) == {"registry"}


# --- output contract ------------------------------------------------------------------------------

def test_offsets_slice_the_text_and_columns_are_stable():
    s = sents("Pakistan called.", "Then Sergey Lavrov replied to Pakistan.")
    m = find_mentions(s)
    assert list(m.columns) == MENTION_COLUMNS
    body = "\n\n".join(s["text"])
    assert all(body[a:b] == surf for a, b, surf in zip(m["start"], m["end"], m["surface"], strict=True))


def test_actor_counts_one_row_per_article_and_actor():
    m = find_mentions(sents("Sergey Lavrov met Lavrov's aides.", "Lavrov left."))
    c = actor_counts(m)
    assert c[["name", "n_mentions", "n_sentences", "surfaces"]].values.tolist() == [
        ["Sergey Lavrov", 3, 2, "Sergey Lavrov|Lavrov"]]


def test_empty_input_gives_empty_tables():
    m = find_mentions(sents("nothing here at all."))
    assert m.empty and list(m.columns) == MENTION_COLUMNS
    assert actor_counts(m).empty and candidates(m).empty


# --- real data ------------------------------------------------------------------------------------

def test_seed_actors_found_and_resolved():
    from analysis.corpus import load_corpus
    articles, sentences = load_corpus(SEEDS)
    m = find_mentions(sentences, articles)
    found = set(m["name"])
    expected = {"Shah Mehmood Qureshi", "Sergey Lavrov", "Dmytro Kuleba", "Imran Khan", "Vladimir Putin",
                "Volodymyr Zelenskyy", "Pakistan", "Russia", "Ukraine", "United States", "Poland", "Romania",
                "Hungary", "European Union", "Josep Borrell", "United Nations",
                "Ministry of Foreign Affairs (Pakistan)"}
    assert expected <= found
    # one Qureshi across both spellings, in both articles
    q = m[m["name"] == "Shah Mehmood Qureshi"]
    assert q["actor_id"].nunique() == 1 and set(q["article_id"]) == {"000", "001"}
    assert {"Shah Mehmood Qureshi", "Shah Mahmood Qureshi"} <= {s.split("Minister ")[-1] for s in q["surface"]}
    # nothing from the removed headline block (celebrities listed after the story)
    assert not {"Taylor Swift", "Elon Musk", "Meghan Markle", "Trump"} & found
    assert (m["source"] == "registry").all() or set(m.loc[m["source"] == "discovered", "name"]) <= {"Islamabad"}


@pytest.mark.slow
@pytest.mark.skipif(not BBC.is_dir(), reason=f"BBC corpus not found at {BBC}")
def test_discovery_works_on_bbc_politics():
    import warnings

    from analysis.corpus import load_corpus
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles, sentences = load_corpus(BBC / "politics", skip_bad=True)
    m = find_mentions(sentences, articles)
    c = candidates(m)
    top = set(c["name"].head(40))
    assert {"Tony Blair", "Gordon Brown", "Michael Howard"} <= top
    assert (m["source"] == "discovered").mean() > 0.5  # the registry knows almost nobody here


# --- chunk independence ---------------------------------------------------------------------------

# dev articles only (tests/data/bbc_actor_sample.csv and bbc_dev2_sample.csv), distinct file stems
BBC_DEV_FILES = ["politics/227.txt", "business/443.txt", "politics/101.txt", "business/324.txt",
                 "politics/015.txt", "business/092.txt"]


def _corpus_for_independence() -> tuple[pd.DataFrame, pd.DataFrame]:
    from analysis.corpus import load_corpus
    parts = [load_corpus(SEEDS)]
    if BBC.is_dir():
        parts.append(load_corpus([BBC / f for f in BBC_DEV_FILES]))
    # "Tundra" (an invented company) is a name in article y and a word in article z: evidence must not leak
    extra = [sents("Labour MPs met Zarnox.", "Then Zarnox and Mr Khodorkovsky said the Police agreed.", article="x"),
             sents("Shares in Tundra rose.", "Later Tundra said so.", article="y"),
             sents("The tundra thawed.", "More tundra melted, and tundra moss.", article="z")]
    articles = pd.concat([p[0] for p in parts], ignore_index=True)
    sentences = pd.concat([p[1] for p in parts] + extra, ignore_index=True)
    return articles, sentences


def test_mentions_of_an_article_do_not_depend_on_the_other_articles():
    """The pipeline runs articles in chunks and in parallel: the mentions of a set of articles must
    equal the concatenation of the mentions of each article processed alone."""
    articles, sentences = _corpus_for_independence()
    def by_article(m: pd.DataFrame) -> pd.DataFrame:  # articles in id order, mentions in reading order
        return m.sort_values("article_id", kind="stable").reset_index(drop=True)

    together = find_mentions(sentences, articles)
    ids = list(dict.fromkeys(sentences["article_id"]))
    alone = pd.concat([find_mentions(sentences[sentences["article_id"] == art],
                                     articles[articles["article_id"] == art]) for art in ids])
    assert len(together) > 50 and "Tundra" in set(together.loc[together["article_id"] == "y", "name"])
    # (dtype not compared: an article with no mention gives empty object columns, pandas then widens)
    pd.testing.assert_frame_equal(by_article(together), by_article(alone), check_dtype=False)
    # two chunks, processed in reverse order, give the same rows too
    chunks = pd.concat([find_mentions(sentences[sentences["article_id"].isin(c)],
                                      articles[articles["article_id"].isin(c)]) for c in (ids[1::2], ids[::2])])
    pd.testing.assert_frame_equal(by_article(together), by_article(chunks), check_dtype=False)


@pytest.mark.skipif(not BBC.is_dir(), reason=f"BBC corpus not found at {BBC}: only the seeds are checked")
def test_independence_covers_bbc_dev_articles():
    articles, _ = _corpus_for_independence()
    assert {f.split("/")[1].removesuffix(".txt") for f in BBC_DEV_FILES} <= set(articles["article_id"])


def test_lowercase_words_are_derived_from_vader_sources():
    """analysis/data/lowercase_words.csv is rebuilt exactly as its provenance header says."""
    import hashlib
    import re
    from importlib import resources

    from analysis.resources import read_table
    vader = pytest.importorskip("vaderSentiment")
    lexicon = Path(vader.__file__).parent / "vader_lexicon.txt"
    nyt = resources.files("analysis").joinpath("data", "nytEditorialSnippets_GroundTruth.txt")
    if not nyt.is_file():
        pytest.skip("nytEditorialSnippets_GroundTruth.txt not in analysis/data (the tone module ships it)")
    word = re.compile(r"[a-z]+(?:['-][a-z]+)*")
    assert hashlib.sha256(lexicon.read_bytes()).hexdigest().startswith("1ec9c6e9")
    assert hashlib.sha256(nyt.read_bytes()).hexdigest().startswith("7d8fbcce")
    words = {w for line in nyt.read_text(encoding="utf-8").splitlines()
             for w in re.findall(r"[A-Za-z]+(?:['-][A-Za-z]+)*", line.split("\t", 2)[-1]) if word.fullmatch(w)}
    words |= {e for e in (line.split("\t")[0] for line in lexicon.read_text(encoding="utf-8").splitlines())
              if word.fullmatch(e)}
    assert read_table("lowercase_words.csv")["word"].tolist() == sorted(words)


def test_common_words_are_not_proper_names_but_repeated_rare_ones_are():
    m = find_mentions(sents("Then the Opposition met Zarnox.", "Later the Opposition and Zarnox agreed."))
    assert set(m["name"]) == {"Zarnox"}


# --- round 3 rules (hand-written sentences) -------------------------------------------------------

def test_acronyms_keep_ampersands_and_the_names_joined_to_them():
    m = find_mentions(sents("Shares in AT&T fell after QRT Halvorsen and GKN said so."))
    assert {"AT&T", "QRT Halvorsen", "GKN"} <= set(names(m))
    assert "QRT" not in names(m)


def test_a_month_after_a_given_name_or_title_is_a_surname():
    m = find_mentions(sents("Theresa May spoke in May.", "Lord Justice May and Mrs May agreed."))
    people = m[m["type"] == "person"]
    assert people["surface"].tolist() == ["Theresa May", "Lord Justice May", "Mrs May"]
    assert people["title"].tolist() == ["", "Lord Justice", "Mrs"]


def test_plural_title_names_each_person():
    m = find_mentions(sents("Lord Justices Halloran and Pike dismissed the appeal."))
    assert m["surface"].tolist() == ["Lord Justices Halloran", "Pike"]
    assert set(m["type"]) == {"person"}


def test_organisation_names_run_over_and_of_the_regions_and_plural_possessives():
    m = find_mentions(sents("The Wessex College of Further and Higher Education wrote to the Office of the "
                            "Deputy Prime Minister, the Bank of Scotland and the National Farmers' Union."))
    assert {"Wessex College of Further and Higher Education", "Office of the Deputy Prime Minister",
            "Bank of Scotland", "National Farmers' Union"} <= set(m["surface"])
    # two organisations joined by "and" stay two
    two = find_mentions(sents("The Home Office and Foreign Office agreed."))
    assert two["surface"].tolist() == ["Home Office", "Foreign Office"]


def test_one_word_registry_organisation_inside_a_longer_name():
    m = find_mentions(sents("The head of the Federal Labour Agency said jobs rose."))
    assert names(m) == ["Federal Labour Agency"]


def test_generic_organisation_word_alone_resolves_or_is_dropped():
    m = find_mentions(sents("The Bank of England (BoE) held rates.", "The Bank said BoE staff agreed.",
                            "The Agency was not asked."))
    assert set(names(m)) == {"Bank of England"}
    assert sorted(m["surface"]) == ["Bank", "Bank of England", "BoE", "BoE"]


def test_one_word_name_mostly_after_a_locative_is_a_place():
    m = find_mentions(sents("A man from Thornbury was held.", "Another man from Thornbury was freed."))
    assert "Thornbury" not in names(m)
    company = find_mentions(sents("Shares in Vexcorp rose.", "Vexcorp said so.", "Vexcorp grew."))
    assert "Vexcorp" in names(company)


def test_role_before_one_unknown_word_is_no_person():
    m = find_mentions(sents("The minister's official Kent home was used.", "Mr Kent came."))
    assert m["surface"].tolist() == ["Mr Kent"]


def test_news_agencies_banks_and_unions_are_in_the_registry():
    m = find_mentions(sents("Citigroup told Reuters and the BBC Radio 4 that Unison would strike."),
                      discover=False)
    assert names(m) == ["Citigroup", "Reuters", "BBC", "Unison"]


# --- round 4 rules (hand-written sentences) -------------------------------------------------------

def test_a_title_and_a_name_end_an_organisation():
    m = find_mentions(sents("The move was backed by former Wessex Police Commissioner Sir Alan Pryce."))
    assert m["surface"].tolist() == ["Wessex Police", "Commissioner Sir Alan Pryce"]
    assert m["type"].tolist() == ["organisation", "person"]


def test_a_person_or_a_run_without_organisation_word_does_not_own_what_follows_of():
    m = find_mentions(sents("It must change, said Paul Vantner of the Harwell Council.",
                            "It was in the Quarterly Review of Wessex University."))
    assert m["surface"].tolist() == ["Paul Vantner", "Harwell Council", "Wessex University"]
    # an organisation word before "of" keeps the whole name
    assert find_mentions(sents("The Bank of Scotland agreed."))["surface"].tolist() == ["Bank of Scotland"]


def test_a_given_name_runs_over_a_one_word_registry_organisation():
    m = find_mentions(sents("Henry Ford founded Ford."))
    assert m[["surface", "type"]].values.tolist() == [["Henry Ford", "person"], ["Ford", "organisation"]]


def test_a_state_before_an_event_noun_labels_the_event():
    m = find_mentions(sents("The Iraq war hurt him.", "He spoke before the 2004 US presidential election.",
                            "Iraq said no."))
    assert m["surface"].tolist() == ["Iraq"] and m["sentence_id"].tolist() == ["a:s002"]


def test_the_government_is_the_one_state_named_just_before():
    m = find_mentions(sents("Pensioners in Britain are poor.", "The government denied it."))
    assert m[["surface", "name", "rule"]].values.tolist() == [["government", "United Kingdom", "government"]]
    two = find_mentions(sents("France and Spain met.", "The government denied it."))
    assert names(two) == ["France", "Spain"]
    far = find_mentions(sents("Pensioners in Britain are poor.", "Prices rose.", "The government denied it."))
    assert far.empty
    of = find_mentions(sents("Spain was asked.", "The aid went to the government of Zembla."))
    assert "government" not in set(of["surface"])


def test_downing_street_and_number_10_are_the_prime_ministers_office():
    m = find_mentions(sents("Downing Street said no.", "A Number 10 spokesman agreed."))
    assert set(names(m)) == {"Prime Minister's Office"} and len(m) == 2


def test_a_state_named_as_an_economy_or_before_a_public_institution():
    m = find_mentions(sents("UK house prices fell.", "It got money from the UK Treasury."))
    assert m["name"].tolist() == ["United Kingdom", "United Kingdom", "UK Treasury"]


def test_an_acronym_run_whose_last_word_a_titled_surname_repeats_is_a_person():
    m = find_mentions(sents("JP Grenfell bought shares.", "Mr Grenfell said so."))
    assert m["name"].tolist() == ["JP Grenfell", "JP Grenfell"] and set(m["type"]) == {"person"}


def test_name_particles_stay_inside_a_name():
    assert find_mentions(sents("Luis de Varga said it."))["surface"].tolist() == ["Luis de Varga"]


def test_hyphenated_adjectives_and_words_in_capitals_for_emphasis_are_no_actors():
    assert find_mentions(sents("It was a Zorbia-based group.", "Another Zorbia-based firm agreed.",
                               "He wants spending AND lower taxes.", "Zorbia-based staff")).empty


def test_round4_organisation_words_and_plural_common_words():
    m = find_mentions(sents("Shareholders United and the Department for Education and Skills met the "
                            "Economist Intelligence Unit."))
    assert m["surface"].tolist() == ["Shareholders United", "Department for Education and Skills",
                                     "Economist Intelligence Unit"]


def test_companies_of_the_sector_lists_need_no_discovery():
    m = find_mentions(sents("Ford, Toyota, HBOS, Rosneft and PepsiCo gained."), discover=False)
    assert names(m) == ["Ford", "Toyota", "HBOS", "Rosneft", "PepsiCo"]


def test_the_government_is_not_resolved_to_a_state_named_after_it_or_to_one_of_two_states():
    after = find_mentions(sents("The government acted after the attacks in Zembla and Spain."))
    assert "government" not in set(after["surface"])
    two = find_mentions(sents("In Spain, he was pelted.", "It was an attempt by the government to close it in Zembla "
                              "and France."))
    assert "government" not in set(two["surface"])


# --- review fixes after the third test round (hand-written sentences) ------------------------------

def test_a_state_that_only_labels_an_event_is_no_state_for_the_government_rule():
    m = find_mentions(sents("Critics attacked the Iraq war.", "The government said it was legal."))
    assert m.empty
    # a state named as a place still counts
    place = find_mentions(sents("Pensioners in Britain are poor.", "The government denied it."))
    assert names(place) == ["United Kingdom"] and place["rule"].tolist() == ["government"]


def test_a_title_before_a_one_word_registry_company_makes_a_person():
    m = find_mentions(sents("Mr Ford said the plan worked."))
    assert m[["surface", "type", "rule"]].values.tolist() == [["Mr Ford", "person", "title"]]
    m = find_mentions(sents("Harrison Ford said the plan worked."))
    assert m[["surface", "type"]].values.tolist() == [["Harrison Ford", "person"]]


def test_ambiguous_company_short_forms_and_sponsored_events_name_no_company():
    m = find_mentions(sents("GM crops and the PSA test were discussed in Halifax.", "Nationwide was on air.",
                            "Munster won the Heineken Cup.", "The Volvo Ocean Race starts."), discover=False)
    assert m.empty
    full = find_mentions(sents("General Motors, Heineken and Volvo gained.",
                               "Nationwide Building Society agreed."), discover=False)
    assert names(full) == ["General Motors", "Heineken", "Volvo", "Nationwide Building Society"]


def test_a_given_name_after_a_place_name_prefix_starts_no_person():
    m = find_mentions(sents("It ran in the San Francisco Chronicle.", "Santa Maria Gonzales said no."))
    assert "person" not in set(m["type"])
    assert find_mentions(sents("Maria Gonzales said no."))["surface"].tolist() == ["Maria Gonzales"]


@pytest.mark.parametrize("places, rule", [("keep", "alias"), ("flag", "place")])
def test_an_event_label_is_kept_with_its_rule_or_flagged(places, rule):
    m = find_mentions(sents("The Iraq war hurt him."), places=places, min_confidence=0)
    assert m[["name", "rule"]].values.tolist() == [["Iraq", rule]]
    # with the default min_confidence, "keep" reports it and "flag" (confidence 0.3) does not
    assert find_mentions(sents("The Iraq war hurt him."), places=places)["name"].tolist() == (
        ["Iraq"] if places == "keep" else [])


def test_actor_counts_keeps_empty_surfaces():
    m = pd.DataFrame({"article_id": ["a", "a", "b"], "sentence_id": ["a:s0", "a:s1", "b:s0"],
                      "actor_id": ["x", "x", "y"], "name": ["X", "X", "Y"], "type": ["person"] * 3,
                      "country": ["", "", ""], "surface": ["", "Mr X", ""], "source": ["discovered"] * 3})
    out = actor_counts(m)
    assert out[["actor_id", "surfaces"]].values.tolist() == [["x", "|Mr X"], ["y", ""]]


# --- round 5 (dev split only): general rules, invented names ---------------------------------------

def table(m: pd.DataFrame, *cols: str) -> list[list]:
    return m[list(cols)].values.tolist()


def test_a_states_possessive_before_a_company_names_the_company_not_the_state():
    m = find_mentions(sents("A group led by Germany's Quintarro won the contract.",
                            "Spain's Aguas de Vellora holds 25%."))
    assert table(m, "surface", "type", "rule") == [["Quintarro", "organisation", "possessor"],
                                                   ["Aguas de Vellora", "organisation", "possessor"]]
    # a person, a title, an institution or a lower-case noun after the possessive: the state stays
    keep = find_mentions(sents("Germany's John Varrick won.", "Germany's Foreign Minister Hal Orvo said.",
                               "Germany's economy grew.", "Germany's Finance Ministry acted."))
    assert names(keep).count("Germany") == 4


def test_a_company_after_a_state_abbreviation_or_possessive_drops_the_state():
    m = find_mentions(sents("Its owner is now part of the huge US Zentrix Corporation.",
                            "China's Varno Petroleum Corporation bid too."))
    assert table(m, "surface", "type") == [["Zentrix Corporation", "organisation"],
                                           ["Varno Petroleum Corporation", "organisation"]]


def test_a_state_named_before_a_ranking_or_in_a_region_is_no_actor():
    m = find_mentions(sents("Britain's biggest union said no.", "It is Russia's second-largest brewer.",
                            "It is one of the US's best-known firms.", "Talks in Northern Ireland resumed."))
    assert m.empty
    kept = find_mentions(sents("The UK's top judge spoke.", "Ireland's economy grew."))
    assert names(kept) == ["United Kingdom", "Ireland"]


def test_a_capitals_possessive_before_a_name_is_a_place():
    assert find_mentions(sents("They met at London's Varnley Cross station.")).query("type == 'state'").empty
    assert names(find_mentions(sents("Moscow's answer was swift."))) == ["Russia"]


def test_organisation_descriptors_before_and_after_a_name():
    m = find_mentions(sents("The newspaper Klarvo said it would not accept.",
                            "It sold planes to Spanish carrier Air Europe.",
                            "said Kim Dorran, an economist at Brandell World Markets.",
                            "He told the Vellmark Gazette newspaper that it was over.",
                            "It controls its Trennstrom unit."))
    orgs = m[m["type"] == "organisation"]["surface"].tolist()
    assert orgs == ["Klarvo", "Air Europe", "Brandell World Markets", "Vellmark Gazette", "Trennstrom"]
    # a given name after a descriptor is a person; a "-based" word is no name
    people = find_mentions(sents("His rival John Smith won.", "It bought the Texas-based firm."))
    assert table(people, "surface", "type") == [["John Smith", "person"]]


def test_trade_nouns_before_a_name_mark_a_person():
    m = find_mentions(sents("Beer magnate Vorak Tellani set up an airline.",
                            "It was founded by silk farmer Ganur Opinath."))
    assert table(m, "surface", "type") == [["Vorak Tellani", "person"], ["Ganur Opinath", "person"]]


def test_names_in_a_list_of_organisations_are_organisations():
    m = find_mentions(sents("The accused were Vantor Group, Zarnco, Quillbank Holdings and Brell and Dunmore."))
    m = m.sort_values("start")
    assert table(m, "surface", "rule") == [["Vantor Group", "org_word"], ["Zarnco", "list"],
                                           ["Quillbank Holdings", "org_word"], ["Brell and Dunmore", "list"]]
    # one organisation, or a person in the list: no list rule
    assert "list" not in set(find_mentions(sents("Vantor Group, Zarnco and Trevaxa gained."))["rule"])
    assert "list" not in set(find_mentions(
        sents("Vantor Group, Quillbank Holdings, Mr Zarn and Trevaxa met."))["rule"])


def test_registry_organisation_names_take_a_company_suffix_and_a_qualifying_state():
    m = find_mentions(sents("They accept JP Morgan Chase Bank and HSBC Holdings.",
                            "It faces a probe by the US Securities and Exchange Commission."))
    assert table(m, "surface", "name") == [
        ["JP Morgan Chase Bank", "JPMorgan Chase"], ["HSBC Holdings", "HSBC"],
        ["US", "United States"], ["US Securities and Exchange Commission", "Securities and Exchange Commission"]]


def test_the_white_house_is_an_organisation_and_former_starts_no_name():
    m = find_mentions(sents("Tacit approval came from the White House.", "The White House said no."))
    assert table(m, "name", "type") == [["White House", "organisation"]] * 2
    short = find_mentions(sents("Former Cabinet minister Jo Varden spoke."))
    assert short["surface"].tolist() == ["Cabinet", "Jo Varden"]


# --- round 6 (dev split only) ---------------------------------------------------------------------

def test_a_sentence_adverb_starts_no_name():
    m = find_mentions(sents("Yet Tomas Verrill, an analyst at Drennick Capital, said it was risky.",
                            "Nevertheless Ivo Brandt, the chief economist, said no."))
    assert "Tomas Verrill" in names(m) and "Ivo Brandt" in names(m)
    assert not any(n.startswith(("Yet", "Nevertheless")) for n in names(m))


def test_abbreviations_of_things_are_no_organisations():
    m = find_mentions(sents("Fears over BSE hit sales of HDTV sets and GSM phones.",
                            "Two soldiers went AWOL before their GCSE results came out."))
    assert m.empty


def test_an_organisation_name_ends_where_a_full_name_starts():
    m = find_mentions(sents("The head of aerospace group Zentrix Philippe Marlot is to leave.",
                            "Mr Marlot said so."))
    assert table(m, "surface", "name") == [["Zentrix", "Zentrix"], ["Philippe Marlot", "Philippe Marlot"],
                                           ["Mr Marlot", "Philippe Marlot"]]
    # a place-name prefix before the given name is part of the organisation's name
    saint = find_mentions(sents("It was done by security firm Saint Bernard Quorvo."))
    assert saint["surface"].tolist() == ["Saint Bernard Quorvo"]


def test_an_ampersand_joins_an_organisation_name():
    m = find_mentions(sents("The state firm, Coal & Natural Vapour Corp (CNVC), bid.", "CNVC said no."))
    assert m["name"].unique().tolist() == ["Coal & Natural Vapour Corp"]
    assert m["surface"].tolist() == ["Coal & Natural Vapour Corp", "CNVC", "CNVC"]


def test_peers_and_titled_names_resolve_to_the_full_name():
    m = find_mentions(sents("Jim Harrowby led the party.", "He became Lord Harrowby of Dunmere in 1987.",
                            "He sat for Dunmere seats and Dunmere voters loved him.",
                            "Julio De Vasto spoke.", "Mr De Vasto left.",
                            "Auditor General Sir John Pellow wrote it.", "Sir John said it was late."))
    assert m.groupby("name")["surface"].apply(list).to_dict() == {
        "Jim Harrowby": ["Jim Harrowby", "Lord Harrowby of Dunmere"],
        "Julio De Vasto": ["Julio De Vasto", "Mr De Vasto"],
        "John Pellow": ["General Sir John Pellow", "Sir John"]}


def test_a_title_then_sir_is_one_title_and_the_same_person_as_sir():
    m = find_mentions(sents("Auditor General Sir John Bourn wrote it.", "Sir John Bourn said no."))
    assert m["actor_id"].unique().tolist() == ["disc:john_bourn"]
    assert m["title"].tolist() == ["General Sir", "Sir"]


@pytest.mark.parametrize("texts, found", [
    # a titled surname of two words: the nearest person named in full before it
    (["Maria De Vasto spoke.", "Julio De Vasto spoke.", "Mr De Vasto left."],
     ["Maria De Vasto", "Julio De Vasto", "Julio De Vasto"]),
    # a peer: the one person named in full with the surname, and no woman for a lord
    (["Glenys Kinnock spoke.", "Lord Kinnock of Bedwellty said no."], ["Glenys Kinnock", "Kinnock of Bedwellty"]),
    (["Glenys Kinnock spoke.", "Lord Kinnock said no."], ["Glenys Kinnock", "Kinnock"]),
    (["Margaret Thatcher spoke.", "Her son Mark Thatcher was held.", "Baroness Thatcher of Kesteven said no."],
     ["Margaret Thatcher", "Mark Thatcher", "Thatcher of Kesteven"]),
    (["Margaret Thatcher spoke.", "Baroness Thatcher of Kesteven said no.", "Her son Mark Thatcher was held."],
     ["Margaret Thatcher", "Margaret Thatcher", "Mark Thatcher"]),
    # "Sir John": the nearest Sir John named in full, before any person with the surname John
    (["Sir John Stevens spoke.", "Sir John Bourn spoke.", "Later Sir John said no."],
     ["John Stevens", "John Bourn", "John Bourn"]),
    (["Barry John spoke.", "Sir John Bourn wrote it.", "Sir John said no."],
     ["Barry John", "John Bourn", "John Bourn"]),
])
def test_a_titled_name_resolves_to_the_right_person_named_in_full(texts, found):
    assert names(find_mentions(sents(*texts))) == found


def test_a_first_name_after_a_family_noun_is_no_actor():
    m = find_mentions(sents("He died days after his wife Orlaith.", "The death of his wife Orlaith hurt him."))
    assert m.empty


def test_peoples_ideologies_and_numbered_things_are_no_actors():
    m = find_mentions(sents("Millions of Ethiopians need food, and Ethiopians farm.",
                            "Fans of Thatcherism and Blairism left; Thatcherism lost.",
                            "The firm used Chapter 11 protection; Chapter 11 helped.",
                            "Sales of Zorbox 2 rose as Zorbox 360 came out."))
    assert m.empty


def test_states_listed_after_a_place_are_places():
    m = find_mentions(sents("Investors in the UK, Holland and Luxembourg hold 1%.",
                            "It bought assets in countries including Vietnam, Sudan and Russia.",
                            "It left Uzbekistan and Belarus.", "France and Germany agreed."))
    assert m["surface"].tolist() == ["Uzbekistan", "Belarus", "France", "Germany"]


@pytest.mark.parametrize("text, found", [
    ("At talks in France, Germany said it would veto the plan.", ["Germany"]),
    ("After the summit in Russia, China and India signed a deal.", ["China", "India"]),
    ("Sales rose in Japan, and China cut rates.", ["China"]),
    ("After talks in Russia and China signed a deal.", ["China"]),
    # a list of places, whatever follows it when the sentence opens with its subject
    ("It has factories in Japan, China and Vietnam.", []),
    ("Investors in the UK, Holland and Luxembourg have about 1% each.", []),
    ("Slowdowns in the US and China could hit exports.", []),
    ("It sells in France, Germany or Italy.", []),
])
def test_a_comma_or_a_verb_ends_a_list_of_places(text, found):
    assert names(find_mentions(sents(text))) == found
