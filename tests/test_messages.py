"""Messages to editors in Thai and English: the catalogue, how the language is chosen, and the CLI read in Thai."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, Site, write_config

from builder.messages import (
    LANGUAGE_ENV,
    LIBRARY_PREFIX,
    Message,
    catalogue,
    language_asked,
    language_from_environment,
    library_text,
    placeholders,
    tr,
    untranslated,
)

THAI = re.compile(r"[\u0e01-\u0e5b]")
P = "content/products/test-silk"
#: A system set to Thai, with the tests' own choice of English taken away (click ignores an empty variable).
THAI_SYSTEM = {LANGUAGE_ENV: "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "th_TH.UTF-8"}


def test_every_message_exists_in_thai_and_english_naming_the_same_values() -> None:
    table = catalogue()
    assert table["th"].keys() == table["en"].keys()
    for key, english in table["en"].items():
        thai = table["th"][key]
        assert placeholders(thai) == placeholders(english), key
        words = re.sub(r"\{[^}]*\}", "", english)
        if re.search(r"[A-Za-z]{3,}", words):  # the English says something in words, so the Thai must say it in Thai
            assert THAI.search(re.sub(r"\{[^}]*\}", "", thai)), f"{key}: the Thai text is not in Thai: {thai!r}"


def _string_literals_and_keys() -> tuple[set[str], set[str]]:
    """Every string constant in builder/, and the first argument of every tr(...) call."""
    literals: set[str] = set()
    called: set[str] = set()
    for path in (REPO / "builder").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    called.add(first.value)
    return literals, called


def test_every_key_the_code_asks_for_is_in_the_catalogue_and_every_entry_is_used() -> None:
    literals, called = _string_literals_and_keys()
    keys = set(catalogue()["en"])
    assert called, "no tr(...) call found: the scan is broken"
    assert called <= keys, f"keys missing from builder/data/messages.yml: {sorted(called - keys)}"
    # A key may be chosen through a table or a variable (kind names, verdicts), and plural() adds _one/_other.
    # describe.<Model>.<field> entries are found by the model and field they describe.
    described = {f"describe.{model.__name__}.{name}" for model in _profile_models() for name, info in model.model_fields.items() if info.description}
    described |= {f"describe.{title}" for title in _schema_titles()}
    # click.* entries translate click's own words; test_click_phrases_are_clicks_own_words finds them in click.
    translated = {k for k in keys if k.startswith(LIBRARY_PREFIX)}
    unused = {k for k in keys - described - translated if k not in literals and re.sub(r"_(one|other)$", "", k) not in literals}
    assert not unused, f"entries no code uses (remove them or use them): {sorted(unused)}"
    assert {k for k in keys if k.startswith("describe.")} == described


def _schema_titles() -> set[str]:
    """The models and enums a JSON Schema describes as a whole (ProductFacts, Photo, Category, ...)."""
    from builder.commands.schema import schemas

    found = set()
    for text in schemas().values():
        schema = json.loads(text)
        found |= {schema["title"], *schema.get("$defs", {})}
    return found


def _profile_models() -> list[type]:
    import inspect

    from builder.content import model

    return [c for _, c in inspect.getmembers(model, inspect.isclass) if issubclass(c, model.BaseModel) and c.__module__ == model.__name__]


def test_the_category_description_lists_every_category() -> None:
    from builder.content.model import Category

    for lang in ("th", "en"):
        assert catalogue()[lang]["describe.ProductFacts.category"].endswith(": " + ", ".join(c.value for c in Category))


def test_a_missing_field_is_explained_with_what_it_means_in_each_language(one_product: Site) -> None:
    yml = one_product.product("test-silk") / "product.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("  registered_on: 2007-09-27\n", ""), encoding="utf-8")
    thai = one_product.run("check", "--messages", "th").stdout.splitlines()
    assert (
        f"{P}/product.yml:1: gi.registered_on: ต้องมีช่องนี้แต่ยังไม่มี ให้เพิ่มเข้าไป เช่น registered_on: 2007-09-27 "
        "(วันที่ขึ้นทะเบียนแบบ ปี-เดือน-วัน (YYYY-MM-DD) โดยใช้ปี ค.ศ. หรือ 'to-be-confirmed')"
    ) in thai
    schema = json.loads((REPO / "docs" / "schema" / "product.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["category"]["description"].startswith("หมวดหนึ่งในนี้: rice, ")
    assert schema["properties"]["category"]["description"].endswith("\nOne of: rice, coffee, fruit, vegetable, textile, handicraft, food, beverage, other")


def test_a_message_renders_in_each_language_and_survives_a_round_trip_through_json() -> None:
    message = tr("photo_named", file="photos/a.jpg", problem=tr("photo_too_big", size="31.0 MB", limit="30.0 MB"))
    assert message.render("en") == "photos/a.jpg: the photo is 31.0 MB, more than the limit of 30.0 MB; export it smaller"
    assert message.render("th") == "photos/a.jpg: รูปมีขนาด 31.0 MB เกินขีดจำกัด 30.0 MB ให้ย่อรูปให้เล็กลงแล้วบันทึก (export) ใหม่"
    assert Message.from_json(message.to_json()) == message
    # A value from the editor's files cannot drive the terminal in either language.
    sneaky = tr("photo_missing", file="a\x1b[2J.jpg")
    assert "\x1b" not in sneaky.render("th") and "\\x1b" in sneaky.render("en")
    assert untranslated("Keys should be strings").render("th") == "Keys should be strings"
    with pytest.raises(KeyError):
        tr("no_such_message")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "th_TH.UTF-8"}, "th"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "th_TH.UTF-8"}, "en"),  # LC_ALL wins, as in gettext
        ({"LC_ALL": "", "LC_MESSAGES": "th_TH", "LANG": "C.UTF-8"}, "th"),
        ({LANGUAGE_ENV: "th", "LANG": "en_US.UTF-8"}, "th"),
        ({LANGUAGE_ENV: "EN", "LANG": "th_TH.UTF-8"}, "en"),
        ({LANGUAGE_ENV: "", "LANG": "th_TH.UTF-8"}, "th"),
    ],
)
def test_the_language_comes_from_gi_showcase_lang_then_the_locale(environ: dict[str, str], expected: str) -> None:
    assert language_from_environment(environ) == expected


def _make_typos(site: Site) -> None:
    folder = site.product("test-silk")
    yml = folder / "product.yml"
    text = yml.read_text(encoding="utf-8")
    for old, new in (
        ("category: textile", "category: textle"),
        ("registered_on: 2007-09-27", "registered_on: 2550-09-27"),
        ("file: photos/detail.png", "file: photos/detail.jpeg"),
        ("seasons:", "sesons:"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    yml.write_text(text, encoding="utf-8")
    th = folder / "th.md"
    th.write_text(th.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n", encoding="utf-8")


def test_an_editor_on_a_thai_system_reads_every_problem_in_thai(one_product: Site) -> None:
    _make_typos(one_product)
    result = one_product.run("check", env=THAI_SYSTEM)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        f"{P}/product.yml:4: category: 'textle' ไม่ใช่ค่าที่ใช้ได้ ให้เลือกหนึ่งใน: "
        "rice, coffee, fruit, vegetable, textile, handicraft, food, beverage, other (หมายถึง 'textile' หรือเปล่า?)"
    ) in lines
    assert f"{P}/product.yml:3: gi.registered_on: 2550 ดูเหมือนปีพุทธศักราช ให้ใช้ปีคริสต์ศักราช (2550 - 543 = 2007)" in lines
    assert f"{P}/product.yml:13: photos[2].file: ไม่มีไฟล์ 'photos/detail.jpeg' ให้ตรวจการสะกดชื่อ หรือเพิ่มรูปนี้ลงในโฟลเดอร์" in lines
    assert f"{P}/product.yml:30: คำเตือน: sesons: ไม่รู้จักชื่อช่อง 'sesons' จึงข้ามไป (หมายถึง 'seasons' หรือเปล่า?)" in lines
    assert lines[-1] == "ไม่ผ่าน: ตรวจข้อมูลสินค้า 1 รายการแล้ว: ข้อผิดพลาด 3 รายการ และคำเตือน 2 รายการ"
    # Every line keeps file:line: field: and says the rest in Thai.
    for line in lines[:-1]:
        assert re.match(rf"^{P}/[\w./]+(:\d+)?: ", line), line
        assert THAI.search(line.split(": ", 1)[1].replace("ข้าวหอมมะลิ", "")), line

    english = one_product.run("check", "--messages", "en", env=THAI_SYSTEM).stdout.splitlines()
    assert english == one_product.run("check").stdout.splitlines()
    assert english[-1] == "FAILED: 1 product checked: 3 errors, 2 warnings"
    assert one_product.run("check", env={LANGUAGE_ENV: "th", "LANG": "en_US.UTF-8"}).stdout.splitlines() == lines


def test_a_wrong_language_is_a_usage_error(one_product: Site) -> None:
    result = one_product.run("check", env={LANGUAGE_ENV: "fr"})
    assert result.returncode == 2
    assert "--messages" in result.stderr and "'fr'" in result.stderr


def test_a_new_product_is_explained_in_thai_from_the_first_step(site: Site) -> None:
    created = site.run("new", "mae-rim-honey", "--messages", "th")
    assert created.returncode == 0, created.stderr
    assert created.stdout.splitlines() == [
        "สร้าง content/products/mae-rim-honey/ พร้อม product.yml, th.md, en.md และ photos/ แล้ว",
        "ให้แก้ทุกจุดที่เขียนว่า TODO และเพิ่มรูปภาพ แล้วใช้คำสั่ง: gi-showcase check",
    ]
    checked = site.run("check", "--messages", "th")
    assert checked.returncode == 1
    todo = [line for line in checked.stdout.splitlines() if "TODO" in line]
    assert todo and all("ยังเขียนว่า TODO อยู่" in line for line in todo), checked.stdout


def test_build_and_an_unchanged_rebuild_speak_the_language_asked_for_each_time(one_product: Site) -> None:
    write_config(one_product.root)
    folder = one_product.product("test-silk")
    yml = folder / "product.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("seasons:", "sesons:"), encoding="utf-8")
    first = one_product.run("build", "--no-clips", "--messages", "en")
    assert first.returncode == 0, first.stderr
    assert f"{P}/product.yml:30: warning: sesons: unknown key 'sesons' is ignored (did you mean 'seasons'?)" in first.stderr.splitlines()
    assert first.stdout.startswith("Built: pages ")

    # Nothing changed: the warning comes from the last build's record, now in Thai.
    again = one_product.run("build", "--no-clips", env=THAI_SYSTEM)
    assert again.returncode == 0, again.stderr
    assert f"{P}/product.yml:30: คำเตือน: sesons: ไม่รู้จักชื่อช่อง 'sesons' จึงข้ามไป (หมายถึง 'seasons' หรือเปล่า?)" in again.stderr.splitlines()
    assert again.stdout.startswith("เป็นปัจจุบันอยู่แล้ว: ไม่มีอะไรเปลี่ยนตั้งแต่การสร้างครั้งก่อน")

    site_before = sorted(p.relative_to(one_product.root) for p in (one_product.root / "site").rglob("*"))
    yml.write_text(yml.read_text(encoding="utf-8").replace("category: textile", "category: textle"), encoding="utf-8")
    stopped = one_product.run("build", "--no-clips", env=THAI_SYSTEM)
    assert stopped.returncode == 1
    assert "เนื้อหามีปัญหา (ข้อผิดพลาด 1 รายการ และคำเตือน 1 รายการ) จึงไม่ได้เขียนไฟล์ใด ๆ เว็บไซต์ยังเป็นฉบับเดิม" in stopped.stderr
    assert sorted(p.relative_to(one_product.root) for p in (one_product.root / "site").rglob("*")) == site_before


def test_the_thai_guide_shows_a_thai_message() -> None:
    guide = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    thai_part = guide.split("## English")[0]
    example = tr("not_one_of", given=untranslated("'cofee'"), allowed="rice, coffee, ...", suggestion=tr("did_you_mean", word="coffee"))
    assert f"category: {example.render('th')}" in thai_part
    assert f"category: {example.render('en')}" in guide.split("## English")[1]


def test_refusals_before_a_build_are_in_thai_too(one_product: Site) -> None:
    # No mkdocs.yml here yet: the editor ran the command in the wrong folder.
    missing = one_product.run("build", "--no-clips", env=THAI_SYSTEM)
    assert missing.returncode == 1
    assert missing.stderr.strip() == "ข้อผิดพลาด: ไม่พบ mkdocs.yml ให้ใช้คำสั่ง gi-showcase ในโฟลเดอร์ของโปรเจกต์ หรือบอกตำแหน่งไฟล์ด้วย --config FILE"

    write_config(one_product.root)
    (one_product.root / "thesis").mkdir()
    (one_product.root / "thesis" / "chapter-1.txt").write_text("ห้ามหาย", encoding="utf-8")
    refused = one_product.run("build", "--no-clips", "--out", "thesis", "--messages", "th")
    assert refused.returncode == 1
    assert refused.stderr.startswith("ข้อผิดพลาด: ไม่สร้างเว็บไซต์ลงใน thesis เพราะในโฟลเดอร์มีไฟล์ที่ gi-showcase ไม่ได้สร้าง")
    assert (one_product.root / "thesis" / "chapter-1.txt").read_text(encoding="utf-8") == "ห้ามหาย"

    again = one_product.run("new", "test-silk", "--messages", "th")
    assert again.returncode == 1
    assert "มี content/products/test-silk อยู่แล้ว จึงไม่ได้เปลี่ยนแปลงอะไร" in again.stderr


def test_worker_processes_speak_the_language_chosen_on_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from builder import messages

    monkeypatch.setenv(LANGUAGE_ENV, "en")
    monkeypatch.setattr(messages, "_chosen", None)
    messages.choose("th")  # what --messages th does; clips and photos are made in spawned processes
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        assert pool.submit(messages.language).result(timeout=60) == "th"


@pytest.mark.parametrize(("lang", "expected"), [
    ("th", "accent: 'gold' ไม่ใช่สี ให้เขียนแบบ #RRGGBB (หรือ #RRGGBBAA ถ้ามีความโปร่งใส) เช่น #F2C14E"),
    ("en", "accent: 'gold' is not a colour; write it as #RRGGBB (or #RRGGBBAA with opacity), e.g. #F2C14E"),
])
def test_a_style_authors_mistake_is_explained_in_the_language_chosen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, expected: str
) -> None:
    from builder import messages
    from builder.clips.style import load_style
    from builder.problems import ConfigError

    shutil.copytree(REPO / "themes" / "clips", tmp_path / "clips")
    (tmp_path / "clips" / "mine.yml").write_text("extends: default\ncolours:\n  accent: gold\n", encoding="utf-8")
    monkeypatch.setattr(messages, "_chosen", lang)
    with pytest.raises(ConfigError) as raised:
        load_style("mine", themes=tmp_path)
    assert str(raised.value) == f"{tmp_path / 'clips' / 'mine.yml'}: colours.{expected}"


_HELP_TEXTS = """
import json
import click
from builder.__main__ import cli
texts = {"cli": cli.help, "cli epilog": cli.epilog}
texts.update({f"{p.name} (gi-showcase)": p.help for p in cli.params if p.help})
for name, command in cli.commands.items():
    texts[name] = command.help
    texts[f"{name} epilog"] = command.epilog
    texts.update({f"{name} {p.name}": p.help for p in command.params if getattr(p, "help", None)})
    texts[f"{name} --help"] = command.get_help_option(click.Context(command)).help
print(json.dumps(texts, ensure_ascii=False))
"""


def test_every_help_text_exists_in_thai(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    environ = {**os.environ, "PYTHONPATH": str(REPO), **THAI_SYSTEM}
    texts = json.loads(subprocess.run([sys.executable, "-c", _HELP_TEXTS], env=environ, capture_output=True, text=True, check=True).stdout)
    assert len(texts) > 40  # every command, its epilog and its options
    english_only = {name: text for name, text in texts.items() if not THAI.search(text or "")}
    assert not english_only, english_only


@pytest.mark.parametrize("command", ["check", "build"])
def test_help_reads_in_thai_on_a_thai_system(tmp_path: Path, command: str) -> None:
    from conftest import run_cli

    thai = run_cli(command, "--help", cwd=tmp_path, check=True, env=THAI_SYSTEM).stdout
    assert "รหัสออก (exit code):" in thai and "นับคำเตือนเป็นข้อผิดพลาดด้วย" in thai
    assert "Exit codes:" in run_cli(command, "--help", cwd=tmp_path, check=True).stdout


def test_click_phrases_are_clicks_own_words() -> None:
    """A click.* entry whose English no longer matches click (after an upgrade) would silently stay English."""
    import click

    source = "".join(path.read_text(encoding="utf-8") for path in Path(click.__file__).parent.glob("*.py"))
    phrases = {key: text for key, text in catalogue()["en"].items() if key.startswith(LIBRARY_PREFIX)}
    assert len(phrases) > 20
    missing = {key: text for key, text in phrases.items() if json.dumps(text) not in source}
    assert not missing, f"click no longer says these words; update builder/data/messages.yml: {missing}"
    assert library_text("Usage:", "th") == "วิธีใช้:"
    assert library_text("Usage:", "en") == "Usage:"
    assert library_text("a phrase nobody translated", "th") == "a phrase nobody translated"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["check", "--messages", "th"], "th"),
        (["check", "--messages=EN"], "en"),
        (["check", "--messages", "th", "--messages", "en"], "en"),
        (["check", "--messages", "fr"], None),
        (["check", "--messages"], None),
        (["new", "--", "--messages", "th"], None),
        (["build"], None),
    ],
)
def test_the_language_asked_on_the_command_line_is_read_before_click_parses_it(argv: list[str], expected: str | None) -> None:
    assert language_asked(argv) == expected


def test_a_thai_editor_who_mistypes_an_option_reads_why_in_thai(tmp_path: Path) -> None:
    from conftest import run_cli

    typo = run_cli("check", "--strcit", cwd=tmp_path, env=THAI_SYSTEM)
    assert typo.returncode == 2
    assert typo.stderr.startswith("วิธีใช้: gi-showcase check [ตัวเลือก]\n")
    assert "ข้อผิดพลาด: ไม่มีตัวเลือก '--strcit' (ให้ตรวจการสะกด) หมายถึง '--strict' หรือเปล่า" in typo.stderr
    assert "ดูวิธีใช้ได้ด้วยคำสั่ง 'gi-showcase check --help'" in typo.stderr
    assert "Error" not in typo.stderr and "Try" not in typo.stderr

    wrong_command = run_cli("biuld", cwd=tmp_path, env=THAI_SYSTEM)
    assert wrong_command.returncode == 2 and "ไม่มีคำสั่ง 'biuld'" in wrong_command.stderr and "หมายถึง 'build'" in wrong_command.stderr

    wrong_value = run_cli("clips", "--lang", "fr", cwd=tmp_path, env=THAI_SYSTEM)
    assert wrong_value.returncode == 2
    assert "ข้อผิดพลาด: ค่าของ '--lang' ใช้ไม่ได้: ใช้ 'fr' ไม่ได้ ต้องเป็นค่าใดค่าหนึ่งใน 'th', 'en'" in wrong_value.stderr

    out_of_range = run_cli("build", "--jobs", "0", cwd=tmp_path, env=THAI_SYSTEM)
    assert out_of_range.returncode == 2 and "0 อยู่นอกช่วงที่ใช้ได้ (x>=1)" in out_of_range.stderr

    # The same mistakes in English, on an English system or when --messages asks for English on a Thai one.
    english = run_cli("check", "--strcit", cwd=tmp_path)
    assert "Error: No such option '--strcit'. Did you mean '--strict'?" in english.stderr
    asked = run_cli("check", "--messages", "en", "--strcit", cwd=tmp_path, env=THAI_SYSTEM)
    assert "Error: No such option '--strcit'." in asked.stderr and not THAI.search(asked.stderr)
    asked_thai = run_cli("check", "--strcit", "--messages=th", cwd=tmp_path)
    assert "ไม่มีตัวเลือก '--strcit'" in asked_thai.stderr


def test_help_follows_messages_and_its_headings_are_thai(tmp_path: Path) -> None:
    from conftest import run_cli

    thai = run_cli("build", "--help", cwd=tmp_path, check=True, env=THAI_SYSTEM).stdout
    assert thai.startswith("วิธีใช้: gi-showcase build [ตัวเลือก]")
    assert "\nตัวเลือก:\n" in thai and "[ค่าเริ่มต้น: mkdocs.yml]" in thai and "--content โฟลเดอร์" in thai
    top = run_cli("--help", cwd=tmp_path, check=True, env=THAI_SYSTEM).stdout
    assert top.startswith("วิธีใช้: gi-showcase [ตัวเลือก] คำสั่ง [ตัวเลือกของคำสั่ง]...") and "\nคำสั่ง:\n" in top

    english = run_cli("build", "--messages", "en", "--help", cwd=tmp_path, check=True, env=THAI_SYSTEM).stdout
    assert english.startswith("Usage: gi-showcase build [OPTIONS]") and "[default: mkdocs.yml]" in english
    assert not THAI.search(english.replace("th (ไทย)", ""))  # the one Thai word: where a Thai reader finds the switch
    assert "ตรวจเนื้อหา" in run_cli("build", "--help", "--messages", "th", cwd=tmp_path, check=True).stdout
