"""Data files: provenance headers are skipped, and a missing file is a clear error, packaged or not."""

import pytest

from analysis.errors import InputError
from analysis.resources import provenance, read_table


def test_header_lines_are_provenance_not_data():
    assert provenance("boilerplate.csv").startswith("Boilerplate markers: paragraphs that open a block of links")
    assert read_table("boilerplate.csv").columns.tolist() == ["marker", "note"]


@pytest.mark.parametrize(("name", "where"), [("nope.csv", "analysis/data/nope.csv"), ("./nope.csv", "nope.csv")])
def test_a_missing_data_file_is_an_input_error(name, where):
    with pytest.raises(InputError) as err:
        read_table(name)
    assert err.value.where == where
    assert "no such" in err.value.reason
