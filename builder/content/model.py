"""The typed model of a GI product profile: every field is declared here once.

``product.yml`` validates against :class:`ProductFacts`; the front matter of
``th.md`` / ``en.md`` against :class:`PageMeta`. The same models give the JSON
Schema that editors use for autocomplete (``gi-showcase schema``).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, model_validator

from builder.config import build_date
from builder.content.photos import check_photo
from builder.content.provinces import provinces
from builder.messages import Message, Refusal, catalogue, tr, untranslated

LANGUAGES: tuple[str, ...] = ("th", "en")
#: What an editor writes where a fact is not yet confirmed by an official source.
TO_CONFIRM = "to-be-confirmed"
#: Observed Thai GI number format: สช + 2-digit BE year + 1 + 5-digit serial.
THAI_GI_NUMBER = re.compile(r"^สช ?\d{8}$")


def _about(field: str) -> str:
    """The English description of ``Model.field`` for pydantic and the JSON Schema; the catalogue holds it beside its Thai."""
    return tr(f"describe.{field}").render("en")


def field_description(model: type[BaseModel], field: str) -> Message | None:
    """What a field means, in every language, or None for a field without a description."""
    key = f"describe.{model.__name__}.{field}"
    return tr(key) if key in catalogue()["en"] else None


def _number_to_text(value: Any) -> Any:
    # YAML reads 50100020 as an integer; an editor means the text.
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _no_hash_or_space(value: str) -> str:
    if value.startswith("#"):
        raise Refusal(tr("hashtag_hash"))
    if re.search(r"\s", value):
        raise Refusal(tr("hashtag_space"))
    return value


#: Characters that no web address holds unencoded and that could end an HTML attribute early.
_NOT_IN_URL = {'"': tr("char_double_quote"), "<": untranslated("'<'"), ">": untranslated("'>'"), "`": tr("char_backquote")}
#: Schemes that run code or open local data when a browser follows them.
ACTIVE_SCHEMES = frozenset({"javascript", "vbscript", "data", "file", "blob", "filesystem", "jar", "view-source", "livescript", "mocha"})


def _web_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE):
        raise Refusal(tr("url_not_full"))
    for char, name in _NOT_IN_URL.items():
        if char in value:
            raise Refusal(tr("url_bad_character", character=name))
    return value


def _contact(value: str) -> str:
    # The site links a contact that starts with 'http', so such a contact must be a real web address.
    if value.startswith("http") or re.match(r"^https?:", value, re.IGNORECASE):
        return _web_url(value)
    return value


def contact_problem(contact: str) -> Message | None:
    """Why a producer's contact is shown as plain text although it looks like a link, or None."""
    squeezed = re.sub(r"[\x00-\x20]", "", contact)  # browsers ignore these inside a scheme: 'java script:'
    match = re.match(r"^([a-z][a-z0-9+.-]*):(//)?", squeezed, re.IGNORECASE)
    if not match:
        return None
    scheme = match.group(1).lower()
    if scheme in ("http", "https", "mailto", "tel") or (scheme not in ACTIVE_SCHEMES and not match.group(2)):
        return None  # a web address (checked by the model), an e-mail or phone link, or text such as 'LINE: @coop'
    shown = contact if len(contact) <= 40 else contact[:39] + "…"
    return tr("contact_not_link", contact=shown)


def _registration_date(value: Any) -> Any:
    if value == TO_CONFIRM:
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise Refusal(tr("date_not_real", date=value)) from None
    if not isinstance(value, dt.date):
        raise Refusal(tr("date_format", to_confirm=TO_CONFIRM))
    if value.year > 2400:
        raise Refusal(tr("date_buddhist_era", year=value.year, ce=value.year - 543))
    if value > build_date():
        raise Refusal(tr("date_in_future", date=value.isoformat()))
    return value


def _province_code(value: str) -> str:
    table = provinces()
    if value in table:
        return value
    close = [code for code in table if code.replace("-", "") == value.upper().replace("-", "").replace(" ", "")]
    hint = tr("did_you_mean", word=close[0]) if close else tr("provinces_listed")
    raise Refusal(tr("province_code", code=value, hint=hint))


def _photo_file(value: str, info: ValidationInfo) -> str:
    # The loader passes the product folder as context, so a missing or unsafe file is
    # reported together with every other mistake in the same run.
    folder = (info.context or {}).get("folder")
    if folder is not None:
        problem = check_photo(folder, value).problem
        if problem:
            raise Refusal(problem)
    return value


Text = Annotated[str, BeforeValidator(_number_to_text), Field(min_length=1)]
Url = Annotated[str, AfterValidator(_web_url)]
Contact = Annotated[Text, AfterValidator(_contact)]
Hashtag = Annotated[str, BeforeValidator(_number_to_text), AfterValidator(_no_hash_or_space), Field(min_length=1, max_length=100)]


class Model(BaseModel):
    """Base of every profile model: unknown keys are reported, text is trimmed, the model is frozen."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Bilingual(Model):
    """Text written in Thai and in English side by side."""

    th: Text = Field(description=_about("Bilingual.th"), examples=["ข้าวหอมมะลิ"])
    en: Text = Field(description=_about("Bilingual.en"), examples=["Jasmine rice"])

    def __call__(self, lang: str) -> str:
        return self.th if lang == "th" else self.en


class Category(enum.StrEnum):
    """The fixed list of product categories (docs/format.md explains each)."""

    RICE = "rice"
    COFFEE = "coffee"
    FRUIT = "fruit"
    VEGETABLE = "vegetable"
    TEXTILE = "textile"
    HANDICRAFT = "handicraft"
    FOOD = "food"
    BEVERAGE = "beverage"
    OTHER = "other"


class GIRegistration(Model):
    """The Thai GI registration, as on the certificate from the Department of Intellectual Property."""

    registration_number: Text = Field(
        description=_about("GIRegistration.registration_number"),
        examples=["สช 50100020", TO_CONFIRM],
    )
    registered_on: Annotated[dt.date | Literal["to-be-confirmed"], BeforeValidator(_registration_date)] = Field(
        description=_about("GIRegistration.registered_on"),
        examples=["2007-09-27", TO_CONFIRM],
    )
    eu_protection: Text | None = Field(None, description=_about("GIRegistration.eu_protection"))
    registrant: Bilingual | None = Field(None, description=_about("GIRegistration.registrant"))

    @property
    def number_confirmed(self) -> bool:
        return self.registration_number != TO_CONFIRM

    @property
    def date_confirmed(self) -> bool:
        return isinstance(self.registered_on, dt.date)


class Location(Model):
    """A point in the protected area, in decimal degrees."""

    lat: float = Field(ge=-90, le=90, description=_about("Location.lat"), examples=[15.8])
    lon: float = Field(ge=-180, le=180, description=_about("Location.lon"), examples=[103.9])


class Focus(Model):
    """Where the subject of a photo is, as fractions of its width and height (0 = left/top, 1 = right/bottom)."""

    x: float = Field(0.5, ge=0, le=1, description=_about("Focus.x"))
    y: float = Field(0.5, ge=0, le=1, description=_about("Focus.y"))


class Photo(Model):
    """One photo of the product; the first photo in the list is the cover."""

    file: Annotated[Text, AfterValidator(_photo_file)] = Field(
        description=_about("Photo.file"), examples=["photos/field.jpg"]
    )
    alt: Bilingual = Field(description=_about("Photo.alt"))
    credit: Text | None = Field(None, description=_about("Photo.credit"))
    focus: Focus | None = Field(None, description=_about("Photo.focus"))


class Producer(Model):
    """A producer group, cooperative or registrant."""

    name: Bilingual = Field(description=_about("Producer.name"))
    contact: Contact | None = Field(None, description=_about("Producer.contact"))
    authorised: bool = Field(False, description=_about("Producer.authorised"))


class ShopLink(Model):
    """A place to buy the product online."""

    label: Bilingual = Field(description=_about("ShopLink.label"))
    url: Url = Field(description=_about("ShopLink.url"), examples=["https://www.tiktok.com/@shop"])


class Price(Model):
    """A price range in Thai baht (THB) for one unit."""

    min: float = Field(gt=0, allow_inf_nan=False, description=_about("Price.min"), examples=[120])
    max: float = Field(gt=0, allow_inf_nan=False, description=_about("Price.max"), examples=[180])
    unit: Bilingual = Field(description=_about("Price.unit"))
    note: Bilingual | None = Field(None, description=_about("Price.note"))

    @model_validator(mode="after")
    def _ordered(self) -> Price:
        if self.max < self.min:
            raise Refusal(tr("price_max_below_min"))
        return self


class Shop(Model):
    """Where and for how much the product can be bought."""

    links: list[ShopLink] = Field(default_factory=list, description=_about("Shop.links"))
    price: Price | None = Field(None, description=_about("Shop.price"))


class Source(Model):
    """A published source for the facts in the profile."""

    title: Text = Field(description=_about("Source.title"))
    url: Url | None = Field(None, description=_about("Source.url"))


class ProductFacts(Model):
    """``product.yml``: the language-neutral facts about one GI product."""

    gi: GIRegistration = Field(description=_about("ProductFacts.gi"))
    category: Category = Field(description=_about("ProductFacts.category"))
    provinces: list[Annotated[Text, AfterValidator(_province_code)]] = Field(min_length=1, description=_about("ProductFacts.provinces"))
    location: Location | None = Field(None, description=_about("ProductFacts.location"))
    photos: list[Photo] = Field(min_length=1, description=_about("ProductFacts.photos"))
    producers: list[Producer] = Field(min_length=1, description=_about("ProductFacts.producers"))
    shop: Shop = Field(Shop(), description=_about("ProductFacts.shop"))
    seasons: list[Annotated[int, Field(ge=1, le=12)]] = Field(
        default_factory=list, description=_about("ProductFacts.seasons")
    )
    hashtags: list[Hashtag] = Field(default_factory=list, description=_about("ProductFacts.hashtags"))
    sources: list[Source] = Field(default_factory=list, description=_about("ProductFacts.sources"))


class FAQ(Model):
    """A question a buyer asks, with its answer."""

    q: Text = Field(description=_about("FAQ.q"))
    a: Text = Field(description=_about("FAQ.a"))


class ClipHints(Model):
    """Optional wording for the short vertical clip."""

    hook: Text | None = Field(None, max_length=80, description=_about("ClipHints.hook"))
    beats: list[Annotated[str, Field(min_length=1, max_length=80)]] = Field(
        default_factory=list, max_length=5, description=_about("ClipHints.beats")
    )


class PageMeta(Model):
    """The front matter of ``th.md`` / ``en.md``: the fields that are translated."""

    name: Text = Field(max_length=120, description=_about("PageMeta.name"))
    tagline: Text = Field(max_length=160, description=_about("PageMeta.tagline"))
    characteristics: list[Text] = Field(min_length=1, max_length=8, description=_about("PageMeta.characteristics"))
    genuine_signs: list[Text] = Field(default_factory=list, description=_about("PageMeta.genuine_signs"))
    faq: list[FAQ] = Field(default_factory=list, description=_about("PageMeta.faq"))
    clip: ClipHints = Field(ClipHints(), description=_about("PageMeta.clip"))
