import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "metro"
SEEDS = ROOT.parent / "shared" / "seeds"
DATA = pathlib.Path(os.environ.get("TOMTAT_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture
def example_dir():
    return EXAMPLE


@pytest.fixture
def seeds_dir():
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    return SEEDS
