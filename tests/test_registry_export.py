"""Flat exports read back with pandas, in every format."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from peaceops import registry

TABLES = [
    "operations",
    "names",
    "contributors",
    "legal_bases",
    "strengths",
    "tasks",
    "areas",
    "consent",
    "sources",
    "citations",
]


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json"])
def test_export_reads_back(cli, mini_data, tmp_path, fmt):
    out = tmp_path / "export"
    result = cli("export", "--format", fmt, "--out", str(out), data=mini_data)
    assert result.exit_code == 0, result.stderr
    for name in TABLES:
        assert (out / f"{name}.{fmt}").exists(), name
    read = {"csv": pd.read_csv, "parquet": pd.read_parquet, "json": lambda p: pd.DataFrame(json.loads(p.read_text()))}[
        fmt
    ]
    operations = read(out / f"operations.{fmt}")
    assert sorted(operations["operation_id"]) == [
        "kosovo-kfor-1999",
        "south-ossetia-jpkf-1992",
        "transnistria-jpkf-1992",
    ]
    kfor = operations.set_index("operation_id").loc["kosovo-kfor-1999"]
    assert kfor["strongest_legal_rung"] == "un-mandate" and kfor["host_territory"] == "Kosovo"
    citations = read(out / f"citations.{fmt}")
    reg = registry.load(mini_data)
    assert len(citations) == sum(1 for op in reg for _ in op.citations())
    assert set(citations["source_id"]) <= set(read(out / f"sources.{fmt}")["source_id"])
    legal = read(out / f"legal_bases.{fmt}")
    assert set(legal.columns) >= {"operation_id", "instrument", "rung", "un_resolutions", "charter_chapter", "sources"}


def test_frame_is_a_dataframe(mini_data):
    frame = registry.load(mini_data).frame()
    assert frame.index.name == "operation_id"
    assert frame.loc["transnistria-jpkf-1992", "name_ru"].startswith("Объединённые")


def test_unknown_format_is_refused(cli, mini_data, tmp_path):
    result = cli("export", "--format", "xlsx", "--out", str(tmp_path), data=mini_data)
    assert result.exit_code == 2
    assert "xlsx" in result.stderr
