"""Tone, actor co-occurrence and framing features for English news articles.

The curated entry points (the edge table is ``analysis.cooccurrence.cooccurrence``: a function of that name here
would hide the module); each module (``corpus``, ``tone``, ``actors``, ``cooccurrence``, ``framing``,
``features``, ``pipeline``, ``validation``, ``figures``) documents the rest.

>>> from analysis import build_features, load_corpus
>>> from analysis.paths import SEEDS
>>> sorted(build_features(*load_corpus(SEEDS)))[:3]
['actor_tone', 'actors', 'articles']
"""

from analysis.actors import actor_counts, candidates, find_mentions, load_registry
from analysis.cooccurrence import cooccurrence_graph, cooccurrence_matrix, write_graph
from analysis.corpus import load_corpus, words
from analysis.errors import InputError
from analysis.features import build_features, write_tables
from analysis.framing import FrameClassifier, cross_validate_frames, detect_frames, frame_salience, load_codebook
from analysis.tone import CalibratedTone, actor_tone, article_tone, sentence_tone

__all__ = [
    "CalibratedTone",
    "FrameClassifier",
    "InputError",
    "actor_counts",
    "actor_tone",
    "article_tone",
    "build_features",
    "candidates",
    "cooccurrence_graph",
    "cooccurrence_matrix",
    "cross_validate_frames",
    "detect_frames",
    "find_mentions",
    "frame_salience",
    "load_codebook",
    "load_corpus",
    "load_registry",
    "sentence_tone",
    "words",
    "write_graph",
    "write_tables",
]
