"""The public GI registry, matching suspect images with official photos, and Notice & Takedown evidence packs."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from builder.authenticity.copies import REQUIRED, unrelated_image
from builder.authenticity.errors import RegistryError, SuspectImageError, TakedownInputError
from builder.authenticity.match import MatchResult, closest, format_matches, hash_suspect, load_registry, match_images
from builder.authenticity.phash import (
    ALGORITHM,
    DEFAULT_THRESHOLD,
    OFFICIAL_WINDOWS,
    SUSPECT_WINDOWS,
    ImageHashes,
    compare,
    dct_matrix,
    hamming,
    hash_file,
    hash_image,
    phash_luma,
)
from builder.authenticity.printable import markdown_to_html
from builder.authenticity.registry import REGISTRY_FILE, Registry, build_registry, dump_registry, registry_json, schema_json
from builder.authenticity.takedown import check_listing_url, write_takedown_pack
from builder.cache import file_digest
from builder.config import ClipSettings, Project, load_project
from builder.content.catalogue import Catalogue
from builder.content.loader import load_catalogue
from builder.problems import ConfigError
from tests.conftest import REPO, Site

HOSTILE_URL = "https://x.example/?q=<script>alert(1)</script>"

# The worked test vector of docs/registry.md: a 32x32 image whose pixel (row r, column c) is (r * r + 3 * c) mod 256.
VECTOR_HASH = "833c2f324df59a26"


def vector_pixels() -> np.ndarray:
    rows, cols = np.mgrid[0:32, 0:32]
    return ((rows * rows + 3 * cols) % 256).astype(np.uint8)


@pytest.fixture(scope="module")
def sample_project() -> Project:
    return load_project(REPO / "mkdocs.yml")


@pytest.fixture(scope="module")
def sample_catalogue() -> Catalogue:
    catalogue, report = load_catalogue(REPO / "content")
    assert not report.errors, [str(p) for p in report.errors]
    return catalogue


@pytest.fixture(scope="module")
def sample_registry(sample_project: Project) -> Registry:
    """The registry of the real sample catalogue, built once: every photo is decoded and hashed."""
    return load_registry(REPO / "content", project=sample_project)


@pytest.fixture
def project() -> Project:
    return Project(
        config_file=REPO / "mkdocs.yml",
        site_url="https://gi.example.org/",
        languages=("th", "en"),
        site_name={"th": "ทดสอบ", "en": "Test showcase"},
        site_description={"th": "", "en": ""},
        clips=ClipSettings(),
    )


@pytest.fixture
def two_products(site: Site) -> Site:
    """A scratch catalogue: a registered product with an English page, and one with a Thai page only."""
    site.add_product("test-silk")
    site.add_product("thai-only-silk", en=False, number="สช 50100021", seed=5)
    return site


# --- pHash ----------------------------------------------------------------------------------------


def test_phash_worked_test_vector() -> None:
    pixels = vector_pixels()
    assert phash_luma(pixels.astype(float)) == VECTOR_HASH
    assert hash_image(Image.fromarray(pixels, "L").convert("RGB"), ()).full == VECTOR_HASH
    # Each cell of the 32x32 grid is the mean of its pixels: a 2x enlargement hashes the same.
    doubled = Image.fromarray(pixels, "L").resize((64, 64), Image.Resampling.NEAREST)
    assert hash_image(doubled.convert("RGB"), ()).full == VECTOR_HASH


def test_phash_matches_the_written_recipe_computed_another_way(tmp_path: Path) -> None:
    """Steps 5-8 done with plain sums of cosines instead of the DCT matrix give the same bits."""
    pixels = vector_pixels().astype(float)

    def coefficient(u: int, v: int) -> float:
        scale = (math.sqrt(1 / 32) if u == 0 else math.sqrt(2 / 32)) * (math.sqrt(1 / 32) if v == 0 else math.sqrt(2 / 32))
        rows = np.cos(math.pi * (2 * np.arange(32) + 1) * u / 64)
        cols = np.cos(math.pi * (2 * np.arange(32) + 1) * v / 64)
        return scale * float(rows @ pixels @ cols)

    block = [coefficient(u, v) for u in range(8) for v in range(8)]
    median = float(np.median(block))
    expected = "".join("1" if c > median else "0" for c in block)
    assert f"{int(expected, 2):016x}" == VECTOR_HASH
    assert expected.count("1") == 32
    png = tmp_path / "vector.png"
    Image.fromarray(vector_pixels(), "L").save(png)
    assert hash_file(png).full == VECTOR_HASH


def test_dct_matrix_is_orthonormal() -> None:
    matrix = dct_matrix()
    assert np.allclose(matrix @ matrix.T, np.eye(32))


def test_hamming_counts_differing_bits() -> None:
    assert hamming("0000000000000000", "0000000000000000") == 0
    assert hamming("0000000000000000", "ffffffffffffffff") == 64
    assert hamming("8000000000000001", "0000000000000000") == 2
    with pytest.raises(ValueError, match="not a pHash-DCT-64 v1 hash"):
        hamming("xyz", "0000000000000000")


def test_exif_orientation_is_applied_before_hashing(tmp_path: Path) -> None:
    pixels = np.asarray(unrelated_image(2, (300, 200)))
    upright = tmp_path / "upright.jpg"
    rotated = tmp_path / "rotated.jpg"
    Image.fromarray(pixels).save(upright, quality=95)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display": the stored pixels are turned the other way
    Image.fromarray(pixels).transpose(Image.Transpose.ROTATE_90).save(rotated, quality=95, exif=exif)
    assert hamming(hash_file(upright).full, hash_file(rotated).full) <= 2


# --- Registry -------------------------------------------------------------------------------------


def test_sample_registry_validates_against_the_published_schema(sample_registry: Registry) -> None:
    jsonschema = pytest.importorskip("jsonschema")  # a test tool only; pyproject's test extra should list it
    data = json.loads(dump_registry(sample_registry))
    schema = json.loads((REPO / "docs" / "schema" / "gi-registry.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert sorted(str(e.message) for e in validator.iter_errors(data)) == []


def test_published_schema_is_current() -> None:
    """docs/schema/gi-registry.schema.json is derived from the models; regenerate it when they change."""
    published = (REPO / "docs" / "schema" / "gi-registry.schema.json").read_text(encoding="utf-8")
    assert published == schema_json(), "regenerate it: builder.authenticity.registry.write_schema(Path('docs/schema'))"


def test_sample_registry_matches_the_profiles(sample_catalogue: Catalogue, sample_registry: Registry) -> None:
    assert sample_registry.slugs == sorted(p.slug for p in sample_catalogue.products)
    assert sample_registry.phash_algorithm == ALGORITHM
    for product in sample_catalogue.products:
        entry = sample_registry.product(product.slug)
        assert entry is not None
        gi = product.facts.gi
        assert entry.names.th == product.pages["th"].meta.name
        assert entry.registration.number == (gi.registration_number if gi.number_confirmed else None)
        assert entry.registration.status == ("registered" if gi.number_confirmed else "to-be-confirmed")
        assert [p.code for p in entry.provinces] == product.facts.provinces
        assert [p.name.th for p in entry.producers] == [p.name.th for p in product.facts.producers]
        assert [p.authorised for p in entry.producers] == [p.authorised for p in product.facts.producers]
        assert [s.url for s in entry.shops] == [s.url for s in product.facts.shop.links]
        assert entry.pages.verify.th == f"{sample_registry.site_url}verify/{product.slug}/"
        assert entry.pages.verify.en == f"{sample_registry.site_url}en/verify/{product.slug}/"
        assert entry.pages.product.en == f"{sample_registry.site_url}en/products/{product.slug}/"
        assert [p.file for p in entry.photos] == [p.file for p in product.facts.photos]
        for photo, official in zip(entry.photos, product.facts.photos, strict=True):
            assert photo.sha256 == file_digest(product.photo_path(official))
            assert photo.alt.en == official.alt.en
            assert [c.window for c in photo.phash_crops] == [w.name for w in OFFICIAL_WINDOWS]
        cover = product.photo_path(product.cover)
        assert entry.photos[0].phash == hash_file(cover).full  # decoding every photo again would double the time
    doi_tung = sample_registry.product("doi-tung-coffee")
    assert doi_tung is not None and doi_tung.registration.registered_on is not None
    assert doi_tung.registration.registered_on.isoformat() == "2006-05-02"


def test_scratch_registry_states_what_the_profiles_say(two_products: Site, project: Project) -> None:
    catalogue, report = load_catalogue(two_products.content)
    assert not report.errors
    data = json.loads(registry_json(catalogue, project=project))
    silk, thai_only = data["products"]
    assert [silk["slug"], thai_only["slug"]] == ["test-silk", "thai-only-silk"]
    assert silk["names"] == {"th": "ผ้าไหมยกดอกทดสอบ", "en": "Test Brocade Silk", "en_fallback": False}
    assert thai_only["names"] == {"th": "ผ้าไหมยกดอกทดสอบ", "en": "ผ้าไหมยกดอกทดสอบ", "en_fallback": True}
    assert silk["registration"] == {
        "number": "สช 50100020", "status": "registered", "registered_on": "2007-09-27", "eu_protection": None, "registrant": None,
    }
    assert silk["provinces"] == [{"code": "TH-51", "th": "ลำพูน", "en": "Lamphun"}]
    assert silk["producers"] == [{"name": {"th": "กลุ่มทอผ้าทดสอบ", "en": "Test weavers group"}, "contact": None, "authorised": True}]
    assert silk["shops"] == [{"label": {"th": "ร้านค้า", "en": "Shop"}, "url": "https://shop.example.org/silk"}]
    assert silk["pages"]["verify"] == {"th": "https://gi.example.org/verify/test-silk/", "en": "https://gi.example.org/en/verify/test-silk/"}
    cover = silk["photos"][0]
    assert cover["file"] == "photos/cover.jpg"
    assert (cover["width"], cover["height"]) == (900, 600)
    assert cover["sha256"] == file_digest(two_products.product("test-silk") / "photos" / "cover.jpg")
    assert data["site_url"] == "https://gi.example.org/"
    assert data["matching"]["threshold"] == DEFAULT_THRESHOLD


def test_registry_json_is_deterministic(two_products: Site, project: Project) -> None:
    first = registry_json(load_catalogue(two_products.content)[0], project=project)
    second = registry_json(load_catalogue(two_products.content)[0], project=project)
    assert first == second
    assert json.loads(first) == build_registry(load_catalogue(two_products.content)[0], project=project)
    assert first.endswith("}\n") and "ผ้าไหม" in first  # Thai is written as Thai, not \u escapes
    assert list(json.loads(first)) == sorted(json.loads(first))


def test_registry_file_and_site_folder_and_content_folder_load_the_same(two_products: Site, project: Project) -> None:
    from_content = load_registry(two_products.content, project=project)
    built = two_products.root / "site"
    built.mkdir()
    (built / REGISTRY_FILE).write_text(dump_registry(from_content), encoding="utf-8")
    assert load_registry(built).model_dump() == from_content.model_dump()
    assert load_registry(built / REGISTRY_FILE).model_dump() == from_content.model_dump()
    assert load_registry(built).content is None and from_content.content == two_products.content


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", r"gi-registry\.json:1:2: not valid JSON"),
        ('{"schema_version": 1}', r"not a valid gi-registry\.json .*\n.*generator: Field required"),
        ('{"schema_version": 7}', "written in format version 7; this gi-showcase reads version 1"),
    ],
)
def test_a_broken_registry_file_is_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / REGISTRY_FILE
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError, match=message):
        load_registry(path)


def test_a_registry_of_another_hash_algorithm_is_refused(two_products: Site, project: Project, tmp_path: Path) -> None:
    data = json.loads(dump_registry(load_registry(two_products.content, project=project)))
    data["phash_algorithm"] = "pHash-DCT-64 v0"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(RegistryError, match="'pHash-DCT-64 v0', but this gi-showcase computes 'pHash-DCT-64 v1'; rebuild"):
        load_registry(path)


def test_registry_places_that_do_not_hold_one_are_named(tmp_path: Path, site: Site) -> None:
    with pytest.raises(RegistryError, match="nowhere: no such file or folder"):
        load_registry(tmp_path / "nowhere")
    with pytest.raises(RegistryError, match=r"holds neither gi-registry\.json nor a products/ folder"):
        load_registry(tmp_path / "content" / "products")
    with pytest.raises(RegistryError, match=r"mkdocs\.yml is needed for the site address"):
        load_registry(site.content)


# --- Matching -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def edited_copies(sample_registry: Registry, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, str, Path]]:
    """Every sample photo edited in every required way, saved as a downloaded JPEG: (slug, file, edit, path)."""
    assert sample_registry.content is not None
    folder = tmp_path_factory.mktemp("copies")
    made = []
    for product in sample_registry.products:
        for photo in product.photos:
            original = Image.open(sample_registry.content / "products" / product.slug / photo.file).convert("RGB")
            for name, edit in REQUIRED.items():
                path = folder / f"{product.slug}--{Path(photo.file).stem}--{name}.jpg"
                edit(original).save(path, "JPEG", quality=95)
                made.append((product.slug, photo.file, name, path))
    return made


@pytest.mark.slow
def test_match_finds_every_edited_copy_of_every_sample_photo(sample_registry: Registry, edited_copies: list[tuple[str, str, str, Path]]) -> None:
    results = {r.image: r for r in match_images([path for *_, path in edited_copies], sample_registry)}
    missed = [
        f"{slug}/{file} {edit}: {results[path]}"
        for slug, file, edit, path in edited_copies
        if not (results[path].likely_reuse and (results[path].slug, results[path].photo) == (slug, file))
    ]
    assert missed == []
    assert max(r.distance or 0 for r in results.values()) <= DEFAULT_THRESHOLD


def test_match_does_not_flag_unrelated_images(sample_registry: Registry, tmp_path: Path) -> None:
    paths = []
    for index in range(30):
        path = tmp_path / f"unrelated-{index}.jpg"
        unrelated_image(index, ((1200, 800), (1080, 1080), (800, 1200))[index % 3]).save(path, quality=90)
        paths.append(path)
    flagged = [r for r in match_images(paths, sample_registry) if r.likely_reuse]
    assert flagged == []


def _as_suspect(hashes: ImageHashes) -> ImageHashes:
    """An official photo's registry hashes in the form a suspect image has: whole image plus the suspect windows."""
    names = {w.name for w in SUSPECT_WINDOWS}
    return ImageHashes(hashes.width, hashes.height, (hashes.windows[0], *(w for w in hashes.crops if w.window in names)))


def test_no_sample_photo_is_flagged_as_another_products_photo(sample_registry: Registry) -> None:
    flagged = []
    for product in sample_registry.products:
        for photo in product.photos:
            suspect = _as_suspect(photo.hashes())
            assert compare(suspect, photo.hashes()).distance == 0
            for other in sample_registry.products:
                if other.slug == product.slug:
                    continue
                for candidate in other.photos:
                    found = compare(suspect, candidate.hashes())
                    if found.distance <= DEFAULT_THRESHOLD:
                        flagged.append(f"{product.slug}/{photo.file} ~ {other.slug}/{candidate.file}: {found}")
    assert flagged == []


def test_match_results_are_best_first_and_formatted_for_the_cli(sample_registry: Registry, tmp_path: Path) -> None:
    assert sample_registry.content is not None
    cup = Image.open(sample_registry.content / "products" / "doi-tung-coffee" / "photos" / "cup.jpg").convert("RGB")
    REQUIRED["banner-120"](cup).save(tmp_path / "suspect.jpg", quality=90)
    unrelated_image(0).save(tmp_path / "noise.jpg", quality=90)
    results = match_images([tmp_path / "noise.jpg", tmp_path / "suspect.jpg"], sample_registry)
    assert [r.image.name for r in results] == ["suspect.jpg", "noise.jpg"]
    best, other = results
    assert (best.slug, best.photo, best.likely_reuse) == ("doi-tung-coffee", "photos/cup.jpg", True)
    assert other.likely_reuse is False and other.distance is not None and other.distance > DEFAULT_THRESHOLD
    lines = format_matches(results).split("\n")
    assert lines[0] == f"{tmp_path / 'suspect.jpg'}: likely reuse of doi-tung-coffee/photos/cup.jpg (distance {best.distance} of 64)"
    assert lines[1] == f"{tmp_path / 'noise.jpg'}: no match (closest: {other.official}, distance {other.distance} of 64)"
    assert "น่าจะนำภาพ doi-tung-coffee/photos/cup.jpg มาใช้ซ้ำ" in format_matches(results, "th")


def test_format_matches_with_an_empty_registry() -> None:
    result = MatchResult(Path("a.jpg"), None, None, None, likely_reuse=False)
    assert format_matches([result]) == "a.jpg: no match (the registry has no photos)"


def test_closest_with_no_products_finds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    unrelated_image(1, (200, 200)).save(path)
    assert closest(path, hash_suspect(path), []).distance is None


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "missing.jpg: no such file"),
        (lambda p: p.mkdir(), "missing.jpg: is a folder, not an image"),
        (lambda p: p.write_text("not an image"), "missing.jpg: not a JPEG, PNG or WebP image"),
        (lambda p: p.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 20), "missing.jpg: not a "),
        (lambda p: Image.new("RGB", (40, 30)).save(p, "JPEG"), "the image is 40x30 pixels; at least 64x64 is needed"),
    ],
)
def test_unreadable_suspect_images_are_named(tmp_path: Path, make: Callable[[Path], object], message: str) -> None:
    path = tmp_path / "missing.jpg"
    make(path)
    with pytest.raises(SuspectImageError, match=message):
        hash_suspect(path)


# --- Takedown packs -------------------------------------------------------------------------------


@pytest.fixture
def evidence(sample_registry: Registry, tmp_path: Path) -> list[Path]:
    """A listing's copy of the Doi Tung cup photo with a sales banner, and an unrelated picture."""
    assert sample_registry.content is not None
    folder = tmp_path / "from-listing"
    folder.mkdir()
    cup = Image.open(sample_registry.content / "products" / "doi-tung-coffee" / "photos" / "cup.jpg").convert("RGB")
    chain = REQUIRED["resize-50+banner-120"]
    chain(cup).save(folder / "listing photo.jpg", quality=85)
    unrelated_image(4, (800, 800)).save(folder / "ภาพ ร้านค้า.png")
    return [folder / "listing photo.jpg", folder / "ภาพ ร้านค้า.png"]


@pytest.mark.parametrize("lang", ["en", "th"])
def test_takedown_pack_has_every_required_part(
    sample_registry: Registry, sample_project: Project, evidence: list[Path], tmp_path: Path, lang: str
) -> None:
    out = tmp_path / "pack"
    listings = ["https://shop.example.com/item/123", HOSTILE_URL]
    written = write_takedown_pack(
        "doi-tung-coffee", listings=listings, evidence=evidence, lang=lang, out=out, registry=sample_registry, project=sample_project
    )
    names = {p.relative_to(out).as_posix() for p in written}
    assert {"notice.md", "notice.html", "evidence/E01-listing-photo.jpg", "evidence/E02-ภาพ-ร้านค้า.png", "evidence/official/photos/cup.jpg"} <= names
    assert file_digest(out / "evidence" / "E01-listing-photo.jpg") == file_digest(evidence[0])  # byte-exact copies
    notice = (out / "notice.md").read_text(encoding="utf-8")
    page = (out / "notice.html").read_text(encoding="utf-8")
    entry = sample_registry.product("doi-tung-coffee")
    assert entry is not None and entry.registration.number is None
    match = match_images(evidence[:1], sample_registry, slugs=["doi-tung-coffee"])[0]
    assert match.likely_reuse and match.photo == "photos/cup.jpg"
    words = {
        "en": ("registration number to be confirmed with DIP", f"distance {match.distance} of 64", "Statement of good faith", "Signature:"),
        "th": ("เลขทะเบียนรอยืนยันกับกรมทรัพย์สินทางปัญญา", f"ระยะห่าง {match.distance} จาก 64", "คำรับรองโดยสุจริต", "ลายมือชื่อ:"),
    }[lang]
    for text in (*words, "กาแฟดอยตุง", "https://shop.example.com/item/123", HOSTILE_URL, file_digest(evidence[0]), "TH-57"):
        assert text in notice
    for photo in entry.photos:
        assert photo.sha256 in notice and photo.phash in notice
        assert photo.sha256 in page and photo.phash in page
    for text in words:
        assert text in page
    assert f'<html lang="{lang}">' in page and "@media print" in page
    assert "<script" not in page and "javascript:" not in page
    assert "https://x.example/?q=&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="https://shop.example.com/item/123"' in page
    assert '<img src="evidence/E02-ภาพ-ร้านค้า.png"' in page and '<img src="evidence/official/photos/cup.jpg"' in page


def test_takedown_pack_states_a_confirmed_number(two_products: Site, project: Project, tmp_path: Path) -> None:
    registry = load_registry(two_products.content, project=project)
    out = tmp_path / "pack"
    write_takedown_pack("test-silk", listings=["https://shop.example.com/1"], evidence=[], lang="en", out=out, registry=registry, project=project)
    notice = (out / "notice.md").read_text(encoding="utf-8")
    assert "Thai GI registration number: สช 50100020" in notice
    assert "registration number to be confirmed" not in notice
    assert "No evidence images were supplied" in notice


def test_takedown_pack_from_a_registry_file_lists_but_does_not_copy_official_photos(
    two_products: Site, project: Project, tmp_path: Path
) -> None:
    registry_file = tmp_path / REGISTRY_FILE
    registry_file.write_text(dump_registry(load_registry(two_products.content, project=project)), encoding="utf-8")
    out = tmp_path / "pack"
    written = write_takedown_pack(
        "test-silk", listings=["https://shop.example.com/1"], evidence=[], lang="th", out=out, registry=load_registry(registry_file), project=project
    )
    assert sorted(p.relative_to(out).as_posix() for p in written) == ["notice.html", "notice.md"]
    assert "ไม่ได้แนบในชุดนี้ ดูได้ที่ https://gi.example.org/verify/test-silk/" in (out / "notice.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("javascript:alert(1)", "'javascript:' addresses are refused"),
        ("data:text/html,<b>x</b>", "'data:' addresses are refused"),
        ("ftp://x.example/file", "must start with https:// or http://"),
        ("https://x.example/a b", "contains spaces"),
        ("https://x.example/\nSet-Cookie:x", "control characters"),
        ("https:///path-only", "no host name"),
        ("https://tiktok.com@evil.example/", "user name before '@'"),
        ("www.example.com/item", "no scheme"),
        ("", "empty"),
    ],
)
def test_malformed_listing_urls_are_refused(url: str, problem: str) -> None:
    assert problem in (check_listing_url(url) or "")


def test_good_listing_urls_are_accepted() -> None:
    for url in ("https://www.tiktok.com/@shop/video/123?lang=th", "http://shop.example.co.th/ข้าว", HOSTILE_URL):
        assert check_listing_url(url) is None


def test_takedown_input_errors_are_all_listed_at_once(sample_registry: Registry, sample_project: Project, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(TakedownInputError) as caught:
        write_takedown_pack(
            "doi-tung-cofee",
            listings=["javascript:alert(1)", "https://ok.example/"],
            evidence=[tmp_path / "missing.png"],
            lang="en",
            out=out,
            registry=sample_registry,
            project=sample_project,
        )
    message = str(caught.value)
    assert "there is no product 'doi-tung-cofee'; did you mean 'doi-tung-coffee'?" in message
    assert "listing 1 'javascript:alert(1)': a listing address must start with https:// or http://" in message
    assert "listing 2" not in message
    assert "evidence 1: " in message and "missing.png: no such file" in message
    assert "already exists and is not an empty folder" in message
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]  # never overwritten
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_an_unknown_slug_without_a_close_one_lists_the_products(sample_registry: Registry, sample_project: Project, tmp_path: Path) -> None:
    with pytest.raises(TakedownInputError, match="there is no product 'zzz'; the registry has: doi-chaang-coffee, doi-tung-coffee"):
        write_takedown_pack(
            "zzz", listings=["https://a.example/"], evidence=[], lang="en", out=tmp_path / "p", registry=sample_registry, project=sample_project
        )


def test_an_empty_existing_out_folder_is_used(two_products: Site, project: Project, tmp_path: Path) -> None:
    registry = load_registry(two_products.content, project=project)
    out = tmp_path / "empty"
    out.mkdir()
    write_takedown_pack("test-silk", listings=["https://a.example/"], evidence=[], lang="en", out=out, registry=registry, project=project)
    assert (out / "notice.html").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging folder left


def test_printable_html_escapes_everything_and_links_only_web_addresses() -> None:
    html = markdown_to_html(
        "# A <b>title</b>\n\n- [ ] tick `javascript:alert(1)`\n- item https://ok.example/x.\n\n"
        "![x](javascript:alert(1))\n![y](../secret.png)\ntext <img src=x onerror=alert(1)>"
    )
    assert "<h1>A &lt;b&gt;title&lt;/b&gt;</h1>" in html
    assert '<code>javascript:alert(1)</code>' in html and 'href="javascript' not in html
    assert '<a href="https://ok.example/x" rel="noopener noreferrer nofollow">https://ok.example/x</a>.' in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_mistake_in_a_notice_template_names_the_file_and_line(two_products: Site, project: Project, tmp_path: Path) -> None:
    themes = tmp_path / "themes"
    (themes / "takedown").mkdir(parents=True)
    for template in (REPO / "themes" / "takedown").iterdir():
        (themes / "takedown" / template.name).write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
    (themes / "takedown" / "notice.en.md.j2").write_text("# Notice\n\n{{ product.no_such_field.upper() }}\n", encoding="utf-8")
    registry = load_registry(two_products.content, project=project)
    with pytest.raises(ConfigError, match=r"notice\.en\.md\.j2:3: .*no_such_field"):
        write_takedown_pack(
            "test-silk", listings=["https://a.example/"], evidence=[], lang="en", out=tmp_path / "p", registry=registry, project=project, themes=themes
        )
    assert not (tmp_path / "p").exists()
