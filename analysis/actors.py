"""Actors: who a story names, resolved to canonical actors.

:func:`find_mentions` reads the sentences (and the title and standfirst) of each article and
returns one row per actor mention, keyed by ``article_id`` and ``sentence_id`` and traceable to the
exact characters (``surface``, ``start``, ``end``). Actors come from two sources:

- **registry**: the actor registry ``analysis/data/actors.csv`` (states with their demonyms and
  capital-city metonyms, international organisations, office-holders), extended or replaced by a
  user's file through :func:`load_registry`;
- **discovered**: names the registry does not know, found by context (a title or role before a
  capitalised name, a common given name, a reporting verb or a role apposition around a name, an
  organisation word such as Ministry or Party, an organisation descriptor such as "newspaper" or "firm",
  a state's possessive before a company, a list of organisations, an acronym, a capitalised word the
  article uses as a proper name), so that a researcher sees who is missing (:func:`candidates`).

Each article's mentions depend only on that article, the registry and the packaged data files, so
a corpus may be processed in any chunks, in any order, in parallel.

The matching rules (longest match wins, titles attach to the person, later surnames resolve to the
full name, spelling variants are aliases, capitals count only as agents, states after a locative
preposition are places) are documented in ``docs/actors.md``.

>>> import pandas as pd
>>> s = pd.DataFrame({"article_id": ["a"], "sentence_id": ["a:s000"], "paragraph": [0],
...                   "text": ["Moscow said Russia would talk to the UN."], "start": [0], "end": [40]})
>>> find_mentions(s)["name"].tolist()
['Russia', 'Russia', 'United Nations']
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from analysis.errors import InputError
from analysis.resources import read_table

REGISTRY_FILE = "actors.csv"
CUES_FILE = "actor_cues.csv"
GIVEN_NAMES_FILE = "given_names.csv"
COMMON_WORDS_FILE = "lowercase_words.csv"
REGISTRY_COLUMNS = ["actor_id", "name", "type", "country", "role", "aliases", "demonyms", "metonyms", "context"]
ACTOR_TYPES = ("person", "organisation", "state")
MENTION_COLUMNS = [
    "article_id", "sentence_id", "paragraph", "field", "actor_id", "name", "type", "country",
    "surface", "title", "start", "end", "source", "rule", "confidence",
]
PLACES = ("drop", "flag", "keep")
FIELDS = ("title", "standfirst", "body")

# How sure each rule is that it found an actor. Set by hand from the rules' logic, then checked on
# the dev split of the BBC actor sample (benchmarks/validate_actors.py): registry names, titled
# names, given-name pairs and organisation-word sequences were almost always right; acronyms and
# corpus-proper words are the noisy rules.
RULE_CONFIDENCE = {
    "alias": 1.0, "demonym": 0.9, "metonym": 0.9, "place": 0.3,
    "title": 0.9, "given_name": 0.85, "speaker": 0.8, "org_word": 0.8, "surname": 0.85,
    "acronym": 0.6, "proper_word": 0.5, "government": 0.7,
    "descriptor": 0.7, "possessor": 0.7, "list": 0.6,
}
# Mentions at or above this confidence are reported by default (chosen on the dev split).
MIN_CONFIDENCE = 0.5
# A capitalised word counts as a proper name (rule ``proper_word``) when at least this share of its
# occurrences in the article are capitalised in mid-sentence, and its lower-case form is not in
# COMMON_WORDS_FILE (common English words: "Police", "Minister"). Chosen by hand; 0.9 tolerates a
# headline-case use. Evidence is read within one article only (chunk independence): the corpus-wide
# count used before 2026-11 made an article's mentions depend on the other articles processed with it.
PROPER_SHARE = 0.9
# ... and when the article uses it at least this many times (one passing use is too weak). A
# single use of a word absent from the common-word list was tried as enough on its own, on the dev
# split: it found places far more than actors (precision 0.812 -> 0.740, recall 0.830 -> 0.871).
PROPER_MIN_IN_ARTICLE = 2
# Longest capitalised name sequence a discovery rule takes (tokens).
MAX_NAME_TOKENS = 6
# Tokens between a demonym and the noun that makes it an agent ("Russian foreign minister").
DEMONYM_WINDOW = 2
# Rule ``speaker``: longest name it takes after a reporting verb or before a role apposition, and
# how many words of the apposition it reads for a role noun ("Ruhi Dogusoy, Turkcell's chief
# operating officer": 4). Chosen by hand from English news style, checked on the dev split.
SPEAKER_MAX_TOKENS = 4
APPOSITION_WINDOW = 5

# Adverbs that may stand between a subject and its verb ("China also said"; _verb_after).
SENTENCE_ADVERBS = frozenset("also still now then not only just already yet too even again".split())
# Words after a state's name that do not make the name a modifier ("the UK and France", "the US
# is"): English conjunctions, auxiliaries, prepositions and adverbs that follow a subject or an object.
FUNCTION_WORDS = frozenset(
    "and or but nor to of in on at for with by from as than that which who whom whose where when while if "
    "is are was were be been being has have had do does did will would shall should can could may might must "
    "instead itself alone".split()) | SENTENCE_ADVERBS
# Finite auxiliaries (rule "states listed after a place", _verb_after): the cues' agent_verb list holds
# is/was/has/had/will/would and the modals.
FINITE_AUXILIARIES = frozenset("are were have do does did can shall".split())
TOKEN_RE = re.compile(r"\w+(?:[’'\-.&]\w+)*")
# "Brussels-based", "Labour-led": an adjective made from a name, not a name
HYPHEN_SUFFIX_RE = re.compile(r"-[a-z]+$")
POSSESSIVE = ("’s", "'s", "’", "'")
NAME_PARTICLES = frozenset({"de", "da", "di", "del", "della", "van", "von", "der", "den", "le", "la", "bin", "ibn"})
CONNECTORS = frozenset({"of", "for", "&", "de", "du", "la", "le", "von", "van", "der", "al", "bin"})
OPENERS = "“\"‘'(:[—–-"


class Token(NamedTuple):
    """A word token: ``text`` (a possessive cut off), character offsets ``start``/``end``,
    ``initial`` (starts the sentence or a quotation: capitals there are not evidence of a name),
    ``possessive``, and two flags derived from the text, ``capitalised`` and ``isupper_word`` (an
    all-capital word of two letters or more). Made by :func:`tokens`. A named tuple, filled once:
    recognition builds and reads millions of them (a dataclass with properties was the main cost).
    """

    text: str
    start: int
    end: int
    initial: bool
    possessive: bool
    capitalised: bool
    isupper_word: bool


POSSESSIVE_S = POSSESSIVE[:2]  # "’s", "'s": cut off a token; a bare apostrophe is not
POSSESSIVE_GAPS = ("'s ", "’s ")  # a possessive then one space: "Germany's Siemens"
# determiners before "<Name> <descriptor>" ("the Evening Standard newspaper", "its Clearstream unit")
POST_DETERMINERS = frozenset({"the", "its", "their", "his", "her"})
_new_token = tuple.__new__  # builds a Token from a tuple without the Python-level NamedTuple constructor
SENTENCE_END_RE = re.compile(r"[.!?]\s")
OPENER_RE = re.compile("[" + re.escape(OPENERS) + "]")


def tokens(text: str) -> list[Token]:
    """Word tokens with character offsets; a possessive ``'s`` is cut off and flagged.

    >>> [t.text for t in tokens("Russia’s U.S. envoy")]
    ['Russia', 'U.S', 'envoy']
    """
    out: list[Token] = []
    append = out.append
    prev_end = -1
    for start, end in [m.span() for m in TOKEN_RE.finditer(text)]:
        word = text[start:end]
        if prev_end < 0:
            initial = True
        elif prev_end == start - 1 and text[prev_end] == " ":  # the usual gap: one space
            initial = False
        else:
            gap = text[prev_end:start]
            initial = bool(OPENER_RE.search(gap) or SENTENCE_END_RE.search(gap))
        prev_end = end
        if len(word) > 2 and word[-2:] in POSSESSIVE_S:
            word = word[:-2]
            append(_new_token(Token, (word, start, end - 2, initial, True, word[:1].isupper(),
                                      len(word) > 1 and word.isupper())))
        else:
            append(_new_token(Token, (word, start, end, initial, False, word[:1].isupper(),
                                      len(word) > 1 and word.isupper())))
    return out


def _key(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in tokens(text))


# --------------------------------------------------------------------------------------------------
# Registry


def _split(cell: str) -> list[str]:
    return [x.strip() for x in str(cell).split("|") if x.strip()]


def _validate_registry(table: pd.DataFrame, where: str) -> pd.DataFrame:
    missing = [c for c in ("actor_id", "name", "type") if c not in table.columns]
    if missing:
        raise InputError(where, f"actor registry lacks column(s) {', '.join(missing)}; "
                                f"expected {', '.join(REGISTRY_COLUMNS)}")
    table = table.copy()
    for col in REGISTRY_COLUMNS:
        if col not in table.columns:
            table[col] = ""
    table = table[REGISTRY_COLUMNS].fillna("").astype(str)
    bad = table[~table["type"].isin(ACTOR_TYPES)]
    if len(bad):
        raise InputError(where, f"actor {bad['actor_id'].iloc[0]!r} has type {bad['type'].iloc[0]!r}; "
                                f"expected one of {', '.join(ACTOR_TYPES)}")
    if (table["actor_id"] == "").any() or (table["name"] == "").any():
        raise InputError(where, "every actor needs an actor_id and a name")
    dup = table["actor_id"][table["actor_id"].duplicated()]
    if len(dup):
        raise InputError(where, f"actor_id {dup.iloc[0]!r} appears twice")
    bad_country = table[(table["country"] != "") & ~table["country"].str.fullmatch(r"[A-Z]{3}")]
    if len(bad_country):
        raise InputError(where, f"actor {bad_country['actor_id'].iloc[0]!r}: country "
                                f"{bad_country['country'].iloc[0]!r} is not an ISO 3166 alpha-3 code")
    return table.reset_index(drop=True)


@lru_cache(maxsize=1)
def _default_registry() -> pd.DataFrame:
    return _validate_registry(read_table(REGISTRY_FILE), f"analysis/data/{REGISTRY_FILE}")


def load_registry(path: str | Path | None = None, *, mode: str = "extend") -> pd.DataFrame:
    """The actor registry: the packaged one, extended or replaced by the user's CSV file.

    Parameters
    ----------
    path : a CSV file with the registry's columns (``actor_id, name, type`` required; ``country,
        role, aliases, demonyms, metonyms, context`` optional; ``|`` separates several forms), with
        or without a ``#`` provenance header. None gives the packaged registry.
    mode : "extend" adds the user's rows to the packaged registry, a row with an existing
        ``actor_id`` replacing the packaged one; "replace" uses the user's rows alone.

    >>> reg = load_registry()
    >>> reg.loc[reg["actor_id"] == "state:PAK", "demonyms"].item()
    'Pakistani'
    """
    if mode not in ("extend", "replace"):
        raise InputError("load_registry", f"mode must be 'extend' or 'replace', not {mode!r}")
    default = _default_registry()
    if path is None:
        return default.copy()
    user = _validate_registry(read_table(Path(path)), str(path))
    if mode == "replace":
        return user
    kept = default[~default["actor_id"].isin(set(user["actor_id"]))]
    return pd.concat([kept, user], ignore_index=True)


@dataclass
class _Entry:
    actor_id: str
    kind: str  # alias | demonym | metonym
    context: str


@dataclass
class _Index:
    actors: dict[str, dict]
    by_first: dict[str, list[tuple[tuple[str, ...], list[_Entry]]]]
    state_of: dict[str, str] = field(default_factory=dict)
    peoples: frozenset[str] = frozenset()  # plurals of one-word demonyms ("Ethiopians"): peoples, not actors


def _build_index(registry: pd.DataFrame) -> _Index:
    forms: dict[tuple[str, ...], list[_Entry]] = defaultdict(list)
    actors = {}
    for row in registry.to_dict("records"):
        actors[row["actor_id"]] = row
        seen = set()
        for kind, cells in (("alias", [row["name"], *_split(row["aliases"])]),
                            ("demonym", _split(row["demonyms"])), ("metonym", _split(row["metonyms"]))):
            for form in cells:
                key = _key(form)
                if key and (key, kind) not in seen:
                    seen.add((key, kind))
                    forms[key].append(_Entry(row["actor_id"], kind, row["context"]))
    by_first: dict[str, list] = defaultdict(list)
    for key, entries in forms.items():
        by_first[key[0]].append((key, entries))
    for lst in by_first.values():
        lst.sort(key=lambda x: -len(x[0]))
    state_of = {r["country"]: r["actor_id"] for r in actors.values() if r["type"] == "state" and r["country"]}
    peoples = frozenset(d + "s" for r in actors.values() for d in _split(r["demonyms"]) if " " not in d)
    return _Index(actors, dict(by_first), state_of, peoples)


# --------------------------------------------------------------------------------------------------
# Cues


@dataclass(frozen=True)
class _Cues:
    titles: dict[str, list[tuple[str, ...]]]
    title_firsts: frozenset[str]
    roles: frozenset[str]
    org_words: frozenset[str]
    demonym_heads: frozenset[str]
    agent_verbs: frozenset[str]
    locatives: frozenset[str]
    not_name: frozenset[str]
    acronym_stop: frozenset[str]
    non_actor: frozenset[str]
    modifiers: frozenset[str]
    postnominal: frozenset[str]
    peerage: frozenset[str]
    speech_verbs: frozenset[str]
    group_words: frozenset[str]
    given: frozenset[str]
    common: frozenset[str]
    surname_words: frozenset[str]
    regions: frozenset[str]
    generic_orgs: frozenset[str]
    plural_titles: frozenset[str]
    event_nouns: frozenset[str]
    name_prefixes: frozenset[str]
    event_name_words: frozenset[str]
    org_descriptors: frozenset[str]
    rank_words: frozenset[str]
    company_suffixes: frozenset[str]
    compass_prefixes: frozenset[str]
    leader_nouns: frozenset[str]
    kin_nouns: frozenset[str]
    place_nouns: frozenset[str]
    first_name_titles: frozenset[str]
    clause_openers: frozenset[str]
    male_titles: frozenset[str]
    female_given: frozenset[str]
    namey_cache: dict[str, bool] = field(default_factory=dict, compare=False, hash=False)


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    table = read_table(CUES_FILE)
    by = {k: g["term"].tolist() for k, g in table.groupby("kind")}
    titles: dict[str, list] = defaultdict(list)
    for t in [*by.get("title", []), *by.get("plural_title", [])]:
        key = _key(t)
        titles[key[-1]].append(key)
    for lst in titles.values():
        lst.sort(key=len, reverse=True)
    low = {k: frozenset(x.lower() for x in v) for k, v in by.items()}
    return _Cues(
        titles=dict(titles), title_firsts=frozenset(k[0] for ks in titles.values() for k in ks),
        roles=low.get("role", frozenset()), org_words=frozenset(by.get("org_word", [])),
        demonym_heads=low.get("demonym_head", frozenset()), agent_verbs=low.get("agent_verb", frozenset()),
        locatives=low.get("locative", frozenset()), not_name=frozenset(by.get("not_name", [])),
        acronym_stop=frozenset(by.get("acronym_stop", [])), non_actor=frozenset(by.get("non_actor_word", [])),
        modifiers=frozenset(by.get("modifier", [])), postnominal=frozenset(by.get("postnominal", [])),
        peerage=frozenset(by.get("peerage_title", [])), speech_verbs=low.get("speech_verb", frozenset()),
        group_words=frozenset(by.get("group_word", [])),
        given=frozenset(read_table(GIVEN_NAMES_FILE)["name"]),
        common=frozenset(read_table(COMMON_WORDS_FILE)["word"]),
        surname_words=frozenset(by.get("surname_word", [])), regions=frozenset(by.get("region", [])),
        generic_orgs=frozenset(by.get("generic_org_word", [])),
        plural_titles=frozenset(_key(t)[-1] for t in by.get("plural_title", [])),
        event_nouns=low.get("event_noun", frozenset()),
        name_prefixes=frozenset(by.get("name_prefix", [])),
        event_name_words=frozenset(by.get("event_name_word", [])),
        org_descriptors=low.get("org_descriptor", frozenset()),
        rank_words=low.get("rank_word", frozenset()),
        company_suffixes=frozenset(by.get("company_suffix", [])),
        compass_prefixes=frozenset(by.get("compass_prefix", [])),
        leader_nouns=low.get("leader_noun", frozenset()),
        kin_nouns=low.get("kin_noun", frozenset()),
        place_nouns=low.get("place_noun", frozenset()),
        first_name_titles=frozenset(by.get("first_name_title", [])),
        clause_openers=low.get("clause_opener", frozenset()),
        male_titles=frozenset(by.get("male_title", [])), female_given=frozenset(by.get("female_given_name", [])),
    )


# --------------------------------------------------------------------------------------------------
# Matching


@dataclass
class _Match:
    unit: int  # index of the text unit in the article
    i: int  # first token (after any title)
    j: int  # one past the last token
    rule: str
    actor_id: str = ""
    name: str = ""
    type: str = ""
    title_i: int | None = None  # first token of an attached title
    role: bool = False  # found by a lower-case role noun before it ("leader Howard"), not a title
    entries: list[_Entry] = field(default_factory=list)

    @property
    def first(self) -> int:
        return self.i if self.title_i is None else self.title_i


CONTRACTION_RE = re.compile(r"['’][a-z]")
# Words whose name-likeness is remembered (a bound on memory for very large vocabularies).
NAMEY_CACHE_MAX = 1_000_000


def _is_namey(tok: Token, cues: _Cues) -> bool:
    v = cues.namey_cache.get(tok.text)
    if v is None:  # a pure function of the word and the cues: computed once per word
        t = tok.text
        v = tok.capitalised and t not in cues.not_name and not CONTRACTION_RE.search(t)
        if len(cues.namey_cache) < NAMEY_CACHE_MAX:
            cues.namey_cache[t] = v
    return v


def _title_before(toks: list[Token], i: int, cues: _Cues) -> int | None:
    """Start of the longest title that ends right before token ``i`` (with nothing but spaces
    between: "Deputy Prime Minister (ODPM)" attaches no title to "ODPM")."""
    if i == 0 or toks[i].initial:
        return None
    for key in cues.titles.get(toks[i - 1].text, []):
        s = i - len(key)
        if s >= 0 and tuple(t.text for t in toks[s:i]) == key and not toks[i - 1].possessive:
            return s
    return None


def _full_title_before(toks: list[Token], i: int, cues: _Cues) -> int | None:
    """:func:`_title_before`, taking in a title right before a ``first_name_title`` ("Sir", "Dame"): in
    "Auditor General Sir John Bourn" the title is "General Sir" and the name "John Bourn", as in "Sir John Bourn"."""
    s = _title_before(toks, i, cues)
    if s is not None and s == i - 1 and toks[s].text in cues.first_name_titles:
        outer = _title_before(toks, s, cues)
        if outer is not None:
            return outer
    return s


def _registry_matches(toks: list[Token], unit: int, index: _Index) -> list[_Match]:
    out = []
    texts = [t.text for t in toks]
    for i, tok in enumerate(toks):
        for key, entries in index.by_first.get(tok.text, ()):
            j = i + len(key)
            if tuple(texts[i:j]) == key and not any(t.possessive for t in toks[i:j - 1]):
                out.append(_Match(unit, i, j, "registry", entries=entries))
                break
    return out


def _is_alias_of(rest: list[Token], m: _Match, index: _Index) -> bool:
    """``rest`` is itself a registry alias of the actor of ``m``."""
    key = tuple(t.text for t in rest)
    ids = {e.actor_id for e in m.entries}
    return bool(rest) and any(k == key and any(e.actor_id in ids for e in entries)
                              for k, entries in index.by_first.get(key[0], ()))


def _joined(toks: list[Token], j: int, text: str) -> bool:
    """Token ``j`` follows token ``j - 1`` with only spaces between (no comma, no bracket)."""
    return not toks[j].initial and text[toks[j - 1].end:toks[j].start].isspace()


def _surname_word(toks: list[Token], k: int, cues: _Cues) -> bool:
    """Token ``k`` is a word such as "May" that is a surname after a title or a given name
    ("Theresa May", "Lord Justice May"), but not before a number ("May 2005")."""
    return toks[k].text in cues.surname_words and not (k + 1 < len(toks) and toks[k + 1].text.isdigit())


def _middle_initial(toks: list[Token], i: int, j: int, cues: _Cues, text: str) -> bool:
    """Token ``j`` is a one-letter middle initial ("A" in "Charles A Blixt") of a name that starts with a
    given name at ``i``, with a name word joined after it."""
    t = toks[j].text
    return len(t) == 1 and t.isupper() and toks[i].text in cues.given and j + 1 < len(toks) \
        and _joined(toks, j + 1, text) and _is_namey(toks[j + 1], cues)


def _name_run(toks: list[Token], i: int, cues: _Cues, taken: set[int], text: str, *, lead: bool = False) -> int:
    """End of the run of capitalised name tokens starting at ``i`` (``i`` if none); after a title
    (``lead``) or a first name, a surname word ("May") counts as a name."""
    j = i
    while j < len(toks) and j - i < MAX_NAME_TOKENS and j not in taken \
            and (_is_namey(toks[j], cues) or ((j > i or lead) and _surname_word(toks, j, cues))
                 or (j > i and _middle_initial(toks, i, j, cues, text))) \
            and (j == i or _joined(toks, j, text)):
        j += 1
        if toks[j - 1].possessive:
            break
        # a lower-case particle inside a name: "Rodrigo de Rato", "Dominique de Villepin"
        if j + 1 < len(toks) and toks[j].text in NAME_PARTICLES and j + 1 not in taken and j not in taken \
                and _is_namey(toks[j + 1], cues) and _joined(toks, j, text) and _joined(toks, j + 1, text) \
                and not toks[j + 1].initial:
            j += 1
    return j


def _discover(toks: list[Token], unit: int, cues: _Cues, taken: set[int], text: str,
              soft: dict[int, _Match], org_soft: frozenset[int] = frozenset()) -> list[_Match]:
    """Multi-token discovery candidates on tokens not taken by the registry.

    ``soft`` maps tokens taken only by a state's name, demonym or capital to that registry match:
    a person's or an organisation's name may run over them ("Bob Wellington", "Mike German",
    "Board of Deputies of British Jews", "UK Treasury"), and then the longer name wins.
    ``org_soft`` holds tokens of one-word registry organisations ("Labour") that a longer
    organisation's name may run over when it does not start with them ("Federal Labour Agency").
    """
    out = []
    n = len(toks)
    hard = taken - set(soft)
    block = hard - org_soft  # tokens an organisation's name cannot run over
    titles, roles = cues.titles, cues.roles
    for i in range(n):
        tok = toks[i]
        if not tok.capitalised:  # every rule below starts on a capital
            continue
        # a lower-case organisation descriptor right before a name, or after it and a comma ("newspaper
        # Clarin", "the carrier Air Europa", "its main competitor, Royal Caribbean", "financial firm, China Life"),
        # or a role noun and "at" ("economist at Global Insight"): an organisation, which may run over a state's
        # name; a given name after it is left to the person rules ("rival John Smith")
        if i > 0 and (i not in taken or i in soft) and not tok.initial and tok.text not in cues.given \
                and tok.text not in cues.title_firsts and not toks[i - 1].possessive \
                and ((toks[i - 1].text in cues.org_descriptors and text[toks[i - 1].end:tok.start] in (" ", ", "))
                     or (toks[i - 1].text == "at" and i > 1 and toks[i - 2].text in roles and _joined(toks, i, text))):
            j = _name_run(toks, i, cues, block, text)
            while j > i and j + 1 < n and not toks[j - 1].possessive and toks[j].text in cues.modifiers \
                    and j not in block and _joined(toks, j, text) and _is_namey(toks[j + 1], cues):
                j = _name_run(toks, j + 1, cues, block, text)  # "economist at CIBC World Markets"
            while j < n and j not in block and toks[j].text in cues.regions and _joined(toks, j, text) \
                    and not toks[j - 1].possessive:
                j += 1  # "the carrier Air Europe"
            j = _person_inside(toks, i, j, cues)  # "group EADS Philippe Camus": EADS, then a person
            if j > i and toks[j - 1].text not in cues.non_actor and not HYPHEN_SUFFIX_RE.search(tok.text) \
                    and not all(t.text in cues.modifiers for t in toks[i:j]) and not (i in soft and j <= soft[i].j):
                out.append(_Match(unit, i, j, "descriptor", type="organisation"))
        # "the Clinton administration", "the Blair premiership": a leader's name (a person; resolved to the
        # full name when the article gives it)
        if i not in taken and 0 < i < n - 1 and toks[i - 1].text == "the" and toks[i + 1].text in cues.leader_nouns \
                and _joined(toks, i + 1, text) and _is_namey(tok, cues) and _uncommon(tok, cues) \
                and tok.text not in cues.modifiers and tok.text not in cues.org_words \
                and not HYPHEN_SUFFIX_RE.search(tok.text):
            out.append(_Match(unit, i, i + 1, "title", type="person"))
        if i in taken:
            # a title right before a one-word registry organisation makes a person: "Mr Ford"
            if i in org_soft and i > 0 and toks[i - 1].text in titles and _title_before(toks, i, cues) is not None:
                out.extend(_titled_people(toks, i, unit, cues, block, text))
            continue
        # a name between a determiner and an organisation descriptor: "the Evening Standard newspaper", "its
        # Clearstream unit"
        if i > 0 and (toks[i - 1].text in POST_DETERMINERS or toks[i - 1].possessive or (
                i > 1 and HYPHEN_SUFFIX_RE.search(toks[i - 1].text) and toks[i - 2].text in POST_DETERMINERS)) \
                and tok.text not in cues.given and tok.text not in cues.title_firsts and _joined(toks, i, text) \
                and not HYPHEN_SUFFIX_RE.search(tok.text):
            j = _name_run(toks, i, cues, block, text)
            if i < j < n and not toks[j - 1].possessive and toks[j].text in cues.org_descriptors \
                    and _joined(toks, j, text) and toks[j - 1].text not in cues.non_actor \
                    and toks[j - 1].text not in cues.modifiers and not HYPHEN_SUFFIX_RE.search(toks[j - 1].text):
                out.append(_Match(unit, i, j, "descriptor", type="organisation"))
        # a state's possessive before a name that is no person, title or institution: a company of that
        # state ("Germany's Siemens", "Spain's Aguas de Barcelona"); the state is then no actor
        # (CODING_RULES, second round: a country word before a company does not code the state)
        if i > 0 and i - 1 in soft and soft[i - 1].j == i and toks[i - 1].possessive \
                and text[toks[i - 1].end:tok.start] in POSSESSIVE_GAPS \
                and any(e.kind == "alias" for e in soft[i - 1].entries) and tok.text not in cues.given \
                and tok.text not in cues.title_firsts and tok.text.lower() not in roles:
            j = _name_run(toks, i, cues, block, text)
            words = toks[i:j]
            if j > i and not any(t.text in cues.org_words or t.text in cues.non_actor or t.text in cues.given
                                 or t.text in cues.event_name_words for t in words) \
                    and any(_uncommon(t, cues) for t in words):
                out.append(_Match(unit, i, j, "possessor", type="organisation"))
        if i > 0 and (toks[i - 1].text in titles or toks[i - 1].text in roles):
            # after a title (not a role noun) the name may run over a one-word registry
            # organisation: "Mr Ford" is a person, and the longer match wins
            titled = _title_before(toks, i, cues) is not None
            out.extend(_titled_people(toks, i, unit, cues, block if titled else hard, text))
        # given name + capitalised surname(s): a person; the surname may be a one-word registry
        # organisation ("Gerald Ford", "Henry Ford"), and then the longer name wins; not after a
        # place-name prefix ("San Francisco Chronicle", "St John Ambulance")
        if tok.text in cues.given and i + 1 < n and i + 1 not in block \
                and not (i > 0 and toks[i - 1].text in cues.name_prefixes and _joined(toks, i, text)):
            j = _person_end(toks, i, _name_run(toks, i, cues, block, text), cues, text, peer=False)
            if j >= i + 2 and not any(toks[k].text in cues.org_words for k in range(i, j)) \
                    and toks[j - 1].text not in cues.non_actor:
                out.append(_Match(unit, i, j, "given_name", type="person", title_i=_title_before(toks, i, cues)))
        # a speaker: two to four name words right after a reporting verb ("said Avery Shenfeld,") or
        # followed by an apposition holding a role ("Ruhi Dogusoy, Turkcell's chief operating officer")
        if _is_namey(tok, cues) and i + 1 < n:
            j = _person_end(toks, i, _name_run(toks, i, cues, hard, text), cues, text, peer=False)
            if 2 <= j - i <= SPEAKER_MAX_TOKENS and not any(
                    toks[k].text in cues.org_words or toks[k].text in cues.modifiers or toks[k].isupper_word
                    for k in range(i, j)) and toks[j - 1].text not in cues.non_actor \
                    and (_after_speech_verb(toks, i, cues) or _apposition_role(toks, j, cues, text)):
                out.append(_Match(unit, i, j, "speaker", type="person"))
    for i in range(n):
        tok = toks[i]
        if not tok.capitalised or i in hard:  # every rule below starts on a capital
            continue
        # capitalised sequence with an organisation word: an organisation
        if _is_namey(tok, cues) or tok.text in cues.modifiers or (tok.text == "The" and not tok.initial):
            j, has_org = _org_end(toks, i, cues, block, soft, org_soft, text)
            if has_org and j > i and toks[j - 1].text not in cues.non_actor and (j - i >= 2 or not tok.initial) \
                    and not (i in soft and j == soft[i].j) and not _state_before_company(toks, i, j, soft, cues):
                out.append(_Match(unit, i, j, "org_word", type="organisation"))
                # "UK Treasury", "Russian Foreign Ministry": the state is named too
                if i in soft and any(toks[k].text.lower() in cues.demonym_heads for k in range(soft[i].j, j)):
                    m = soft[i]
                    out.append(_Match(unit, m.i, m.j, "nested", entries=m.entries))
        # acronym, with the names joined to it ("ABN AMRO", "JP Morgan Chase")
        if i not in taken and _is_acronym(tok.text, cues):
            out.append(_Match(unit, i, _acronym_end(toks, i, cues, taken, text), "acronym", type="organisation"))
    return out


def _person_inside(toks: list[Token], i: int, j: int, cues: _Cues) -> int:
    """End of an organisation's name ``i:j`` that runs into a person's full name: a given name after its first
    word with a name word after it starts the person ("the group EADS Philippe Camus" is EADS and Philippe
    Camus); the person is left to the given-name rule."""
    for k in range(i + 1, j - 1):
        if toks[k].text in cues.given and not toks[k - 1].possessive and toks[k - 1].text not in cues.name_prefixes \
                and not any(t.text in cues.org_words or t.text in cues.company_suffixes for t in toks[k:j]):
            return k  # not "Saint Bernard Software"
    return j


def _uncommon(tok: Token, cues: _Cues) -> bool:
    """An acronym or a capitalised word that is not a common English word ("Siemens", "BNP"; not "Air")."""
    return tok.isupper_word or tok.text.lower() not in cues.common


def _state_before_company(toks: list[Token], i: int, j: int, soft: dict[int, _Match], cues: _Cues) -> bool:
    """Tokens ``i:j`` start with a state's abbreviation and end a company's name ("US Carnival Corporation"):
    the abbreviation is a modifier, not part of the name (the name from ``i + 1`` is taken instead)."""
    return i in soft and soft[i].j == i + 1 and toks[i].isupper_word and j > i + 2 \
        and any(toks[k].text in cues.company_suffixes for k in range(i + 1, j)) \
        and not any(toks[k].text.lower() in cues.demonym_heads for k in range(i + 1, j))


def _titled_people(toks: list[Token], i: int, unit: int, cues: _Cues, hard: set[int], text: str) -> list[_Match]:
    """A title or a role noun followed by a capitalised name: a person ("Mr Blair", "Tory leader
    Michael Howard"); after a plural title, each name joined by "and" ("Lord Justices Clarke and Rix")."""
    tok = toks[i]
    title_i = _full_title_before(toks, i, cues)
    if title_i is not None and tok.text in cues.first_name_titles:
        return []  # "General Sir John Bourn": "Sir" belongs to the title, the name starts after it
    role = i > 0 and toks[i - 1].text in cues.roles and not toks[i - 1].possessive
    if not (title_i is not None or (role and tok.text not in cues.title_firsts)) \
            or not (_is_namey(tok, cues) or (title_i is not None and _surname_word(toks, i, cues))) \
            or tok.text in cues.org_words or tok.text in cues.modifiers:
        return []
    j = _person_end(toks, i, _name_run(toks, i, cues, hard, text, lead=title_i is not None), cues, text,
                    peer=title_i is not None and toks[title_i].text in cues.peerage)
    if j <= i or any(toks[k].text in cues.org_words for k in range(i, j)) or toks[j - 1].text in cues.non_actor:
        return []
    out = [_Match(unit, i, j, "title", type="person", title_i=title_i, role=title_i is None)]
    if title_i is not None and toks[i - 1].text in cues.plural_titles and j + 1 < len(toks) \
            and toks[j].text == "and" and j + 1 not in hard and _is_namey(toks[j + 1], cues) \
            and _joined(toks, j + 1, text):
        k = _person_end(toks, j + 1, _name_run(toks, j + 1, cues, hard, text), cues, text, peer=False)
        if k > j + 1 and toks[k - 1].text not in cues.non_actor:
            out.append(_Match(unit, j + 1, k, "title", type="person"))
    return out


def _is_acronym(word: str, cues: _Cues) -> bool:
    """An all-capital word of 2-6 letters, "&" allowed inside ("AT&T"), not on the acronym_stop list."""
    return 2 <= len(word) <= 6 and word.isupper() and word.replace("&", "").isalpha() \
        and word not in cues.acronym_stop


def _acronym_end(toks: list[Token], i: int, cues: _Cues, taken: set[int], text: str) -> int:
    """End of an acronym's name: further acronyms and capitalised words that are not common English
    words ("ABN AMRO", "JP Morgan") join it, and after such a word any capitalised name word ("JP
    Morgan Chase"); a title, role, modifier, given name or non-actor word ends it."""
    j, proper = i + 1, False
    while j < len(toks) and j not in taken and not toks[j - 1].possessive and _joined(toks, j, text):
        t = toks[j]
        if not _is_namey(t, cues) or t.text in cues.title_firsts or t.text.lower() in cues.roles \
                or t.text in cues.modifiers or t.text in cues.non_actor or t.text in cues.given \
                or t.text in cues.postnominal or t.text in cues.acronym_stop:
            break
        if _is_acronym(t.text, cues) or t.text.lower() not in cues.common:
            proper = True
        elif not proper:
            break
        j += 1
    return j


def _org_end(toks: list[Token], i: int, cues: _Cues, block: set[int], soft: dict[int, _Match],
             org_soft: frozenset[int], text: str) -> tuple[int, bool]:
    """End of the capitalised sequence that starts at ``i`` and whether it holds an organisation
    word. Inside it: "of"/"for" (and "of the") before a name word or a region ("Royal Bank of
    Scotland"), "and" between two capitalised common words that are not organisation words
    ("Securities and Exchange", "Further and Higher"), a plural possessive ("Workers' Union"). A
    title or role before "of" ends it ("Chief Executive of ..."). ``block``: tokens it cannot take."""
    n = len(toks)
    j, has_org = i, False
    while j < n and j - i < MAX_NAME_TOKENS + 2 and j not in block:
        t = toks[j]
        if j > i and not (_joined(toks, j, text) or (_plural_possessive(toks, j, text) and _is_namey(t, cues))
                          or _ampersand(toks, j, cues, text)):
            break
        after_connector = j > i and toks[j - 1].text in CONNECTORS
        # a title and a name end the organisation ("Metropolitan Police Commissioner Sir John Stevens")
        if has_org and j > i and not after_connector and toks[j - 1].text != "the" \
                and _title_then_name(toks, j, cues, text):
            break
        if _is_namey(t, cues) or t.text in cues.modifiers or (j == i and t.text == "The") \
                or (j > i and t.text.isdigit()) or (after_connector and t.text in cues.regions):
            has_org = has_org or (t.text in cues.org_words and j not in soft and j not in org_soft)
            j += 1
            if t.possessive:
                break
        elif t.text in CONNECTORS:
            if not has_org and (toks[i].text in cues.title_firsts or toks[i].text.lower() in cues.roles):
                break
            # a person's name or a run of two or more words with no organisation word does not
            # own what follows "of"/"for": "Paul Hofheinz of the Lisbon Council", "Quarterly
            # Economic Commentary of Strathclyde University" ("Bank of England", "House of Lords" do)
            if not has_org and t.text in ("of", "for"):
                run = _run_start(toks, i, cues, text)
                if toks[run].text in cues.given or j - run >= 2:
                    break
            step = 2 if t.text in ("of", "for") and j + 1 < n and toks[j + 1].text == "the" else 1
            nxt = j + step
            if not (nxt < n and nxt not in block and (_is_namey(toks[nxt], cues) or toks[nxt].text in cues.regions)):
                break
            j = nxt
        elif t.text == "and" and j + 1 < n and j + 1 not in block and _common_name_word(toks[j - 1], cues) \
                and _common_name_word(toks[j + 1], cues):
            j += 1
        else:
            break
    while j > i and (j - 1 in org_soft or not (_is_namey(toks[j - 1], cues) or toks[j - 1].text.isdigit()
                                                or toks[j - 1].text in cues.regions)):
        j -= 1
    return j, has_org


def _ampersand(toks: list[Token], j: int, cues: _Cues, text: str) -> bool:
    """Token ``j`` is a name word joined to the name word before it by " & " ("Oil & Natural Gas Corp",
    "Department of Trade & Industry")."""
    return text[toks[j - 1].end:toks[j].start] == " & " and not toks[j - 1].possessive and not toks[j].initial \
        and _is_namey(toks[j - 1], cues) and _is_namey(toks[j], cues)


def _run_start(toks: list[Token], i: int, cues: _Cues, text: str) -> int:
    """First token of the run of joined capitalised words that holds token ``i`` (a sentence-initial
    common word does not start a run: "But House of Lords ...")."""
    k = i
    while k > 0 and _is_namey(toks[k - 1], cues) and _joined(toks, k, text) and not toks[k - 1].possessive \
            and not (toks[k - 1].initial and toks[k - 1].text.lower() in cues.common):
        k -= 1
    return k


def _title_then_name(toks: list[Token], j: int, cues: _Cues, text: str) -> bool:
    """A title starts at token ``j`` and a capitalised name that is not an organisation word follows it."""
    for size in (3, 2, 1):
        e = j + size
        if e < len(toks) and tuple(t.text for t in toks[j:e]) in cues.titles.get(toks[e - 1].text, ()) \
                and _is_namey(toks[e], cues) and _joined(toks, e, text) and toks[e].text not in cues.org_words:
            return True
    return False


def _plural_possessive(toks: list[Token], j: int, text: str) -> bool:
    """Token ``j`` follows a plural possessive, the apostrophe then one space ("Workers' Union")."""
    return toks[j - 1].text.endswith("s") and text[toks[j - 1].end:toks[j].start] in ("' ", "’ ")


def _common_name_word(tok: Token, cues: _Cues) -> bool:
    """A capitalised common English word that is not an organisation word ("Further", "Exchange" is one)."""
    low = tok.text.lower()
    return _is_namey(tok, cues) and (low in cues.common or (low[-1:] == "s" and low[:-1] in cues.common)) \
        and tok.text not in cues.org_words


def _after_speech_verb(toks: list[Token], i: int, cues: _Cues) -> bool:
    """Token ``i`` follows a reporting verb ("said", "added"; not "told", whose object is the
    listener: "told Agence France-Presse"), with nothing but spaces between."""
    return i > 0 and toks[i - 1].text.lower() in cues.speech_verbs and toks[i - 1].text.lower() != "told" \
        and not toks[i].initial


def _apposition_role(toks: list[Token], j: int, cues: _Cues, text: str) -> bool:
    """A comma right after token ``j - 1`` opens an apposition that names a role within
    APPOSITION_WINDOW words, before any other punctuation ("Joyce Johnston, principal of ...")."""
    if j >= len(toks) or text[toks[j - 1].end:toks[j].start].strip() != ",":
        return False
    for k in range(j, min(j + APPOSITION_WINDOW, len(toks))):
        if k > j and text[toks[k - 1].end:toks[k].start].strip() and not toks[k - 1].possessive:
            return False
        if toks[k].text.lower() in cues.roles:
            return True
    return False


def _person_end(toks: list[Token], i: int, j: int, cues: _Cues, text: str, *, peer: bool) -> int:
    """Trim post-nominals ("QC", "MP") off a person's name; a peer's name takes "of Place"."""
    while j > i + 1 and toks[j - 1].text in cues.postnominal:
        j -= 1
    if peer and j < len(toks) - 1 and toks[j].text == "of" and _is_namey(toks[j + 1], cues) \
            and _joined(toks, j + 1, text):
        j += 2
    return j


def _select(matches: list[_Match]) -> list[_Match]:
    """Longest match wins; on a tie the registry wins, then the earlier rule, then the longer title
    ("Lord Justice" + "May", not "Lord" + "Justice May")."""
    order = {"nested": 0, "registry": 0, "title": 1, "given_name": 2, "speaker": 3, "org_word": 4, "descriptor": 4,
             "possessor": 4, "acronym": 5}
    matches = sorted(matches, key=lambda m: (-(m.j - m.first), order[m.rule], m.first, m.first - m.i))
    used: set[int] = set()
    kept = [m for m in matches if m.rule == "nested"]
    for m in matches:
        span = set(range(m.first, m.j))
        if m.rule == "nested" or span & used:
            continue
        used |= span
        kept.append(m)
    return sorted(kept, key=lambda m: m.first)


def _demonym_is_agent(toks: list[Token], m: _Match, cues: _Cues, title_next: bool) -> bool:
    if title_next or toks[m.j - 1].possessive:
        return True
    for k in range(m.j, min(m.j + DEMONYM_WINDOW, len(toks))):
        if toks[k].text.lower() in cues.demonym_heads:
            return True
        if toks[k].possessive:
            break
    return False


def _metonym_is_agent(toks: list[Token], m: _Match, cues: _Cues, text: str) -> bool:
    if toks[m.j - 1].possessive:
        # "Moscow's answer" is the government's; "London's King's Cross station", "London's West End" name
        # a place in the city
        return not (m.j < len(toks) and _is_namey(toks[m.j], cues)
                    and text[toks[m.j - 1].end:toks[m.j].start] in POSSESSIVE_GAPS)
    # "Moscow said", but not "a meeting in London, said" nor "the Mayor of London would"
    if m.j < len(toks) and toks[m.j].text.lower() in cues.agent_verbs and _joined(toks, m.j, text) \
            and not (m.first > 0 and toks[m.first - 1].text == "of"):
        return True
    before = [t.text.lower() for t in toks[max(0, m.first - 4):m.first]]
    return "between" in before


def _attributive(toks: list[Token], m: _Match, cues: _Cues, text: str) -> bool:
    """A state's abbreviation right before a lower-case word that is not a verb of agency or a
    function word (FUNCTION_WORDS) modifies that word: "UK visa holders", not "UK said" or "UK and".
    Only abbreviations ("UK", "US"): a full name before a lower-case word is too often the subject of
    a verb the cues do not list ("closures arranged by Israel restrict")."""
    if m.j >= len(toks) or m.j - m.i != 1 or not toks[m.i].isupper_word or toks[m.j - 1].possessive \
            or not _joined(toks, m.j, text):
        return False
    nxt = toks[m.j].text
    return nxt.islower() and nxt not in cues.agent_verbs and nxt not in cues.speech_verbs \
        and nxt not in FUNCTION_WORDS


def _government_mentions(named: list[_Match], toks_by_unit: list[list[Token]], texts: list[str]) -> list[_Match]:
    """"the government" is the state named before it in the same sentence or in the previous one, when
    exactly one state is named in the two sentences (by name or demonym, even as a place: "pensioners
    in Britain live below the government's poverty line"); "the government of X" is left to X
    (CODING_RULES, second round). ``named``: the states' name and demonym matches, without those that
    only label an event ("the Iraq war" names no state)."""
    states: dict[int, list[tuple[int, str]]] = defaultdict(list)  # unit -> (end token, state)
    for m in named:
        states[m.unit].append((m.j, m.actor_id))
    out = []
    if not states:
        return out
    for u, toks in enumerate(toks_by_unit):
        if "he government" not in texts[u]:
            continue
        before = {aid for _, aid in states.get(u - 1, ())}
        for k in range(1, len(toks)):
            if toks[k].text == "government" and toks[k - 1].text in ("the", "The") \
                    and not (k + 1 < len(toks) and toks[k + 1].text == "of" and not toks[k].possessive):
                earlier = before | {aid for end, aid in states.get(u, ()) if end <= k - 1}
                named = before | {aid for _, aid in states.get(u, ())}
                if len(named) == 1 and earlier:
                    out.append(_Match(u, k, k + 1, "government", actor_id=next(iter(named)), type="state"))
    return out


def _event_label(toks: list[Token], m: _Match, cues: _Cues, text: str) -> bool:
    """A state's name or capital right before a lower-case event noun ("the Iraq war", "the Lisbon
    summit", "the 2004 US presidential election" with one adjective between) labels the event."""
    if toks[m.j - 1].possessive or m.j >= len(toks) or not _joined(toks, m.j, text):
        return False
    k = m.j
    if toks[k].text.islower() and toks[k].text not in cues.event_nouns and k + 1 < len(toks) \
            and _joined(toks, k + 1, text) and toks[k].text.endswith(("al", "ary", "ial")):
        k += 1  # one adjective: "US presidential election", "Iraq military campaign"
    return toks[k].text in cues.event_nouns


def _sponsored_event(toks: list[Token], m: _Match, cues: _Cues, text: str) -> bool:
    """An organisation's name followed by up to two joined capitalised words, the last an
    ``event_name_word``, names a sponsored event ("the Heineken Cup", "the Volvo Ocean Race")."""
    if toks[m.j - 1].possessive:
        return False
    for k in range(m.j, min(m.j + 3, len(toks))):
        if not _joined(toks, k, text) or not toks[k].capitalised:
            return False
        if toks[k].text in cues.event_name_words:
            return True
        if toks[k].possessive:
            return False
    return False


def _ranks_in(toks: list[Token], m: _Match, cues: _Cues) -> bool:
    """A state's possessive before a ranking word ("Britain's biggest union", "Russia's second-largest
    brewer", "the US's best-known companies"): the state is the place of the ranking, not an actor. A
    ranking word is a ``rank_word`` or a superlative in -est of a common English word (big, large, rich)."""
    if not toks[m.j - 1].possessive or m.j >= len(toks):
        return False
    for w in toks[m.j].text.lower().split("-"):
        if w in cues.rank_words:
            return True
        if len(w) >= 6 and w.endswith("est"):
            stem = w[:-3]
            forms = [stem, stem + "e"]
            if stem[-1] == stem[-2]:
                forms.append(stem[:-1])  # biggest
            if stem.endswith("i"):
                forms.append(stem[:-1] + "y")  # earliest
            if any(f in cues.common for f in forms):
                return True
    return False


def _before_company(toks: list[Token], m: _Match, text: str) -> bool:
    """A state's name with a possessive ("Germany's"), or its abbreviation ("US"), right before the next word."""
    gap = text[toks[m.j - 1].end:toks[m.j].start]
    return gap in POSSESSIVE_GAPS if toks[m.j - 1].possessive else (toks[m.i].isupper_word and m.j - m.i == 1
                                                                     and gap == " ")


def _region_of(toks: list[Token], m: _Match, cues: _Cues, text: str) -> bool:
    """A state's name right after a ``compass_prefix`` is part of a region's name ("Northern Ireland")."""
    return m.i > 0 and toks[m.i - 1].text in cues.compass_prefixes and _joined(toks, m.i, text)


def _listed_after(toks: list[Token], m: _Match, placed: set[tuple[int, int]], cues: _Cues, text: str) -> bool:
    """A state's name that follows a state named as a place in a list ("the" allowed before it): "in the UK,
    Holland and Luxembourg", "withdrawn from Uzbekistan and Belarus". A comma also ends a clause, so:

    - after ", " the state is an item only if the list closes with "and"/"or" and one more item
      (:func:`_list_closes`): "factories in Japan, China and Korea", not "At talks in France, Germany said";
      and not if a verb follows that last item (:func:`_verb_after`) in a sentence that opens with a
      ``clause_opener``: "After the summit in Russia, China and India signed" is two clauses, "Investors
      in the UK, Holland and Luxembourg have" a subject and its verb;
    - after "and"/"or" the state is not an item if a verb follows it in a sentence that opens with a
      ``clause_opener`` ("After talks in Russia and China signed"), and after ", and"/", or" if a verb or any
      lower-case word that is not a function word follows it, whatever the opener: "Sales rose in Japan, and
      China cut rates" starts a new clause (British style writes no comma before a list's last item).
    """
    k = m.first
    if k > 0 and toks[k - 1].text == "the":
        k -= 1
    closing = k > 1 and toks[k - 1].text in ("and", "or")
    p = k - 1 if closing else k  # the end of the item before
    if not (p > 0 and (m.unit, p) in placed and not toks[p - 1].possessive):
        return False
    sep = text[toks[p - 1].end:toks[k].start]
    if not closing:
        return sep == ", " and _list_closes(toks, m.j, cues, text)
    if sep in (" and ", " or "):
        return not _opens_clause(toks, m.j, cues, text)
    if sep in (", and ", ", or "):
        return not (_verb_after(toks, m.j, cues, text) or (
            not toks[m.j - 1].possessive and m.j < len(toks) and _joined(toks, m.j, text)
            and toks[m.j].text.islower() and toks[m.j].text not in FUNCTION_WORDS))
    return False


def _list_item_end(toks: list[Token], k: int, text: str, cues: _Cues) -> int | None:
    """End of a list item of capitalised words ("the" allowed first) that starts at token ``k``, or None."""
    if k < len(toks) and toks[k].text == "the":
        k += 1
    j = k
    while j < len(toks) and _is_namey(toks[j], cues) and (j == k or _joined(toks, j, text)) \
            and not (j > k and toks[j - 1].possessive):
        j += 1
    return j if j > k else None


def _list_closes(toks: list[Token], j: int, cues: _Cues, text: str) -> bool:
    """The list item that ends before token ``j`` is followed by more items, ", " between them, and a last one
    after "and"/"or", which no verb follows if the sentence opens with a ``clause_opener`` (:func:`_listed_after`)."""
    while j < len(toks) and not toks[j - 1].possessive:
        gap = text[toks[j - 1].end:toks[j].start]
        if toks[j].text in ("and", "or") and gap in (" ", ", "):
            if j + 1 >= len(toks) or not _joined(toks, j + 1, text):
                return False
            end = _list_item_end(toks, j + 1, text, cues)
            return end is not None and not _opens_clause(toks, end, cues, text)
        end = _list_item_end(toks, j, text, cues) if gap == ", " else None
        if end is None:
            return False
        j = end
    return False


def _opens_clause(toks: list[Token], j: int, cues: _Cues, text: str) -> bool:
    """The name that ends before token ``j`` is the subject of a new clause, not a list's last item: the sentence
    opens with a ``clause_opener`` and a verb follows the name (:func:`_verb_after`)."""
    return toks[0].text.lower() in cues.clause_openers and _verb_after(toks, j, cues, text)


def _verb_after(toks: list[Token], j: int, cues: _Cues, text: str) -> bool:
    """A verb follows the name that ends before token ``j`` (an adverb of SENTENCE_ADVERBS may come between):
    an ``agent_verb``, a ``speech_verb`` or an auxiliary of FINITE_AUXILIARIES ("China and India signed",
    "Germany said", "China would"). Only these: a list of places may be the subject's complement ("Investors
    in the UK, Holland and Luxembourg hold 1%")."""
    if toks[j - 1].possessive:
        return False
    while j < len(toks) and _joined(toks, j, text) and toks[j].text in SENTENCE_ADVERBS:
        j += 1
    if j >= len(toks) or not _joined(toks, j, text):
        return False
    w = toks[j].text
    return w in cues.agent_verbs or w in cues.speech_verbs or w in FINITE_AUXILIARIES


def _is_place(toks: list[Token], m: _Match, cues: _Cues) -> bool:
    """A state name right after a locative preposition (optionally + "the") reads as a place, and so does one
    that a plural place noun after a locative introduces ("assets in countries including Vietnam", "in
    emerging markets such as China")."""
    if toks[m.j - 1].possessive:
        return False
    k = m.first - 1
    if k >= 1 and (toks[k].text in ("including", "like") or (toks[k].text == "as" and toks[k - 1].text == "such")):
        k -= 2 if toks[k].text == "as" else 1
        if k < 0 or toks[k].text.lower() not in cues.place_nouns:
            return False
        k -= 1
        if k >= 0 and toks[k].text.islower() and toks[k].text.lower() not in cues.locatives:
            k -= 1  # one adjective: "in other countries such as", "in emerging markets including"
    if k >= 0 and toks[k].text == "the":
        k -= 1
    if k < 0 or toks[k].text.lower() not in cues.locatives:
        return False
    # "... to Russia" after a trade or relation noun is a party, not a place ("exports to China")
    return True


def _nearest(cands: Iterable[tuple], unit: int, pos: int) -> object:
    """The last field of the last of ``cands`` (``(unit, token, ..., value)`` in reading order) at or before
    token ``pos`` of unit ``unit``, else of the first one after it; None without ``cands``.

    >>> _nearest([(0, 1, "a"), (2, 0, "b"), (3, 5, "c")], 2, 4), _nearest([(3, 5, "c")], 2, 4)
    ('b', 'c')
    """
    found = None
    for c in cands:
        if (c[0], c[1]) > (unit, pos):
            return c[-1] if found is None else found
        found = c[-1]
    return found


def _slug(name: str) -> str:
    return "disc:" + re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_")


def _proper_words(units: list[list[Token]], common: frozenset[str]) -> set[str]:
    """Words one article uses as proper names: capitalised in mid-sentence in at least
    PROPER_SHARE of its uses of them (title and standfirst included), and not a common lower-case
    English word (``common``, from COMMON_WORDS_FILE: "Police", "Minister" are not names).

    Only the article is read, so its mentions do not depend on which other articles are
    processed with it.

    >>> sorted(_proper_words([tokens("Then Yukos and the Police met."), tokens("yukos")], frozenset({"police"})))
    []
    >>> sorted(_proper_words([tokens("Then Yukos and the Police met.")], frozenset({"police"})))
    ['Yukos']
    """
    cap = Counter(t.text for toks in units for t in toks if t.capitalised and not t.initial
                  and t.text.lower() not in common)
    if not cap:
        return set()
    lower = {w.lower() for w in cap}
    low = Counter(t.text for toks in units for t in toks if t.text in lower)
    out = set()
    for w, c in cap.items():
        lc = low.get(w.lower(), 0)
        if c / (c + lc) >= PROPER_SHARE:
            out.add(w)
    return out


def _article_mentions(units: list[tuple], toks_by_unit: list[list[Token]], index: _Index, cues: _Cues,
                      proper: set[str] | None, places: str) -> list[dict]:
    chosen: list[_Match] = []
    for u, toks in enumerate(toks_by_unit):
        reg = _registry_matches(toks, u, index)
        # registry persons take a title before them
        for m in reg:
            if any(index.actors[e.actor_id]["type"] == "person" for e in m.entries):
                m.title_i = _full_title_before(toks, m.i, cues)
        # an office title names its institution too ("High Representative of the European Union")
        for m in list(reg):
            if m.j - m.i >= 3 and any(index.actors[e.actor_id]["type"] == "person" for e in m.entries):
                inner = _registry_matches(toks[m.i + 1:m.j], u, index)
                reg.extend(_Match(u, m.i + 1 + n.i, m.i + 1 + n.j, "nested", entries=n.entries) for n in inner
                           if all(index.actors[e.actor_id]["type"] != "person" for e in n.entries))
        # a company suffix after a registry organisation is part of the name as written ("JP Morgan Chase
        # Bank", "HSBC Holdings"), unless another registry name starts there
        starts = {m.i for m in reg}
        for m in reg:
            if m.j < len(toks) and toks[m.j].text in cues.company_suffixes and m.j not in starts \
                    and not toks[m.j - 1].possessive and _joined(toks, m.j, units[u][4]) \
                    and all(index.actors[e.actor_id]["type"] == "organisation" for e in m.entries):
                m.j += 1
        # a state's name before an institution's registry name is the state too ("US Securities and Exchange
        # Commission" = "US" + "Securities and Exchange Commission"; CODING_RULES, second round)
        for m in list(reg):
            if m.rule == "registry" and m.j - m.i >= 2 and all(
                    index.actors[e.actor_id]["type"] == "organisation" for e in m.entries):
                for n_ in _registry_matches(toks[m.i:m.i + 1], u, index):
                    if all(index.actors[e.actor_id]["type"] == "state" for e in n_.entries) \
                            and _is_alias_of(toks[m.i + 1:m.j], m, index):
                        reg.append(_Match(u, m.i, m.i + 1, "nested", entries=n_.entries))
        taken = {k for m in reg for k in range(m.i, m.j)}
        soft = {}
        for m in reg:
            if m.rule == "registry" and all(index.actors[e.actor_id]["type"] == "state" for e in m.entries):
                soft.update(dict.fromkeys(range(m.i, m.j), m))
        for m in reg:
            if m.rule == "nested" or not all(index.actors[e.actor_id]["type"] == "state" for e in m.entries):
                for k in range(m.i, m.j):
                    soft.pop(k, None)
        org_soft = frozenset(m.i for m in reg if m.rule == "registry" and m.j - m.i == 1
                             and all(index.actors[e.actor_id]["type"] == "organisation" for e in m.entries))
        chosen.extend(_select(reg + _discover(toks, u, cues, taken, units[u][4], soft, org_soft)))

    # states the article names outright, for context-dependent aliases
    named_states = {index.actors[e.actor_id]["country"] for m in chosen if m.rule in ("registry", "nested")
                    for e in m.entries if not e.context and index.actors[e.actor_id]["type"] == "state"}
    final: list[_Match] = []
    nested = {id(m) for m in chosen if m.rule == "nested"}
    for m in chosen:
        if m.rule not in ("registry", "nested"):
            final.append(m)
            continue
        entries = [e for e in m.entries if not e.context or e.context in named_states]
        if not entries:
            toks = toks_by_unit[m.unit]
            if any(toks[k].text in cues.org_words for k in range(m.i, m.j)):
                final.append(_Match(m.unit, m.i, m.j, "org_word", type="organisation"))
            continue
        e = next((e for e in entries if e.kind == "alias"), entries[0])
        m.actor_id, m.rule = e.actor_id, e.kind
        final.append(m)

    # context rules for demonyms, metonyms and states named as places
    kept: list[_Match] = []
    person_starts = {(m.unit, m.first) for m in final if m.title_i is not None}
    # states named by name or demonym (for rule `government`; taken before the rules below relabel them)
    state_names = [m for m in final if m.rule in ("alias", "demonym") and index.actors[m.actor_id]["type"] == "state"]
    labels: set[int] = set()  # ids of states that only label an event
    placed: set[tuple[int, int]] = set()  # (unit, end token) of states named as places
    # companies right after a state's possessive or abbreviation: "Germany's Siemens", "China's National
    # Petroleum Corporation", "US Carnival Corporation" (the state is no actor there)
    possessed = {(m.unit, m.i) for m in final if m.rule == "possessor" or (
        m.rule == "org_word" and any(toks_by_unit[m.unit][k].text in cues.company_suffixes for k in range(m.i, m.j)))}
    for m in final:
        toks = toks_by_unit[m.unit]
        if m.rule in ("alias", "metonym") and index.actors[m.actor_id]["type"] == "state" \
                and _event_label(toks, m, cues, units[m.unit][4]):
            # "the Iraq war", "the Lisbon summit": the name labels an event (CODING_RULES A.3)
            labels.add(id(m))
            if places == "drop":
                continue
            if places == "flag":
                m.rule = "place"
        elif m.rule == "alias" and index.actors[m.actor_id]["type"] == "organisation" \
                and _sponsored_event(toks, m, cues, units[m.unit][4]):
            # "the Heineken Cup", "the Volvo Ocean Race": a sponsor's name in an event's name
            continue
        elif m.rule == "demonym":
            if not _demonym_is_agent(toks, m, cues, (m.unit, m.j) in person_starts):
                continue
        elif m.rule == "metonym":
            if not _metonym_is_agent(toks, m, cues, units[m.unit][4]):
                if places == "drop":
                    continue
                m.rule = "place"
        elif m.rule == "alias" and index.actors[m.actor_id]["type"] == "state" and id(m) not in nested \
                and (((m.unit, m.j) in possessed and _before_company(toks, m, units[m.unit][4]))
                     or _ranks_in(toks, m, cues)
                     or _region_of(toks, m, cues, units[m.unit][4])):
            # "Germany's Siemens", "Britain's biggest union", "Northern Ireland": no state actor
            if places == "drop":
                continue
            if places == "flag":
                m.rule = "place"
        elif m.rule == "alias" and index.actors[m.actor_id]["type"] == "state" and id(m) not in nested \
                and (_is_place(toks, m, cues) or _listed_after(toks, m, placed, cues, units[m.unit][4])):
            # ("from the UK Treasury" names the Treasury, not a place: the state stays); a state listed right
            # after a place is a place too ("in the UK, Holland and Luxembourg")
            placed.add((m.unit, m.j))
            if places == "drop":
                continue
            if places == "flag":
                m.rule = "place"
        elif m.rule == "alias" and index.actors[m.actor_id]["type"] == "state" \
                and _attributive(toks, m, cues, units[m.unit][4]) \
                and not _demonym_is_agent(toks, m, cues, (m.unit, m.j) in person_starts):
            # a state name used as a modifier reads as its demonym: "UK visa holders" and "US food
            # maker" name no agent, "UK economy" and "US troops" do (CODING_RULES A.3)
            continue
        kept.append(m)

    kept.extend(_government_mentions([m for m in state_names if id(m) not in labels], toks_by_unit,
                                     [u[4] for u in units]))

    # discovered people: full names, and surnames that resolve to them
    people: list[tuple[_Match, tuple[str, ...]]] = []
    for m in kept:
        if m.rule in ("title", "given_name", "speaker") and m.j - m.i >= 2:
            words = tuple(t.text for t in toks_by_unit[m.unit][m.i:m.j])
            m.name = " ".join(words)
            m.actor_id = _slug(m.name)
            people.append((m, words))
    # "Mr De Vido" after "Julio De Vido": a titled name of two or more words, no given name first, that ends
    # another person's full name is that person; of several, the nearest before it (else the first after it),
    # as a bare surname resolves (`resolve` below)
    for m, words in people:
        if m.rule == "title" and words[0] not in cues.given and "of" not in words:
            other = _nearest([(o.unit, o.i, o) for o, ow in people if len(ow) > len(words)
                              and ow[-len(words):] == words], m.unit, m.i)
            if other is not None:
                m.actor_id, m.name = other.actor_id, other.name
    full: dict[str, list[tuple[int, int, str]]] = defaultdict(list)  # surname -> (unit, pos, actor)
    peers = []
    seats: set[str] = set()  # the places of peers' names ("Cardiff" of "Lord Callaghan of Cardiff")
    for m, words in people:
        # a peer's territorial name ("Lord Callaghan of Cardiff"): the surname is the word before "of"
        of = words.index("of") if m.rule == "title" and "of" in words[1:-1] else None
        full[words[-1] if of is None else words[of - 1]].append((m.unit, m.i, m.actor_id))
        if of == 1:
            peers.append(m)
        if of is not None:
            seats.update(words[of + 1:])
    for m in kept:
        if m.actor_id in index.actors and index.actors[m.actor_id]["type"] == "person":
            full[index.actors[m.actor_id]["name"].split()[-1]].append((m.unit, m.i, m.actor_id))
    for lst in full.values():
        lst.sort(key=lambda c: (c[0], c[1]))  # reading order
    names = {m.actor_id: m.name for m in kept if m.name}
    # the given name of each person named in full, for the titles of men ("Lord Kinnock" is not Glenys Kinnock)
    given_of = {m.actor_id: words[0] for m, words in people}
    for m in kept:
        if m.actor_id in index.actors and index.actors[m.actor_id]["type"] == "person":
            given_of[m.actor_id] = index.actors[m.actor_id]["name"].split()[0]

    def named(surname: str, male: bool) -> list[tuple[int, int, str]]:
        """The people named in full with this surname, in reading order; after a ``male_title`` ("Mr", "Lord":
        ``male``), not one whose given name is a ``female_given_name``."""
        return [c for c in full.get(surname, ()) if not (male and given_of.get(c[2]) in cues.female_given)]

    def resolve(surname: str, unit: int, pos: int, male: bool = False) -> str | None:
        """The person :func:`named` with this surname nearest before (unit, pos), else the first after it."""
        return _nearest(named(surname, male), unit, pos)

    def male(m: _Match) -> bool:
        return m.title_i is not None and any(t.text in cues.male_titles for t in toks_by_unit[m.unit][m.title_i:m.i])

    # "Lord Callaghan of Cardiff" is the Jim Callaghan the article names too, if that is the one person with the
    # surname the article names in full before him (or, none before, after him): "Lord Thatcher of X" after
    # Margaret and Mark Thatcher stays his own actor
    for m in peers:
        toks = toks_by_unit[m.unit]
        cands = [c for c in named(toks[m.i].text, male(m)) if c[2] != m.actor_id]
        before = {a for u, k, a in cands if (u, k) <= (m.unit, m.i)}
        ids = before or {a for _, _, a in cands}
        if len(ids) == 1:
            aid = ids.pop()
            old, m.actor_id, m.name = m.actor_id, aid, names.get(aid, "") or m.name
            for lst in full.values():
                lst[:] = [(u, k, aid if a == old else a) for u, k, a in lst]
    # "Sir John" after "Sir John Bourn": a first-name title and a given name are the person named in full with
    # that title and given name, else one named in full with that given name (the nearest before it, else the
    # first after it), before any person with the surname "John"
    first_named: dict[tuple[str, str], list[tuple[int, int, str]]] = defaultdict(list)
    for m, words in people:
        if words[0] in cues.given:
            first_named[("", words[0])].append((m.unit, m.i, m.actor_id))
            if m.title_i is not None:
                first_named[(toks_by_unit[m.unit][m.i - 1].text, words[0])].append((m.unit, m.i, m.actor_id))

    unresolved_roles = []
    for m in kept:
        toks = toks_by_unit[m.unit]
        if m.rule == "title" and m.j - m.i == 1:
            aid = None
            title = toks[m.i - 1].text if m.title_i is not None else ""
            if title in cues.first_name_titles and toks[m.i].text in cues.given:
                aid = _nearest(first_named.get((title, toks[m.i].text), ()), m.unit, m.i) \
                    or _nearest(first_named.get(("", toks[m.i].text), ()), m.unit, m.i)
            aid = aid or resolve(toks[m.i].text, m.unit, m.i, male(m))
            m.actor_id = aid or _slug(toks[m.i].text)
            m.name = names.get(aid, "") if aid else toks[m.i].text
            if not aid and m.role:
                unresolved_roles.append(m)
        elif m.rule in ("descriptor", "possessor") and m.j - m.i == 1:
            # "his rival Brown", "Spain's Nadal": a surname of a person the article names in full
            aid = resolve(toks[m.i].text, m.unit, m.i)
            if aid:
                m.rule, m.actor_id, m.type = "surname", aid, "person"
    # a role noun before one capitalised word that names no person of the article is too weak
    # ("the foreign secretary's official Kent house"); a title before it is not ("Mr Straw")
    weak = {id(m) for m in unresolved_roles}
    kept = [m for m in kept if id(m) not in weak]

    # bare surnames and corpus-proper words on the tokens left over (tokens of any registry
    # match, even one the context rules rejected, stay taken: "London" as a place is no company)
    taken_by_unit = defaultdict(set)
    for m in [*chosen, *kept]:
        taken_by_unit[m.unit].update(range(m.first, m.j))
    extra = []
    first_names = _kin_first_names(toks_by_unit, cues, [u[4] for u in units]) | seats
    for u, toks in enumerate(toks_by_unit):
        taken, text = taken_by_unit[u], units[u][4]
        i = 0
        while i < len(toks):
            t = toks[i]
            if not t.capitalised or i in taken or not _is_namey(t, cues):
                i += 1
                continue
            # a sentence-initial word that is neither a known surname nor a proper word of the
            # article is an ordinary word in capitals: it must not swallow the name after it
            # ("Later Kraft said")
            if t.initial and proper is not None and t.text not in proper and not resolve(t.text, u, i):
                i += 1
                continue
            j = i + 1
            while j < len(toks) and j not in taken and not toks[j - 1].possessive and _joined(toks, j, text) \
                    and _is_namey(toks[j], cues) and toks[j].text not in cues.acronym_stop \
                    and toks[j].text not in cues.postnominal:
                j += 1
            words = [x.text for x in toks[i:j]]
            aid = resolve(t.text, u, i) if j == i + 1 else None
            if aid:
                extra.append(_Match(u, i, j, "surname", actor_id=aid, type="person"))
            elif proper is not None and all(w in proper for w in words) and words[0] not in cues.given \
                    and not HYPHEN_SUFFIX_RE.search(words[-1]) and not (len(words) == 1 and (
                        words[0] in index.peoples or words[0] in first_names or words[0].endswith("ism"))) \
                    and not any(w in cues.non_actor or w in cues.group_words or w in cues.org_words
                                or w in cues.modifiers or w.isupper() or w in cues.acronym_stop for w in words):
                extra.append(_Match(u, i, j, "proper_word", type="organisation",
                                    name=" ".join(words)))
            i = j
    if proper is not None:
        counts = Counter(m.name for m in extra if m.rule == "proper_word")
        places_ = _place_words(extra, toks_by_unit, cues)
        numbered = _numbered_words(extra, toks_by_unit, [u[4] for u in units])
        extra = [m for m in extra if m.rule != "proper_word"
                 or (counts[m.name] >= PROPER_MIN_IN_ARTICLE and m.name not in places_ and m.name not in numbered)]
        # "Werner Seifert ... Mr Seifert": a proper-word run whose last word a titled surname
        # repeats is a person
        titled = {toks_by_unit[m.unit][m.i].text: m for m in kept
                  if m.rule == "title" and m.j - m.i == 1 and m.actor_id.startswith("disc:")}
        # so is an acronym run ("JP McManus ... Mr McManus")
        for m in [*extra, *(m for m in kept if m.rule == "acronym" and m.j - m.i >= 2)]:
            if m.rule == "acronym":
                m.name = " ".join(t.text for t in toks_by_unit[m.unit][m.i:m.j])
            last = m.name.split()[-1] if m.rule in ("proper_word", "acronym") else ""
            if " " in m.name and last in titled:
                m.type, m.actor_id = "person", _slug(m.name)
                for p in kept:
                    if p.rule == "title" and p.j - p.i == 1 and toks_by_unit[p.unit][p.i].text == last:
                        p.actor_id, p.name = m.actor_id, m.name
    kept.extend(extra)
    kept.extend(_list_orgs(kept, chosen, toks_by_unit, index, cues, [u[4] for u in units]))
    kept = _resolve_short_orgs(kept, toks_by_unit, index, cues, [u[4] for u in units])

    rows = []
    for m in kept:
        art, sid, para, fld, text, offset = units[m.unit]
        toks = toks_by_unit[m.unit]
        start, end = toks[m.first].start, toks[m.j - 1].end
        if m.actor_id in index.actors:
            a = index.actors[m.actor_id]
            name, typ, country, source = a["name"], a["type"], a["country"], "registry"
        else:
            name = m.name or names.get(m.actor_id) or " ".join(t.text for t in toks[m.i:m.j])
            if not m.actor_id:
                m.actor_id = _slug(name)
            typ, country, source = m.type, "", "discovered"
        rows.append({
            "article_id": art, "sentence_id": sid, "paragraph": para, "field": fld,
            "actor_id": m.actor_id, "name": name, "type": typ, "country": country,
            "surface": text[start:end],
            "title": text[start:toks[m.i].start].strip() if m.title_i is not None else "",
            "start": offset + start, "end": offset + end,
            "source": source, "rule": m.rule, "confidence": RULE_CONFIDENCE[m.rule],
        })
    return rows


LIST_SEPARATORS = (", ", " and ", ", and ")


def _list_orgs(kept: list[_Match], chosen: list[_Match], toks_by_unit: list[list[Token]], index: _Index,
               cues: _Cues, texts: list[str]) -> list[_Match]:
    """Names in a list of organisations: in a list of three or more names joined by commas and a final
    "and" ("ABN Amro, BNP Paribas, Calyon and Dresdner Kleinwort"), at least two of them organisations
    and none a person, state or place, the other capitalised names are organisations too (rule
    ``list``). A name after the final "and" keeps an "and" of its own ("Liggett Group and Brown and
    Williamson"). A new name needs a word that is not a common English word, or an acronym."""
    by_unit: dict[int, list[_Match]] = defaultdict(list)
    for m in kept:
        by_unit[m.unit].append(m)
    out = []
    for u, ms in by_unit.items():
        text = texts[u]
        if ", " not in text or " and " not in text:
            continue
        kind = {}
        strong = set()  # organisations found by more than one capitalised word's repetition (proper_word)
        for m in ms:
            typ = index.actors[m.actor_id]["type"] if m.actor_id in index.actors else m.type
            kind[m.first] = (m.j, "org" if typ == "organisation" else "other")
            if typ == "organisation" and m.rule != "proper_word":
                strong.add(m.first)
        if sum(k == "org" for _, k in kind.values()) < 2 or not strong:
            continue
        for m in chosen:  # registry names the context rules dropped (places) end a list too
            if m.unit == u:
                kind.setdefault(m.first, (m.j, "other"))
        taken = {k for m in (*ms, *(m for m in chosen if m.unit == u)) for k in range(m.first, m.j)}
        toks = toks_by_unit[u]
        n = len(toks)
        items = []  # (first token, end, kind): kind org, other or new
        k = 0
        while k < n:
            if k in kind:
                items.append((k, *kind[k]))
                k = kind[k][0]
            elif k not in taken and _is_namey(toks[k], cues):
                j = k + 1
                while j < n and j not in taken and _is_namey(toks[j], cues) and not toks[j - 1].possessive \
                        and (_joined(toks, j, text) or text[toks[j - 1].end:toks[j].start] == " & "):
                    j += 1  # "Scottish & Newcastle"
                items.append((k, j, "new"))
                k = j
            else:
                k += 1

        def gap(a: tuple, b: tuple, toks: list[Token] = toks, text: str = text) -> str:
            return text[toks[a[1] - 1].end:toks[b[0]].start]

        t = 0
        while t < len(items):
            chain, closed = [items[t]], False
            while t + 1 < len(items) and not closed and not toks[items[t][1] - 1].possessive:
                sep = gap(items[t], items[t + 1])
                if sep not in LIST_SEPARATORS:
                    break
                chain.append(items[t + 1])
                closed = sep != ", "
                t += 1
            if closed and chain[-1][2] == "new" and t + 1 < len(items) and items[t + 1][2] == "new" \
                    and gap(items[t], items[t + 1]) == " and ":
                chain[-1] = (chain[-1][0], items[t + 1][1], "new")
                t += 1
            if closed and len(chain) >= 3 and all(c[2] != "other" for c in chain) \
                    and sum(c[2] == "org" for c in chain) >= 2 and any(c[0] in strong for c in chain):
                for a, b, c in chain:
                    words = toks[a:b]
                    if c == "new" and words[0].text not in cues.given and not words[0].initial \
                            and any(_uncommon(w, cues) for w in words if w.text != "and") \
                            and not any(w.text in cues.non_actor or w.text in cues.group_words
                                        or w.text in cues.modifiers for w in words[-1:]):
                        out.append(_Match(u, a, b, "list", type="organisation",
                                          name=text[words[0].start:words[-1].end]))
            t += 1
    return out


def _numbered_words(matches: list[_Match], toks_by_unit: list[list[Token]], texts: list[str]) -> set[str]:
    """Proper-word names that a number follows in every use: a numbered thing ("Chapter 11", "PlayStation 2",
    "Euro 2004"), not an actor."""
    uses: Counter[str] = Counter()
    numbered: Counter[str] = Counter()
    for m in matches:
        if m.rule != "proper_word":
            continue
        toks = toks_by_unit[m.unit]
        uses[m.name] += 1
        numbered[m.name] += m.j < len(toks) and toks[m.j].text[:1].isdigit() and not toks[m.j - 1].possessive \
            and _joined(toks, m.j, texts[m.unit])
    return {w for w, c in uses.items() if numbered[w] == c}


def _kin_first_names(toks_by_unit: list[list[Token]], cues: _Cues, texts: list[str]) -> set[str]:
    """Capitalised words that the article writes alone right after a family noun ("his wife Audrey", "her son
    Mark"): first names, so no actor on their own (CODING_RULES, second round: a first name alone is not coded)."""
    out = set()
    for toks, text in zip(toks_by_unit, texts, strict=True):
        for k in range(1, len(toks)):
            if toks[k - 1].text in cues.kin_nouns and toks[k].capitalised and not toks[k - 1].possessive \
                    and _joined(toks, k, text) and not (k + 1 < len(toks) and _joined(toks, k + 1, text)
                                                        and _is_namey(toks[k + 1], cues)):
                out.add(toks[k].text)
    return out


def _place_words(matches: list[_Match], toks_by_unit: list[list[Token]], cues: _Cues) -> set[str]:
    """One-word proper names that follow a locative preposition ("from Leicester", "in the
    Belmarsh") in more than half of their uses: places, not organisations ("shares in Kraft" once
    is not enough)."""
    uses: Counter[str] = Counter()
    placed: Counter[str] = Counter()
    for m in matches:
        if m.rule != "proper_word" or m.j - m.i != 1:
            continue
        toks = toks_by_unit[m.unit]
        k = m.i - 1
        if k >= 0 and toks[k].text == "the":
            k -= 1
        uses[m.name] += 1
        placed[m.name] += k >= 0 and toks[k].text.lower() in cues.locatives
    return {w for w, c in uses.items() if 2 * placed[w] > c}


def _abbreviates(word: str, words: list[str]) -> bool:
    """The capitals of ``word`` are, in order, among the initials of ``words`` ("BoE" of "Bank of
    England", "PCS" of "Public and Commercial Services Union").

    >>> _abbreviates("BoE", ["Bank", "of", "England"]), _abbreviates("ONS", ["Office", "for", "National"])
    (True, False)
    """
    initials = iter(_initials(words))
    caps = [c for c in word if c.isupper()]
    return len(caps) >= 2 and all(c in initials for c in caps)


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper() and w != "The")


def _resolve_short_orgs(matches: list[_Match], toks_by_unit: list[list[Token]], index: _Index,
                        cues: _Cues, texts: list[str]) -> list[_Match]:
    """A one-word organisation that abbreviates or shortens a longer one in the same article is
    that organisation: "WLGA" after "Welsh Local Government Association", "Lords" after "House of
    Lords", "Telegraph" after "Sunday Telegraph". A generic organisation word alone ("the Bank",
    "the Agency") is the nearest organisation named in the article that holds it as its first or
    last word (registry organisations included: "Bank" -> "Bank of England"), else no actor. An
    abbreviation in brackets right after an organisation's name, its capitals taken from the name's
    initials, is that organisation ("Public and Commercial Services Union (PCS)", "Bank of England (BoE)")."""
    org_words = cues.org_words
    ends = {(m.unit, m.j): m for m in matches if m.j - m.i >= 2 and (
        m.type == "organisation" if m.actor_id not in index.actors
        else index.actors[m.actor_id]["type"] == "organisation")}
    long: list[tuple[str, str, str]] = []  # (name, last word, initials)
    holders: dict[str, list[tuple[tuple[int, int], str, str]]] = defaultdict(list)  # word -> (pos, id, name)
    for m in matches:
        if m.actor_id in index.actors:
            a = index.actors[m.actor_id]
            words = a["name"].split()
            if a["type"] == "organisation" and len(words) >= 2:
                for w in {words[0], words[-1]} & cues.generic_orgs:
                    holders[w].append(((m.unit, m.i), m.actor_id, a["name"]))
            continue
        if m.type != "organisation":
            continue
        words = [t.text for t in toks_by_unit[m.unit][m.i:m.j]]
        span = texts[m.unit][toks_by_unit[m.unit][m.i].start:toks_by_unit[m.unit][m.j - 1].end]
        m.name = m.name or (span if " & " in span else " ".join(words))  # "Oil & Natural Gas Corp"
        if len(words) >= 2:
            long.append((m.name, words[-1], _initials(words)))
            for w in {words[0], words[-1]} & cues.generic_orgs:
                holders[w].append(((m.unit, m.i), "", m.name))
    firsts = {n.split()[0]: n for n, last, _ in long if last in org_words}
    short = [m for m in matches if m.actor_id not in index.actors and m.type == "organisation" and m.j - m.i == 1]
    defined: dict[str, tuple[str, str]] = {}  # abbreviation -> (name, actor_id)
    for m in short:
        toks = toks_by_unit[m.unit]
        named = ends.get((m.unit, m.i))
        if named is not None and texts[m.unit][toks[m.i - 1].end:toks[m.i].start].strip() == "(" \
                and _abbreviates(toks[m.i].text, [t.text for t in toks[named.i:named.j]]):
            defined.setdefault(toks[m.i].text, (named.name, named.actor_id or _slug(named.name)))
    dropped = []
    for m in short:
        word = toks_by_unit[m.unit][m.i].text
        if word in defined:
            m.name, m.actor_id = defined[word]
            continue
        if word in cues.generic_orgs:
            found = holders.get(word)
            if not found:
                dropped.append(m)
                continue
            before = [h for h in found if h[0] <= (m.unit, m.i)]
            _, aid, name = before[-1] if before else found[0]
            m.name, m.actor_id = name, aid or _slug(name)
            continue
        for name, last, initials in long:
            if word == last or (word.isupper() and len(word) >= 2 and word == initials):
                m.name, m.actor_id = name, _slug(name)
                break
        else:
            if word in firsts:  # "Labour" after "Labour Party"
                m.name, m.actor_id = firsts[word], _slug(firsts[word])
    # singular and plural of one name are one actor ("Tory" and "Tories", "Lib Dem" and "Lib Dems")
    names = {m.name for m in matches if m.actor_id.startswith("disc:") and m.type == "organisation"}
    for m in matches:
        if m.actor_id.startswith("disc:") and m.type == "organisation":
            for single in (m.name[:-1], m.name[:-3] + "y" if m.name.endswith("ies") else None):
                if single and single != m.name and single in names:
                    m.name, m.actor_id = single, _slug(single)
                    break
    gone = {id(m) for m in dropped}
    return [m for m in matches if id(m) not in gone]


def _units(sentences: pd.DataFrame, articles: pd.DataFrame | None, fields: tuple[str, ...]) -> dict:
    """Text units per article, in reading order: (article_id, sentence_id, paragraph, field, text, offset)."""
    by_article: dict[str, list[tuple]] = defaultdict(list)
    if articles is not None:
        for fld, para in (("title", -2), ("standfirst", -1)):
            if fld in fields and fld in articles.columns:
                for art, text in zip(articles["article_id"], articles[fld].fillna(""), strict=True):
                    if str(text).strip():
                        by_article[str(art)].append((str(art), f"{art}:{fld}", para, fld, str(text), 0))
    if "body" in fields:
        for art, sid, para, text in zip(sentences["article_id"], sentences["sentence_id"],
                                        sentences["paragraph"], sentences["text"], strict=True):
            by_article[str(art)].append((str(art), sid, int(para), "body", str(text), None))
        starts = dict(zip(sentences["sentence_id"], sentences["start"], strict=True))
        for art, lst in by_article.items():
            by_article[art] = [u if u[5] is not None else (*u[:5], int(starts[u[1]])) for u in lst]
    return by_article


def find_mentions(sentences: pd.DataFrame, articles: pd.DataFrame | None = None, *,
                  registry: pd.DataFrame | None = None, discover: bool = True,
                  places: str = "drop", min_confidence: float = MIN_CONFIDENCE,
                  fields: tuple[str, ...] = FIELDS) -> pd.DataFrame:
    """Actor mentions in the sentences (and the titles and standfirsts) of each article.

    Parameters
    ----------
    sentences : the corpus sentences (article_id, sentence_id, paragraph, text, start).
    articles : the corpus articles; when given, their ``title`` and ``standfirst`` are read too,
        with sentence_id ``<article_id>:title`` / ``:standfirst``, paragraph -2 / -1 and offsets into
        that field (body mentions have offsets into ``articles.body``).
    registry : from :func:`load_registry`; None uses the packaged registry.
    discover : also report names missing from the registry (source "discovered").
    places : what to do with a state named as a location ("a factory in Germany", a capital that
        is not an agent): "drop" it, "flag" it (rule "place", confidence 0.3) or "keep" it as an
        actor mention (pure gazetteer).
    min_confidence : drop mentions whose rule is less sure than this (see RULE_CONFIDENCE).
    fields : which texts to read, among "title", "standfirst", "body".

    Returns
    -------
    DataFrame with MENTION_COLUMNS, one row per mention, in reading order.

    >>> s = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": ["a:s000", "a:s001"],
    ...     "paragraph": [0, 0], "text": ["Tony Blair met Foreign Minister Lavrov.", "Mr Blair smiled."],
    ...     "start": [0, 40], "end": [39, 56]})
    >>> find_mentions(s)[["name", "surface", "rule"]].values.tolist()
    [['Tony Blair', 'Tony Blair', 'given_name'], ['Sergey Lavrov', 'Foreign Minister Lavrov', 'alias'], \
['Tony Blair', 'Mr Blair', 'title']]
    """
    if places not in PLACES:
        raise InputError("find_mentions", f"places must be one of {', '.join(PLACES)}, not {places!r}")
    bad = [f for f in fields if f not in FIELDS]
    if bad:
        raise InputError("find_mentions", f"unknown field(s) {', '.join(bad)}; expected {', '.join(FIELDS)}")
    need = ["article_id", "sentence_id", "paragraph", "text", "start"]
    missing = [c for c in need if c not in sentences.columns]
    if missing:
        raise InputError("find_mentions", f"sentences table lacks column(s) {', '.join(missing)}")
    if not 0 <= min_confidence <= 1:
        raise InputError("find_mentions", f"min_confidence must be in [0, 1], not {min_confidence}")
    index = _build_index(_default_registry() if registry is None else _validate_registry(registry, "registry"))
    cues = _cues()
    units = _units(sentences, articles, fields)
    rows = []
    for lst in units.values():
        # one article at a time: its tokens are dropped before the next article is read, so the
        # garbage collector never walks the tokens of the whole corpus (that walk was a third of the
        # run time), and nothing an article finds depends on another article
        toks = [tokens(u[4]) for u in lst]
        proper = _proper_words(toks, cues.common) if discover else None
        rows.extend(_article_mentions(lst, toks, index, cues, proper, places))
    out = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    if not discover:
        out = out[out["source"] == "registry"]
    out = out[out["confidence"] >= min_confidence]
    return out.astype({"paragraph": "int64", "start": "int64", "end": "int64"}).reset_index(drop=True)


def actor_counts(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions per article and actor, with every surface form the article used.

    Columns: article_id, actor_id, name, type, country, source, n_mentions, n_sentences,
    first_sentence, surfaces (``|`` separated, in order of first use).

    >>> m = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": ["a:s0", "a:s1"], "actor_id": ["x", "x"],
    ...     "name": ["X"] * 2, "type": ["state"] * 2, "country": ["XXX"] * 2, "surface": ["X", "Xish"],
    ...     "source": ["registry"] * 2})
    >>> actor_counts(m)[["n_mentions", "surfaces"]].values.tolist()
    [[2, 'X|Xish']]
    """
    cols = ["article_id", "actor_id", "name", "type", "country", "source", "n_mentions", "n_sentences",
            "first_sentence", "surfaces"]
    if mentions.empty:
        return pd.DataFrame(columns=cols)
    g = mentions.groupby(["article_id", "actor_id"], sort=False)
    out = g.agg(name=("name", "first"), type=("type", "first"), country=("country", "first"),
                source=("source", "first"), n_mentions=("surface", "size"),
                n_sentences=("sentence_id", "nunique"), first_sentence=("sentence_id", "first"))
    # every surface, an empty one too (the table's contract since round 1: "" and "Mr X" give "|Mr X")
    used = _in_row_order(zip(mentions["article_id"], mentions["actor_id"], strict=True), mentions["surface"],
                         keep_empty=True)
    out["surfaces"] = ["|".join(dict.fromkeys(used.get(key, []))) for key in out.index]
    out = out.reset_index()
    return out[cols].sort_values(["article_id", "n_mentions", "actor_id"], ascending=[True, False, True],
                                 kind="stable").reset_index(drop=True)


CANDIDATE_COLUMNS = ["actor_id", "name", "type", "rule", "n_mentions", "n_articles", "surfaces"]
# Candidate counts: one row per discovered actor and discovery rule (rules are counted, the most frequent is shown).
CANDIDATE_COUNT_COLUMNS = ["actor_id", "rule", "name", "type", "n_rule", "n_mentions", "n_articles", "surfaces"]
MAX_SURFACES = 5


def _in_row_order(keys: Iterable, surfaces: Iterable[str], *, keep_empty: bool = False) -> dict[object, list[str]]:
    """Each key's non-empty (with ``keep_empty``: all) surface strings in row order, in one pass (a pandas
    aggregation with a Python function per group costs more than the rest of the table)."""
    out: dict[object, list[str]] = {}
    for key, surface in zip(keys, surfaces, strict=True):
        if surface or keep_empty:
            out.setdefault(key, []).append(surface)
    return out


def _first_surfaces(surfaces: Iterable[str]) -> str:
    return "|".join(list(dict.fromkeys("|".join(surfaces).split("|")))[:MAX_SURFACES])


def _one_row_per_rule(rules: pd.DataFrame, per_actor: pd.DataFrame) -> pd.DataFrame:
    out = rules.merge(per_actor.reset_index(), on="actor_id", how="left")
    # actor-level columns are carried on the actor's first rule row only, so that adding counts adds them once
    later = out["actor_id"].duplicated()
    out.loc[later, ["n_mentions", "n_articles"]] = 0
    out.loc[later, "surfaces"] = ""
    return out[CANDIDATE_COUNT_COLUMNS]


def candidate_counts(mentions: pd.DataFrame) -> pd.DataFrame:
    """The additive state of :func:`candidates`: per discovered actor and rule, counts and first surfaces.

    Counts of disjoint sets of articles add up with :func:`add_candidate_counts`, so a streaming run keeps
    one running total, not every discovered mention.
    """
    d = mentions[mentions["source"] == "discovered"]
    if d.empty:
        return pd.DataFrame(columns=CANDIDATE_COUNT_COLUMNS)
    per_actor = d.groupby("actor_id", sort=True).agg(
        name=("name", "first"), type=("type", "first"), n_mentions=("surface", "size"),
        n_articles=("article_id", "nunique"))
    used = _in_row_order(d["actor_id"], d["surface"], keep_empty=True)
    per_actor["surfaces"] = [_first_surfaces(used[actor]) for actor in per_actor.index]
    rules = d.groupby(["actor_id", "rule"], sort=True).size().rename("n_rule").reset_index()
    return _one_row_per_rule(rules, per_actor)


def add_candidate_counts(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """The candidate counts of two disjoint sets of articles, ``first`` read before ``second``."""
    parts = [t for t in (first, second) if not t.empty]  # (concat warns about empty frames' dtypes)
    if not parts:
        return pd.DataFrame(columns=CANDIDATE_COUNT_COLUMNS)
    both = pd.concat(parts, ignore_index=True)
    per_actor = both.groupby("actor_id", sort=True).agg(
        name=("name", "first"), type=("type", "first"), n_mentions=("n_mentions", "sum"),
        n_articles=("n_articles", "sum"))
    listed = _in_row_order(both["actor_id"], both["surfaces"])  # first's lists before second's
    per_actor["surfaces"] = [_first_surfaces(listed.get(actor, [])) for actor in per_actor.index]
    rules = both.groupby(["actor_id", "rule"], sort=True)["n_rule"].sum().reset_index()
    return _one_row_per_rule(rules, per_actor)


def candidate_table(counts: pd.DataFrame) -> pd.DataFrame:
    """The candidates table from :func:`candidate_counts` (of a corpus, or added up over chunks)."""
    if counts.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    # the most frequent rule; ties go to the rule that sorts first
    ranked = counts.sort_values(["actor_id", "n_rule", "rule"], ascending=[True, False, True], kind="stable")
    top = ranked.drop_duplicates("actor_id")[["actor_id", "rule"]]
    per_actor = counts.drop(columns="rule").drop_duplicates("actor_id")
    out = per_actor.merge(top, on="actor_id", how="left").astype({"n_mentions": "int64", "n_articles": "int64"})
    return out[CANDIDATE_COLUMNS].sort_values(["n_articles", "n_mentions", "name"], ascending=[False, False, True],
                                              kind="stable").reset_index(drop=True)


def candidates(mentions: pd.DataFrame) -> pd.DataFrame:
    """Discovered actors the registry lacks, with counts: who a registry for this corpus is missing.

    Columns: actor_id, name, type, rule (the most frequent; ties go to the rule that sorts first),
    n_mentions, n_articles, surfaces (the first five distinct). Sorted by articles then mentions, most first.
    It equals ``candidate_table(candidate_counts(mentions))``; over chunks of a corpus, add the chunks'
    counts with :func:`add_candidate_counts` first.
    """
    return candidate_table(candidate_counts(mentions))
