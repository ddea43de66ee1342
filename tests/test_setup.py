"""The two set-up routes (pip + constraints, conda) describe one environment."""

import re
import subprocess
import tomllib

import yaml

from analysis.paths import ROOT


def pins(requirements):
    return {re.split("[=<>]", r)[0].lower(): r.split("==")[1] for r in requirements if "==" in r}


# The extras `make env` installs; environment.yml mirrors that environment (other extras are opt-in).
DEFAULT_EXTRAS = ("dev", "scale", "embeddings")


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = pins(project["dependencies"] + [r for name in DEFAULT_EXTRAS for r in extras[name]])
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert pins(r for r in pip_section if not r.startswith("-")) == wanted


def test_constraints_agree_with_the_direct_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    direct = pins(project["dependencies"])
    locked = pins(line for line in (ROOT / "constraints.txt").read_text().splitlines() if not line.startswith("#"))
    assert {name: locked.get(name) for name in direct} == direct


def test_makefile_installs_the_default_extras():
    assert f'-e ".[{",".join(DEFAULT_EXTRAS)}]"' in (ROOT / "Makefile").read_text()


def test_make_alone_lists_the_targets():
    listing = subprocess.run(["make", "-s"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for target in ["all", "test", "features", "figures", "notebooks"]:
        assert f"make {target}" in listing
