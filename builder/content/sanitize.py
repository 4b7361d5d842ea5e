"""Editors' HTML is untrusted: the one sanitiser that decides what of a story reaches a page.

The site runs it on every rendered story (builder/site/plugin.py) and ``check`` runs it
too (builder/content/stories.py), so that editors hear about what it removes.
"""

from __future__ import annotations

import nh3

#: Tags kept; any other tag is removed (its text stays, except inside <script> and <style>).
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
})
#: Attributes kept, by tag ("*": on every tag). No event handler (on...) and no style attribute is ever kept.
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "details": {"open"},  # '???+' in pymdownx.details writes <details open>
}
#: The column alignment Markdown tables write (| :---: |): the only style kept, and only as these exact values.
_TABLE_ALIGN = {"style": {f"text-align: {side};" for side in ("left", "center", "right")}}
TAG_ATTRIBUTE_VALUES = {"td": _TABLE_ALIGN, "th": _TABLE_ALIGN}
#: URL schemes kept in href and src; relative links are kept too. javascript:, vbscript:, data: and the rest are removed.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: Attributes that hold a URL and so lose a value with another scheme.
URL_ATTRIBUTES = frozenset({"href", "src"})


#: Cleaning again after removing a tag can still change the HTML (see clean_html); this many passes are always enough in practice.
_MAX_PASSES = 4


def clean_html(html: str) -> str:
    """Remove scripts, event handlers, styles and unsafe URL schemes from rendered story HTML.

    Removing a tag can leave nesting that an HTML parser rebuilds differently (``<p><object></p>``
    leaves ``<p><p></p></p>``), so the result is cleaned again until it no longer changes:
    cleaning a cleaned story changes nothing.
    """
    cleaned = _clean_once(html)
    for _ in range(_MAX_PASSES):
        again = _clean_once(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def _clean_once(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        tag_attribute_values={tag: {name: set(values) for name, values in allowed.items()} for tag, allowed in TAG_ATTRIBUTE_VALUES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener nofollow",
    )
