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
from builder.messages import Message, Refusal, tr, untranslated

LANGUAGES: tuple[str, ...] = ("th", "en")
#: What an editor writes where a fact is not yet confirmed by an official source.
TO_CONFIRM = "to-be-confirmed"
#: Observed Thai GI number format: สช + 2-digit BE year + 1 + 5-digit serial.
THAI_GI_NUMBER = re.compile(r"^สช ?\d{8}$")


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

    th: Text = Field(description="Thai text", examples=["ข้าวหอมมะลิ"])
    en: Text = Field(description="English text", examples=["Jasmine rice"])

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
        description=f"The Thai GI number exactly as on the certificate, e.g. 'สช 50100020', or '{TO_CONFIRM}' when it is not yet confirmed",
        examples=["สช 50100020", TO_CONFIRM],
    )
    registered_on: Annotated[dt.date | Literal["to-be-confirmed"], BeforeValidator(_registration_date)] = Field(
        description=f"The registration date as YYYY-MM-DD (Common Era), or '{TO_CONFIRM}'",
        examples=["2007-09-27", TO_CONFIRM],
    )
    eu_protection: Text | None = Field(None, description="EU protection, if any, e.g. the PGI regulation or file number")
    registrant: Bilingual | None = Field(None, description="Who applied for / holds the registration")

    @property
    def number_confirmed(self) -> bool:
        return self.registration_number != TO_CONFIRM

    @property
    def date_confirmed(self) -> bool:
        return isinstance(self.registered_on, dt.date)


class Location(Model):
    """A point in the protected area, in decimal degrees."""

    lat: float = Field(ge=-90, le=90, description="Latitude, e.g. 15.8", examples=[15.8])
    lon: float = Field(ge=-180, le=180, description="Longitude, e.g. 103.9", examples=[103.9])


class Focus(Model):
    """Where the subject of a photo is, as fractions of its width and height (0 = left/top, 1 = right/bottom)."""

    x: float = Field(0.5, ge=0, le=1, description="0 = left edge, 1 = right edge")
    y: float = Field(0.5, ge=0, le=1, description="0 = top edge, 1 = bottom edge")


class Photo(Model):
    """One photo of the product; the first photo in the list is the cover."""

    file: Annotated[Text, AfterValidator(_photo_file)] = Field(
        description="Path inside the product folder, e.g. photos/field.jpg", examples=["photos/field.jpg"]
    )
    alt: Bilingual = Field(description="What the photo shows, for readers who cannot see it, in Thai and English")
    credit: Text | None = Field(None, description="Who took the photo, or that it is an illustration")
    focus: Focus | None = Field(None, description="Where the subject is, so crops keep it in view")


class Producer(Model):
    """A producer group, cooperative or registrant."""

    name: Bilingual = Field(description="The producer's name in Thai and English")
    contact: Contact | None = Field(None, description="A web address, phone number or e-mail")
    authorised: bool = Field(False, description="true when the producer may use the Thai GI logo")


class ShopLink(Model):
    """A place to buy the product online."""

    label: Bilingual = Field(description="What the link is, e.g. 'TikTok Shop of the cooperative'")
    url: Url = Field(description="The full web address", examples=["https://www.tiktok.com/@shop"])


class Price(Model):
    """A price range in Thai baht (THB) for one unit."""

    min: float = Field(gt=0, description="Lowest price in THB", examples=[120])
    max: float = Field(gt=0, description="Highest price in THB", examples=[180])
    unit: Bilingual = Field(description="The unit the price is for, e.g. {th: กิโลกรัม, en: kg}")
    note: Bilingual | None = Field(None, description="A remark such as the date of the price")

    @model_validator(mode="after")
    def _ordered(self) -> Price:
        if self.max < self.min:
            raise Refusal(tr("price_max_below_min"))
        return self


class Shop(Model):
    """Where and for how much the product can be bought."""

    links: list[ShopLink] = Field(default_factory=list, description="Online shops, e.g. a TikTok Shop page")
    price: Price | None = Field(None, description="Price range in THB")


class Source(Model):
    """A published source for the facts in the profile."""

    title: Text = Field(description="What the source is")
    url: Url | None = Field(None, description="Where to read it")


class ProductFacts(Model):
    """``product.yml``: the language-neutral facts about one GI product."""

    gi: GIRegistration = Field(description="The Thai GI registration")
    category: Category = Field(description="One of: " + ", ".join(c.value for c in Category))
    provinces: list[Annotated[Text, AfterValidator(_province_code)]] = Field(min_length=1, description="ISO 3166-2:TH codes of the protected area, e.g. TH-45")
    location: Location | None = Field(None, description="A point in the protected area")
    photos: list[Photo] = Field(min_length=1, description="Photos in order; the first is the cover")
    producers: list[Producer] = Field(min_length=1, description="Producer groups and registrants")
    shop: Shop = Field(Shop(), description="Where to buy")
    seasons: list[Annotated[int, Field(ge=1, le=12)]] = Field(
        default_factory=list, description="Months (1-12) when the product is available"
    )
    hashtags: list[Hashtag] = Field(default_factory=list, description="Hashtags without '#', e.g. ข้าวหอมมะลิ")
    sources: list[Source] = Field(default_factory=list, description="Where the facts come from")


class FAQ(Model):
    """A question a buyer asks, with its answer."""

    q: Text = Field(description="The question")
    a: Text = Field(description="The answer")


class ClipHints(Model):
    """Optional wording for the short vertical clip."""

    hook: Text | None = Field(None, max_length=80, description="The opening line, shown in the first seconds")
    beats: list[Annotated[str, Field(min_length=1, max_length=80)]] = Field(
        default_factory=list, max_length=5, description="Short on-screen lines, one per photo"
    )


class PageMeta(Model):
    """The front matter of ``th.md`` / ``en.md``: the fields that are translated."""

    name: Text = Field(max_length=120, description="The protected name in this language")
    tagline: Text = Field(max_length=160, description="One short sentence that makes people want to know more")
    characteristics: list[Text] = Field(min_length=1, max_length=8, description="Short facts that make the product special")
    genuine_signs: list[Text] = Field(default_factory=list, description="How a buyer can tell the genuine product")
    faq: list[FAQ] = Field(default_factory=list, description="Questions and answers")
    clip: ClipHints = Field(ClipHints(), description="Wording for the short clip")
