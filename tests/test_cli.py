"""The command line itself: help, version, schema, and the shipped sample catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from builder import __version__
from builder.commands.schema import schemas
from builder.content.provinces import provinces


def test_version(tmp_path: Path) -> None:
    result = run_cli("--version", cwd=tmp_path, check=True)
    assert result.stdout.strip() == f"gi-showcase, version {__version__}"


@pytest.mark.parametrize("command", ["check", "new", "build", "serve", "schema"])
def test_every_command_has_help_with_exit_codes(tmp_path: Path, command: str) -> None:
    result = run_cli(command, "--help", cwd=tmp_path, check=True)
    assert "Exit codes:" in result.stdout
    assert "Usage: gi-showcase " + command in result.stdout


def test_quiet_and_verbose_are_accepted(tmp_path: Path) -> None:
    assert run_cli("-q", "check", "--content", str(REPO / "content"), cwd=tmp_path).returncode in (0, 1)
    assert run_cli("-v", "check", "--content", str(REPO / "content"), cwd=tmp_path).returncode in (0, 1)


def test_schema_is_valid_json_schema_and_docs_copy_is_current(tmp_path: Path) -> None:
    result = run_cli("schema", cwd=tmp_path, check=True)
    schema = json.loads(result.stdout)
    assert schema["title"] == "ProductFacts"
    assert {"gi", "category", "provinces", "photos", "producers"} <= set(schema["required"])
    for name, text in schemas().items():
        assert (REPO / "docs" / "schema" / name).read_text(encoding="utf-8") == text, (
            f"docs/schema/{name} is stale: run gi-showcase schema --out docs/schema"
        )


def test_province_table_is_complete_and_documented() -> None:
    table = provinces()
    assert len(table) == 77
    assert table["TH-45"].th == "ร้อยเอ็ด" and table["TH-45"].en == "Roi Et"
    documented = (REPO / "docs" / "provinces.md").read_text(encoding="utf-8")
    assert all(f"`{code}`" in documented for code in table)


def test_sample_catalogue_passes_strict_check(tmp_path: Path) -> None:
    result = run_cli("check", "--strict", "--content", str(REPO / "content"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().startswith("OK: 7 products checked: 0 errors, 0 warnings")
