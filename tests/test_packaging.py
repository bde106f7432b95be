"""Issue 19.7: the server and Dask are extras, their absence is one line, the core imports neither; the slow marker
is declared; the test client raises no deprecation warning."""
import pathlib
import re
import subprocess
import sys
import tomllib
import warnings

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_serve_without_the_server_extra_is_one_line(monkeypatch, capsys):
    import importlib.util

    import typer

    from tomtat.cli import serve as command

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a))
    with pytest.raises(typer.Exit) as done:
        command.need_server_extra()
    assert done.value.exit_code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and 'pip install "tomtat[server]"' in err and "uvicorn" in err


def test_dask_engine_without_the_dask_extra_is_one_line(monkeypatch):
    import importlib.util

    from tomtat.batch import dask_engine
    from tomtat.batch.output import BatchError

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "distributed" else real(name, *a))
    with pytest.raises(BatchError, match=r'--engine dask needs the dask extra: pip install "tomtat\[dask\]"'):
        with dask_engine.dask_client(1):
            pass


def test_the_core_imports_neither_the_server_nor_dask():
    code = ("import sys, tomtat, tomtat.cli, tomtat.pipeline, tomtat.batch.run, tomtat.batch.dask_engine, "
            "tomtat.stories.cluster, tomtat.stories.engines;"
            "print(sorted(m for m in ('fastapi', 'uvicorn', 'starlette', 'dask', 'distributed') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_extras_and_the_slow_marker_are_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = project["project"]["optional-dependencies"]
    core = " ".join(project["project"]["dependencies"])
    assert {"server", "dask", "all"} <= set(extras)
    assert not re.search(r"\b(fastapi|uvicorn|python-multipart|dask|distributed)\b", core)
    assert "lxml-html-clean" in core or "lxml_html_clean" in core
    markers = project["tool"]["pytest"]["ini_options"]["markers"]
    assert any(m.startswith("slow") for m in markers)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r'pip install .*"\.\[[^\]]*\ball\b[^\]]*\]"', ci)


def test_the_test_client_raises_no_deprecation_warning():
    pytest.importorskip("fastapi")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        code = "import warnings; warnings.simplefilter('error'); import fastapi.testclient"
        done = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-500:]
