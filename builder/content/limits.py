"""Every limit on untrusted content, in one place.

Profiles and photos come from community editors, so each input that costs memory or
time to read has a ceiling. docs/security.md explains each limit and how to change it;
change the number here and the messages, the checks and the docs' examples follow.
"""

from __future__ import annotations

#: Largest profile file (product.yml, th.md, en.md) accepted, in bytes.
MAX_PROFILE_BYTES = 256 * 1024
#: A YAML document that expands to more values than this through anchors and aliases is refused (alias bombs).
MAX_YAML_VALUES = 50_000
#: Deepest nesting of lists and mappings accepted in YAML (profiles need about 4 levels).
MAX_YAML_DEPTH = 32
#: Largest photo file accepted, in bytes.
MAX_PHOTO_BYTES = 40 * 1024 * 1024
#: Largest photo accepted, in pixels (8000x6000 = 48 MP passes; a 30000x30000 bomb does not).
MAX_PHOTO_PIXELS = 100_000_000
#: Deepest nesting of lists, quotes and indented blocks in a story (Python-Markdown recurses once per level).
MAX_STORY_NESTING = 32
#: Work allowed for tags left open in a story: the characters Python's HTML reader rescans looking for each
#: unclosed tag's '>' (about 20 million take one second; '<a' repeated with no '>' grows it quadratically).
MAX_TAG_SCAN = 20_000_000
#: Work allowed for '[' and '(' in a story: the characters Python-Markdown's link reader scans from each to its
#: ']' or ')', or to the end of the paragraph when it is left open (about a million take one second).
MAX_LINK_SCAN = 1_000_000
