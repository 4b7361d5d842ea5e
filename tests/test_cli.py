"""The command line itself: help, version, schema, and the shipped sample catalogue."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO, Site, run_cli

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
        # Every description an editor's tooltip can show reads in Thai first, then English.
        descriptions = re.findall(r'"description": ("(?:[^"\\]|\\.)*")', text)
        assert len(descriptions) > 10
        for description in map(json.loads, descriptions):
            thai, english = description.split("\n")
            assert re.search("[\u0e01-\u0e5b]", thai) and re.search("[A-Za-z]{3}", english) and thai != english, description
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


def test_match_and_takedown_from_the_command_line(one_product: Site, tmp_path: Path) -> None:
    from PIL import Image

    config = str(REPO / "mkdocs.yml")
    one_product.run("build", "--no-clips", "--config", config, check=True)
    registry = one_product.root / "site" / "gi-registry.json"
    assert json.loads(registry.read_text(encoding="utf-8"))["products"][0]["slug"] == "test-silk"

    cover = Image.open(one_product.product("test-silk") / "photos" / "cover.jpg")
    cover.resize((450, 300)).save(tmp_path / "listing.jpg", quality=50)
    Image.new("RGB", (400, 300), (200, 30, 30)).save(tmp_path / "other.jpg")
    found = one_product.run("match", str(tmp_path / "listing.jpg"), str(tmp_path / "other.jpg"), "--registry", "site")
    assert found.returncode == 0, found.stderr
    lines = found.stdout.splitlines()
    reuse = re.fullmatch(r".*listing\.jpg: likely reuse of test-silk/photos/cover\.jpg \(distance (\d+) of 64\)", lines[0])
    assert reuse and int(reuse.group(1)) <= 10, lines
    assert "other.jpg: no match" in lines[1]
    assert one_product.run("match", str(tmp_path / "other.jpg"), "--registry", str(registry)).returncode == 1
    broken = one_product.run("match", str(tmp_path / "missing.jpg"), "--registry", "site")
    assert broken.returncode == 2 and "missing.jpg" in broken.stderr

    pack = one_product.run(
        "takedown", "test-silk", "--listing", "https://shop.example.com/fake-silk", "--evidence", str(tmp_path / "listing.jpg"),
        "--lang", "en", "--out", "pack", "--config", config,
    )
    assert pack.returncode == 0, pack.stderr
    notice = (one_product.root / "pack" / "notice.md").read_text(encoding="utf-8")
    assert "สช 50100020" in notice and "https://shop.example.com/fake-silk" in notice
    assert f"matches `photos/cover.jpg` at distance {reuse.group(1)} of 64" in notice
    assert "<script" not in (one_product.root / "pack" / "notice.html").read_text(encoding="utf-8")
    refused = one_product.run("takedown", "test-silk", "--listing", "javascript:alert(1)", "--out", "pack2", "--config", config)
    assert refused.returncode == 1 and "'javascript:' addresses are refused" in refused.stderr
