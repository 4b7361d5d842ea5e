"""``gi-showcase check`` on good and broken profiles, asserting the exact messages editors read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import Site, make_photo

P = "content/products/test-silk"


def problems(site: Site, *args: str) -> list[str]:
    result = site.run("check", *args)
    return result.stdout.splitlines()[:-1]


def test_valid_product_passes_strict(one_product: Site) -> None:
    result = one_product.run("check", "--strict")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "OK: 1 product checked: 0 errors, 0 warnings"


def test_check_writes_nothing(one_product: Site) -> None:
    before = sorted((p, p.stat().st_mtime_ns) for p in one_product.root.rglob("*"))
    one_product.run("check")
    assert sorted((p, p.stat().st_mtime_ns) for p in one_product.root.rglob("*")) == before


def edit(site: Site, name: str, old: str, new: str) -> None:
    path = site.product("test-silk") / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        ("product.yml", "category: textile", "category: textle",
         f"{P}/product.yml:4: category: 'textle' is not one of: rice, coffee, fruit, vegetable, textile, handicraft, food, beverage, other "
         "(did you mean 'textile'?)"),
        ("product.yml", "seasons: [1, 2, 3]", "seasons: [1, two]",
         f"{P}/product.yml:30: seasons[2]: should be a whole number, not 'two'"),
        # YAML's .inf would reach the JSON-LD as Infinity, which is not JSON
        ("product.yml", "    max: 4500", "    max: .inf", f"{P}/product.yml:28: shop.price.max: should be a number, not 'inf'"),
        ("product.yml", "  registered_on: 2007-09-27\n", "",
         f"{P}/product.yml:1: gi.registered_on: is required but missing; add it, for example: registered_on: 2007-09-27 "
         "(The registration date as YYYY-MM-DD (Common Era), or 'to-be-confirmed')"),
        ("product.yml", "registered_on: 2007-09-27", "registered_on: 2550-09-27",
         f"{P}/product.yml:3: gi.registered_on: 2550 looks like a Buddhist Era year; use the Common Era year (2550 - 543 = 2007)"),
        ("product.yml", "provinces: [TH-51]", "provinces: [th51]",
         f"{P}/product.yml:5: provinces[1]: 'th51' is not an ISO 3166-2:TH province code such as TH-45 (did you mean 'TH-51'?)"),
        ("product.yml", "      en: Golden brocade silk\n", "",
         f"{P}/product.yml:8: photos[1].alt.en: is required but missing; add it, for example: en: Jasmine rice (English text)"),
        ("product.yml", "file: photos/detail.png", "file: photos/missing.png",
         f"{P}/product.yml:13: photos[2].file: the file 'photos/missing.png' does not exist; check the spelling or add the photo to the folder"),
        ("product.yml", "file: photos/detail.png", "file: ../other/detail.png",
         f"{P}/product.yml:13: photos[2].file: '../other/detail.png' leaves the product folder with '..'; "
         "it must be a path inside the product folder, like photos/field.jpg"),
        ("product.yml", "file: photos/detail.png", "file: /etc/passwd.png",
         f"{P}/product.yml:13: photos[2].file: '/etc/passwd.png' is an absolute path; it must be a path inside the product folder, like photos/field.jpg"),
        ("product.yml", "authorised: true", "authorised: maybe",
         f"{P}/product.yml:21: producers[1].authorised: should be true or false, not 'maybe'"),
        ("product.yml", "hashtags: [ผ้าไหมยกดอกลำพูน, LamphunSilk]", "hashtags: ['#ผ้าไหม', Lamphun Silk]",
         f"{P}/product.yml:31: hashtags[1]: write the hashtag without '#', gi-showcase adds it"),
        ("product.yml", "url: https://shop.example.org/silk", "url: shop.example.org",
         f"{P}/product.yml:25: shop.links[1].url: must be a full web address starting with https:// (or http://)"),
        ("product.yml", "photos:\n", "photos:\n  - nonsense\n",
         f"{P}/product.yml:7: photos[1]: should be a group of fields ('key: value' lines indented under it), not 'nonsense'"),
        ("product.yml", "category: textile", 'category: "textile',
         f"{P}/product.yml:4: a quotation mark opened on this line is never closed; add the closing quote"),
        ("product.yml", "category: textile", "category: textile\n  oops: 1",
         f"{P}/product.yml:5: the YAML does not parse: mapping values are not allowed here (column 7); "
         "check the indentation and that every 'key: value' has a space after the colon"),
        ("th.md", "name: ผ้าไหมยกดอกทดสอบ\n", "",
         f"{P}/th.md:2: name: is required but missing; add it (The protected name in this language)"),
        ("th.md", "characteristics:\n", "characteristics: ยกดอก\nx:\n",
         f"{P}/th.md:4: characteristics: should be a list (lines that start with '- '), not 'ยกดอก'"),
        ("en.md", "---\nname", "name",
         f"{P}/en.md:1: the file must start with a line '---', then the fields (name, tagline, ...), then another '---'"),
    ],
)
def test_bad_input_is_reported_with_file_line_and_field(one_product: Site, name: str, old: str, new: str, expected: str) -> None:
    edit(one_product, name, old, new)
    result = one_product.run("check")
    assert expected in result.stdout.splitlines(), result.stdout
    assert result.returncode == 1


def test_unknown_key_is_a_warning_that_names_the_closest_key(one_product: Site) -> None:
    edit(one_product, "product.yml", "seasons:", "sesons:")
    lines = problems(one_product)
    assert f"{P}/product.yml:30: warning: sesons: unknown key 'sesons' is ignored (did you mean 'seasons'?)" in lines
    assert one_product.run("check").returncode == 0
    assert one_product.run("check", "--strict").returncode == 1


def test_registration_number_pattern_is_only_a_warning(one_product: Site) -> None:
    edit(one_product, "product.yml", "registration_number: สช 50100020", "registration_number: 50100020")
    result = one_product.run("check")
    assert result.returncode == 0
    assert (
        f"{P}/product.yml:2: warning: gi.registration_number: '50100020' does not look like a Thai GI number such as 'สช 50100020'; "
        "check it against the certificate, or write to-be-confirmed"
    ) in result.stdout.splitlines()


def test_to_be_confirmed_is_accepted_for_number_and_date(one_product: Site) -> None:
    edit(one_product, "product.yml", "registration_number: สช 50100020", "registration_number: to-be-confirmed")
    edit(one_product, "product.yml", "registered_on: 2007-09-27", "registered_on: to-be-confirmed")
    assert one_product.run("check", "--strict").returncode == 0


def test_front_matter_that_is_a_list(one_product: Site) -> None:
    (one_product.product("test-silk") / "en.md").write_text("---\n- a\n- b\n---\nbody\n", encoding="utf-8")
    assert f"{P}/en.md:2: the front matter must hold 'key: value' lines (name, tagline, ...), not a list" in problems(one_product)


def test_missing_thai_file(one_product: Site) -> None:
    (one_product.product("test-silk") / "th.md").unlink()
    assert (
        f"{P}/th.md: th.md is missing: every product needs its Thai page; copy en.md and translate it, or run 'gi-showcase new'"
        in problems(one_product)
    )


def test_missing_english_file_is_fine(site: Site) -> None:
    site.add_product(en=False)
    assert site.run("check", "--strict").returncode == 0


def test_bad_slug(site: Site) -> None:
    site.add_product("Doi Tung")
    assert (
        "content/products/Doi Tung: slug: the folder name 'Doi Tung' must use only lowercase letters a-z, digits and hyphens, "
        "for example 'doi-tung'; rename the folder"
    ) in problems(site)


def test_symlink_out_of_the_product_folder(one_product: Site, tmp_path: Path) -> None:
    outside = make_photo(tmp_path / "secret.png", (50, 50))
    os.symlink(outside, one_product.product("test-silk") / "photos" / "link.png")
    edit(one_product, "product.yml", "file: photos/detail.png", "file: photos/link.png")
    assert (
        f"{P}/product.yml:13: photos[2].file: 'photos/link.png' leads outside the product folder (through a link); copy the photo into photos/"
        in problems(one_product)
    )


def test_file_that_is_not_an_image(one_product: Site) -> None:
    (one_product.product("test-silk") / "photos" / "detail.png").write_text("<html><script>alert(1)</script></html>")
    lines = problems(one_product)
    assert any(
        line.startswith(f"{P}/product.yml:13: photos[2].file: photos/detail.png: the file is not a readable JPEG, PNG or WebP image") for line in lines
    ), lines



def test_a_photo_listed_twice_or_not_at_all_is_a_warning(one_product: Site) -> None:
    folder = one_product.product("test-silk")
    make_photo(folder / "photos" / "spare.jpg", (60, 40))
    edit(one_product, "product.yml", "file: photos/detail.png", "file: photos/cover.jpg")
    assert problems(one_product) == [
        f"{P}/photos/detail.png: warning: this photo is not listed under photos: in product.yml, so it is not published",
        f"{P}/photos/spare.jpg: warning: this photo is not listed under photos: in product.yml, so it is not published",
        f"{P}/product.yml:13: warning: photos[2].file: 'photos/cover.jpg' is listed twice",
    ]

def test_duplicate_registration_numbers(site: Site) -> None:
    site.add_product("silk-a")
    site.add_product("silk-b")
    lines = problems(site)
    assert (
        "content/products/silk-a/product.yml:2: gi.registration_number: the number สช50100020 is also used by silk-b; "
        "each GI has its own number, check both certificates"
    ) in lines
    assert any(line.startswith("content/products/silk-b/product.yml:2: gi.registration_number:") for line in lines)


def test_every_problem_is_reported_in_one_run(one_product: Site) -> None:
    edit(one_product, "product.yml", "category: textile", "category: silk")
    edit(one_product, "product.yml", "provinces: [TH-51]", "provinces: [TH-00]")
    edit(one_product, "th.md", "tagline: ผ้าไหมทอมือลายละเอียดจากลำพูน\n", "")
    result = one_product.run("check")
    assert result.stdout.splitlines()[-1] == "FAILED: 1 product checked: 3 errors, 0 warnings"


def test_new_scaffold_refuses_to_overwrite_and_passes_once_filled(site: Site) -> None:
    result = site.run("new", "doi-tung-coffee")
    assert result.returncode == 0, result.stderr
    again = site.run("new", "doi-tung-coffee")
    assert again.returncode == 1
    assert "already exists; nothing was changed" in again.stderr
    assert site.run("check").returncode == 1  # the TODOs are reported
    folder = site.product("doi-tung-coffee")
    for name in ("product.yml", "th.md", "en.md"):
        text = (folder / name).read_text(encoding="utf-8")
        text = text.replace("registration_number: TODO", "registration_number: to-be-confirmed")
        text = text.replace("registered_on: TODO", "registered_on: to-be-confirmed")
        text = text.replace("category: TODO", "category: coffee").replace("  - TODO\n", "  - TH-57\n")
        text = text.replace("photos/TODO.jpg", "photos/cup.jpg").replace("TODO ", "")
        (folder / name).write_text(text, encoding="utf-8")
    make_photo(folder / "photos" / "cup.jpg", (400, 300))
    result = site.run("check", "--strict")
    assert result.returncode == 0, result.stdout


def test_new_refuses_a_bad_slug(site: Site) -> None:
    result = site.run("new", "Doi_Tung")
    assert result.returncode == 1
    assert "'Doi_Tung' is not a valid name" in result.stderr


def test_a_broken_scaffold_template_is_named_with_its_line_and_nothing_is_created(tmp_path: Path) -> None:
    import shutil

    from builder.commands.new import new_product
    from builder.problems import ConfigError
    from builder.themes import DEFAULT_THEMES

    themes = tmp_path / "themes"
    shutil.copytree(DEFAULT_THEMES / "scaffold", themes / "scaffold")
    template = themes / "scaffold" / "th.md.j2"
    lines = template.read_text(encoding="utf-8").splitlines()
    lines[2] += " {{ slugg }}"  # a maintainer's typo on the third line
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(ConfigError, match=r"scaffold/th\.md\.j2:3: 'slugg' is undefined"):
        new_product("mae-rim-honey", tmp_path / "content", themes=themes)
    assert not (tmp_path / "content").exists()


def test_a_photo_in_the_story_is_an_error_that_says_how_to_show_it(one_product: Site) -> None:
    """Only the photos listed in product.yml are published; one shown from the story would be broken on the page."""
    make_photo(one_product.product("test-silk") / "photos" / "x.jpg", (300, 200))
    story = one_product.product("test-silk") / "th.md"
    text = story.read_text(encoding="utf-8")
    text += "\n![ภาพ](photos/x.jpg)\n\n`![ภาพ](photos/code.jpg)` ![web](https://example.org/web.jpg)\n\n<img src=\"photos/detail.png\" alt=\"ลาย\">\n"
    story.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    first, raw = lines.index("![ภาพ](photos/x.jpg)") + 1, lines.index('<img src="photos/detail.png" alt="ลาย">') + 1
    result = one_product.run("check")
    assert result.returncode == 1
    fix = ("but photos in a story are not published, so the page would show a broken image; remove it from the story, "
           "and to show the photo list it under photos: in product.yml (the page's gallery shows every photo listed there)")
    assert [line for line in result.stdout.splitlines() if "story" in line] == [
        f"{P}/th.md:{first}: story: the story shows the photo 'photos/x.jpg', {fix}",
        f"{P}/th.md:{raw}: story: the story shows the photo 'photos/detail.png', {fix}",
    ]
    thai = one_product.run("check", "--messages", "th").stdout.splitlines()
    assert (
        f"{P}/th.md:{first}: story: เรื่องราวแสดงรูป 'photos/x.jpg' แต่รูปในเรื่องราวจะไม่ถูกนำขึ้นเว็บไซต์ หน้าเว็บจึงจะแสดงเป็นรูปเสีย "
        "ให้ลบรูปนี้ออกจากเรื่องราว และถ้าต้องการแสดงรูปนี้ ให้ใส่ไว้ในรายการ photos: ของ product.yml (แกลเลอรีของหน้าสินค้าแสดงทุกรูปในรายการนั้น)"
    ) in thai
