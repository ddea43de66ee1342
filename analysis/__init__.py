"""Tone, actor co-occurrence and framing features for English news articles.

>>> from analysis import load_corpus
"""

from analysis.corpus import load_corpus, words
from analysis.errors import InputError

__all__ = ["InputError", "load_corpus", "words"]
