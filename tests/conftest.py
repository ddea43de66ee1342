"""Shared fixtures: the seeds and the shared corpora (skipped with a reason where absent)."""

import pytest

from analysis.corpus import load_corpus
from analysis.paths import BBC, SEEDS, SHARED_DATA


@pytest.fixture(scope="session")
def seeds():
    """(articles, sentences) of the two seed articles."""
    return load_corpus(SEEDS)


@pytest.fixture(scope="session")
def bbc_root():
    if not BBC.is_dir():
        pytest.skip(f"the BBC corpus is not at {BBC} (it lives in ../shared/data beside the repository)")
    return BBC


@pytest.fixture(scope="session")
def bbc(bbc_root):
    """(articles, sentences) of the 2,225 BBC News articles."""
    return load_corpus(bbc_root)


@pytest.fixture(scope="session")
def shared_data():
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data is not at {SHARED_DATA}")
    return SHARED_DATA
