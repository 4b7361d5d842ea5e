"""The public GI registry (``gi-registry.json``): every product's protected names, registration and official photo hashes.

Platforms and officials read it to check a listing: is the name a registered GI, who holds it,
and does the listing reuse an official photo (compare its pHash, see docs/registry.md).
Each field is declared once in the models below; the JSON Schema in docs/schema/ is derived from them.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr

from builder import __version__
from builder.authenticity.phash import (
    ALGORITHM,
    ASPECT_TOLERANCE,
    DEFAULT_THRESHOLD,
    OFFICIAL_WINDOWS,
    SUSPECT_WINDOWS,
    ImageHashes,
    WindowHash,
    hash_file,
)
from builder.cache import file_digest, used, write_text_whole
from builder.config import Project
from builder.content.catalogue import Catalogue, Product
from builder.content.loader import display
from builder.content.model import Photo, Producer
from builder.messages import tr
from builder.problems import MediaError

#: Bumped when a field changes meaning or disappears (adding an optional field keeps the version).
SCHEMA_VERSION = 1
#: Where the lead's build publishes the registry, relative to the site root.
REGISTRY_FILE = "gi-registry.json"
SCHEMA_FILE = "gi-registry.schema.json"

Fraction = Annotated[float, Field(ge=0, le=1)]


def _ordered_box(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    left, top, right, bottom = box
    if right <= left or bottom <= top:
        raise ValueError("a box is [left, top, right, bottom] with right > left and bottom > top")
    return box


Box = Annotated[tuple[Fraction, Fraction, Fraction, Fraction], AfterValidator(_ordered_box)]
HEX_PATTERN = "^[0-9a-f]{16}$"


class RegistryModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(RegistryModel):
    """A text in Thai and English."""

    th: str = Field(description="Thai text")
    en: str = Field(description="English text")


class Names(RegistryModel):
    """The protected name of the product, as on its pages."""

    th: str = Field(description="The protected name in Thai")
    en: str = Field(description="The name in English; the Thai name again when there is no English page (then en_fallback is true)")
    en_fallback: bool = Field(description="true when the product has no English page and 'en' repeats the Thai name")


class Registration(RegistryModel):
    """The Thai GI registration as the profile states it; nothing here is guessed."""

    number: str | None = Field(description="The Thai GI number as on the certificate (e.g. 'สช 50100020'), or null while it is to be confirmed")
    status: Literal["registered", "to-be-confirmed"] = Field(
        description="'registered' when the number is confirmed; 'to-be-confirmed' when it is still to be confirmed with the Department of Intellectual Property"
    )
    registered_on: dt.date | None = Field(description="The registration date (YYYY-MM-DD, Common Era), or null while it is to be confirmed")
    eu_protection: str | None = Field(description="EU protection (e.g. the PGI regulation), or null when none is stated")
    registrant: Text | None = Field(description="Who applied for / holds the registration, or null when the profile does not say")


class Province(RegistryModel):
    """One province of the protected area."""

    code: str = Field(description="ISO 3166-2:TH code, e.g. TH-57")
    th: str = Field(description="The province's name in Thai")
    en: str = Field(description="The province's name in English")


class RegistryProducer(RegistryModel):
    """A producer group, cooperative or registrant named in the profile."""

    name: Text = Field(description="The producer's name")
    contact: str | None = Field(description="A web address, phone number or e-mail, or null")
    authorised: bool = Field(description="true when the profile states that the producer may use the Thai GI logo")


class ShopLink(RegistryModel):
    """An official place to buy the product online."""

    label: Text = Field(description="What the link is")
    url: str = Field(description="The full web address")


class LanguageUrls(RegistryModel):
    """One page in each language."""

    th: str = Field(description="The Thai page (site root)")
    en: str = Field(description="The English page (under en/)")


class Pages(RegistryModel):
    """Where people read about the product and check a listing."""

    product: LanguageUrls = Field(description="The product's page")
    verify: LanguageUrls = Field(description="The product's verification page: the official facts and photos to compare a listing with")


class CropHash(RegistryModel):
    """The pHash of one window (crop) of a photo, so a copy that was cropped or had a banner added still matches."""

    window: str = Field(description="The window's name, e.g. 'centre-80' or 'cut-right-10'")
    box: Box = Field(description="The window's edges [left, top, right, bottom] as fractions of the upright image's width and height")
    phash: str = Field(pattern=HEX_PATTERN, description="pHash of the window (16 hexadecimal digits)")


class RegistryPhoto(RegistryModel):
    """One official photo of the product."""

    file: str = Field(description="The path inside the product folder, e.g. photos/cup.jpg")
    width: int = Field(gt=0, description="Width of the upright image in pixels (after EXIF orientation)")
    height: int = Field(gt=0, description="Height of the upright image in pixels")
    sha256: str = Field(pattern="^[0-9a-f]{64}$", description="SHA-256 of the original source file's bytes")
    phash: str = Field(pattern=HEX_PATTERN, description="pHash of the whole upright image (16 hexadecimal digits)")
    phash_crops: list[CropHash] = Field(description="pHash of each window listed in docs/registry.md")
    alt: Text = Field(description="What the photo shows")

    def hashes(self) -> ImageHashes:
        """The photo's hashes in the form the matcher compares."""
        full = WindowHash("full", (0.0, 0.0, 1.0, 1.0), self.phash)
        crops = tuple(WindowHash(c.window, c.box, c.phash) for c in self.phash_crops)
        return ImageHashes(self.width, self.height, (full, *crops))


class RegistryProduct(RegistryModel):
    """One registered GI product."""

    slug: str = Field(description="The product's identifier, also its folder and page address, e.g. doi-tung-coffee")
    names: Names = Field(description="The protected name")
    category: str = Field(description="One of: rice, coffee, fruit, vegetable, textile, handicraft, food, beverage, other")
    registration: Registration = Field(description="The Thai GI registration")
    provinces: list[Province] = Field(description="The protected area")
    producers: list[RegistryProducer] = Field(description="Producer groups and registrants")
    shops: list[ShopLink] = Field(description="Official online shops")
    pages: Pages = Field(description="The product's pages on the showcase site")
    photos: list[RegistryPhoto] = Field(description="The official photos with their hashes, cover first")


class SuspectWindow(RegistryModel):
    """A window a matcher hashes on the suspect image besides the whole image."""

    window: str = Field(description="The window's name; it is compared with the official window of the same name")
    box: Box = Field(description="The window's edges [left, top, right, bottom] as fractions of the width and height")


class Matching(RegistryModel):
    """How gi-showcase compares a suspect image with the official photos (docs/registry.md explains the rule)."""

    threshold: int = Field(ge=0, le=64, description="A Hamming distance at or below this is reported as likely reuse")
    aspect_tolerance: float = Field(
        ge=0,
        description="The whole suspect image is compared with an official crop window only when "
        "|ln(suspect width/height ÷ window width/height)| is at most this",
    )
    suspect_windows: list[SuspectWindow] = Field(description="Windows hashed on the suspect image besides the whole image")


class Registry(RegistryModel):
    """``gi-registry.json``: the public registry of the GI products on a gi-showcase site."""

    schema_version: int = Field(description="Version of this format; a reader refuses a version it does not know")
    generator: str = Field(description="The program and version that wrote the file")
    site_url: str = Field(description="The showcase site the registry belongs to")
    phash_algorithm: str = Field(description=f"The perceptual hash used for every 'phash' ('{ALGORITHM}'); docs/registry.md gives the recipe")
    matching: Matching = Field(description="How suspect images are compared with the official photos")
    products: list[RegistryProduct] = Field(description="Every product, sorted by slug")

    # The content folder when the registry was built from one, so the photo files can be found; not part of the JSON.
    _content: Path | None = PrivateAttr(default=None)

    @property
    def content(self) -> Path | None:
        return self._content

    def product(self, slug: str) -> RegistryProduct | None:
        return next((p for p in self.products if p.slug == slug), None)

    @property
    def slugs(self) -> list[str]:
        return [p.slug for p in self.products]


def build_registry(catalogue: Catalogue, *, project: Project) -> dict[str, Any]:
    """The registry of every product in ``catalogue`` as plain JSON data (photos are decoded and hashed)."""
    return registry_model(catalogue, project=project).model_dump(mode="json")


def registry_json(catalogue: Catalogue, *, project: Project, cache: Path | None = None) -> str:
    """``gi-registry.json``'s text: the same catalogue always gives the same bytes (sorted keys, no timestamp).

    With ``cache``, each photo's hashes are kept under ``cache/phash/`` by the photo's SHA-256,
    so a rebuild decodes only photos that changed.
    """
    return dump_registry(registry_model(catalogue, project=project, cache=cache))


def dump_registry(registry: Registry) -> str:
    return json.dumps(registry.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def registry_model(catalogue: Catalogue, *, project: Project, cache: Path | None = None) -> Registry:
    """The registry as a validated model, remembering the content folder so the photo files can be found."""
    registry = Registry(
        schema_version=SCHEMA_VERSION,
        generator=f"gi-showcase {__version__}",
        site_url=project.site_url,
        phash_algorithm=ALGORITHM,
        matching=Matching(
            threshold=DEFAULT_THRESHOLD,
            aspect_tolerance=ASPECT_TOLERANCE,
            suspect_windows=[SuspectWindow(window=w.name, box=w.fractions) for w in SUSPECT_WINDOWS],
        ),
        products=[_product(product, project, cache) for product in sorted(catalogue.products, key=lambda p: p.slug)],
    )
    registry._content = catalogue.root
    return registry


def _product(product: Product, project: Project, cache: Path | None) -> RegistryProduct:
    gi = product.facts.gi
    return RegistryProduct(
        slug=product.slug,
        names=Names(th=product.page("th").meta.name, en=product.page("en").meta.name, en_fallback=product.is_fallback("en")),
        category=product.facts.category.value,
        registration=Registration(
            number=gi.registration_number if gi.number_confirmed else None,
            status="registered" if gi.number_confirmed else "to-be-confirmed",
            registered_on=gi.registered_on if isinstance(gi.registered_on, dt.date) else None,
            eu_protection=gi.eu_protection,
            registrant=Text(th=gi.registrant.th, en=gi.registrant.en) if gi.registrant else None,
        ),
        provinces=[Province(code=p.code, th=p.th, en=p.en) for p in product.provinces],
        producers=[_producer(p) for p in product.facts.producers],
        shops=[ShopLink(label=Text(th=s.label.th, en=s.label.en), url=s.url) for s in product.facts.shop.links],
        pages=Pages(
            product=LanguageUrls(th=project.url("th", f"products/{product.slug}/"), en=project.url("en", f"products/{product.slug}/")),
            verify=LanguageUrls(th=project.url("th", f"verify/{product.slug}/"), en=project.url("en", f"verify/{product.slug}/")),
        ),
        photos=[_photo(product, photo, cache) for photo in product.facts.photos],
    )


def _producer(producer: Producer) -> RegistryProducer:
    return RegistryProducer(name=Text(th=producer.name.th, en=producer.name.en), contact=producer.contact, authorised=producer.authorised)


def _photo(product: Product, photo: Photo, cache: Path | None) -> RegistryPhoto:
    path = product.photo_path(photo)
    sha256 = file_digest(path)
    try:
        hashes = _cached_hashes(path, sha256, cache)
    except (OSError, ValueError) as exc:  # the loader checked the photo; this is a file changed since, or a tiny one
        raise MediaError(tr("registry_photo_unreadable", photo=display(path), reason=str(exc))) from None
    return RegistryPhoto(
        file=photo.file,
        width=hashes.width,
        height=hashes.height,
        sha256=sha256,
        phash=hashes.full,
        phash_crops=[CropHash(window=c.window, box=c.box, phash=c.phash) for c in hashes.crops],
        alt=Text(th=photo.alt.th, en=photo.alt.en),
    )


def _cached_hashes(path: Path, sha256: str, cache: Path | None) -> ImageHashes:
    if cache is None:
        return hash_file(path)
    stored = cache / "phash" / f"{sha256}.json"
    key = {"algorithm": ALGORITHM, "windows": [w.name for w in OFFICIAL_WINDOWS]}
    if used(stored):
        data = json.loads(stored.read_text(encoding="utf-8"))
        if data.get("key") == key:
            windows = tuple(WindowHash(w["window"], tuple(w["box"]), w["phash"]) for w in data["windows"])
            return ImageHashes(data["width"], data["height"], windows)
    hashes = hash_file(path)
    payload = {"key": key, "width": hashes.width, "height": hashes.height, "windows": [vars(w) for w in hashes.windows]}
    write_text_whole(stored, json.dumps(payload))
    return hashes


def registry_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``gi-registry.json``, derived from :class:`Registry`."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **Registry.model_json_schema()}


def schema_json() -> str:
    """The text of docs/schema/gi-registry.schema.json."""
    return json.dumps(registry_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schema(folder: Path) -> Path:
    """Write ``gi-registry.schema.json`` into ``folder`` (docs/schema/ in the repository) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SCHEMA_FILE
    path.write_text(schema_json(), encoding="utf-8")
    return path
