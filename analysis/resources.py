"""Read the package's data files: lexicons, registries and codebooks.

Every data file opens with a provenance header: lines starting with ``#`` that say where the data
came from, its licence and how it was built. The header is skipped here, never parsed as data, so
a ``#`` inside a data row is safe.

>>> read_table("boilerplate.csv").columns[0]
'marker'
"""

import io
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from analysis.errors import InputError


def _open_text(name: str | Path) -> tuple[str, str]:
    """Text of a packaged data file (a bare name) or of a user's file (a path)."""
    if isinstance(name, Path) or "/" in str(name) or "\\" in str(name):
        path = Path(name)
        try:
            return path.read_text(encoding="utf-8-sig"), str(path)
        except FileNotFoundError:
            raise InputError(path, "no such file") from None
        except UnicodeDecodeError as err:
            raise InputError(path, f"not UTF-8 text ({err.reason} at byte {err.start})") from None
    where = f"analysis/data/{name}"
    try:
        return resources.files("analysis").joinpath("data").joinpath(name).read_text(encoding="utf-8"), where
    except FileNotFoundError:
        raise InputError(where, "no such packaged data file (give a path with a folder for your own file)") from None


def provenance(name: str | Path) -> str:
    """The provenance header of a data file, without the leading ``# ``."""
    text, _ = _open_text(name)
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip())
    return "\n".join(lines)


def _body(text: str) -> str:
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        start += 1
    return "".join(lines[start:])


def read_table(name: str | Path, sep: str = ",") -> pd.DataFrame:
    """A CSV/TSV data file as a DataFrame of strings (empty cells are empty strings)."""
    text, where = _open_text(name)
    try:
        return pd.read_csv(io.StringIO(_body(text)), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise InputError(where, f"not a valid table ({str(err).strip()})") from None


def read_yaml(name: str | Path) -> object:
    """A YAML data file (its ``#`` provenance header is a YAML comment)."""
    text, where = _open_text(name)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise InputError(f"{where}:{mark.line + 1}" if mark else where, f"not valid YAML ({problem})") from None
