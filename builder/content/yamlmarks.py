"""Safe YAML loading that remembers the line of every key and list item.

PyYAML's ``safe_load`` throws the marks away; editors need ``file:line`` in every
message, so we compose the node tree once, record where each value starts, and
construct plain Python data from the same tree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from builder.content.limits import MAX_YAML_DEPTH, MAX_YAML_VALUES
from builder.messages import Message, tr, untranslated

Loc = tuple[str | int, ...]


class YamlSyntaxError(Exception):
    """The text is not YAML we accept; ``line`` is 1-based in the file."""

    def __init__(self, line: int, message: Message) -> None:
        super().__init__(message.render("en"))
        self.line = line
        self.message = message


@dataclass(frozen=True)
class YamlDoc:
    """Parsed data plus the line where each key or list item starts."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    first_line: int = 1

    def line_of(self, loc: Sequence[str | int]) -> int:
        """The line of ``loc``, or of its nearest ancestor that exists in the file."""
        path = tuple(loc)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), self.first_line)


def normalise_text(text: str) -> str:
    """Accept what ordinary editors write: a byte-order mark, CRLF, tab indentation."""
    return "\n".join(_untab(line) for line in normalise_newlines(text).split("\n"))


def normalise_newlines(text: str) -> str:
    """Drop a byte-order mark and turn CRLF and CR line endings into LF."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _untab(line: str) -> str:
    stripped = line.lstrip(" \t")
    indent = line[: len(line) - len(stripped)]
    return indent.replace("\t", "  ") + stripped if "\t" in indent else line


class _Refused(Exception):
    """A document we will not construct; ``mark`` is where, counted from the start of the text."""

    def __init__(self, mark: yaml.Mark, message: Message) -> None:
        super().__init__(message.render("en"))
        self.mark = mark
        self.message = message


class _Constructor(yaml.constructor.SafeConstructor):
    """PyYAML's safe constructor that leaves dates as text and names a value it cannot read."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> object:
        try:
            return super().construct_object(node, deep)
        except ValueError as exc:  # int() or float() on '!!int abc' or a number with thousands of digits
            raise _Refused(node.start_mark, tr("yaml_value_unreadable", reason=str(exc))) from None


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", yaml.constructor.SafeConstructor.construct_yaml_str)  # type: ignore[type-var]


class _SafeLoader(
    yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, _Constructor, yaml.resolver.Resolver
):
    """PyYAML's pure-Python safe loader, which stops deep nesting before Python's recursion limit."""

    _depth = 0

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Constructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        # PyYAML composes nested lists and mappings recursively; ``[[[[...`` would crash it.
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise _Refused(self.peek_event().start_mark, tr("yaml_too_deep", limit=MAX_YAML_DEPTH))
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_CParser = getattr(yaml, "CParser", None) or getattr(getattr(yaml, "_yaml", None), "CParser", None)
if _CParser is not None:

    class _FastLoader(_CParser, _Constructor, yaml.resolver.Resolver):  # type: ignore[misc,valid-type]
        """libyaml's parser (C, with its own nesting limit of 1,000) and our constructor."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)  # type: ignore[misc]
            _Constructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)


def _libyaml_limits_nesting() -> bool:
    """Whether the libyaml in use stops at 1,000 levels (from 0.2.6): older ones would let
    PyYAML's recursive C composer run out of stack on ``[[[[...``."""
    if _CParser is None:
        return False
    try:
        _CParser("[" * 1100).get_single_node()
    except yaml.YAMLError as exc:
        return "nesting" in str(exc)
    return False


_FAST = _libyaml_limits_nesting()


def _compose_fast(text: str) -> tuple[yaml.Node | None, Any] | None:
    """The node tree and loader from libyaml, or None when it is missing or finds any problem.

    A valid profile parses about four times faster in C. Anything libyaml refuses is parsed
    again by the Python loader, whose messages (and depth check) the editors' errors are built
    on. Two things libyaml accepts and PyYAML refuses go to the Python loader from the start:
    tabs anywhere (PyYAML refuses one after a value, with the hint editors need), and ``?``
    (libyaml allows it inside plain values in flow lists).
    """
    if not _FAST or "\t" in text or "?" in text:
        return None
    loader = _FastLoader(text)
    try:
        return loader.get_single_node(), loader
    except yaml.YAMLError:
        loader.dispose()
        return None


def parse_yaml(text: str, *, first_line: int = 1) -> YamlDoc:
    """Parse one YAML document safely; ``first_line`` offsets the marks."""
    return _parse(text, first_line, fast=True)


def _parse(text: str, first_line: int, *, fast: bool) -> YamlDoc:
    # Text with a character PyYAML's reader refuses goes to the Python loader, which names it.
    composed = _compose_fast(text) if fast and not yaml.reader.Reader.NON_PRINTABLE.search(text) else None
    if composed is not None:
        node, loader = composed
    else:
        try:
            loader = _SafeLoader(text)
        except yaml.reader.ReaderError as exc:  # the reader checks the whole text before anything is parsed
            raise _unprintable(exc, text, first_line) from None
    try:
        if composed is None:
            node = loader.get_single_node()
        if node is None:
            return YamlDoc(None, {(): first_line}, first_line)
        _check_graph(node)
        data = loader.construct_document(node)
    except _Refused as exc:
        if composed is not None:  # the Python loader names the line where nesting goes too deep
            return _parse(text, first_line, fast=False)
        raise YamlSyntaxError(first_line + exc.mark.line, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, first_line) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(first_line, tr("yaml_unreadable", reason=str(exc))) from None
    finally:
        loader.dispose()
    lines: dict[Loc, int] = {}
    _record_lines(node, (), lines, first_line - 1)
    return YamlDoc(data, lines, first_line)


def _unprintable(exc: yaml.reader.ReaderError, text: str, first_line: int) -> YamlSyntaxError:
    line = first_line + text[: exc.position].count("\n")
    code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
    return YamlSyntaxError(line, tr("yaml_control_character", code=code))


def _syntax_error(exc: yaml.MarkedYAMLError, first_line: int) -> YamlSyntaxError:
    if exc.context and "quoted scalar" in exc.context and exc.context_mark:
        line = first_line + exc.context_mark.line
        return YamlSyntaxError(line, tr("yaml_unclosed_quote"))
    mark = exc.problem_mark or exc.context_mark
    line = first_line + (mark.line if mark else 0)
    column = tr("yaml_column", column=mark.column + 1) if mark else ""
    problem = exc.problem or exc.context or "unreadable YAML"
    if "could not determine a constructor" in problem:
        tag = problem.split("'")[1] if problem.count("'") >= 2 else "?"
        tag = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
        return YamlSyntaxError(line, tr("yaml_tag", tag=tag, column=column))
    hint = tr("yaml_hint_tab") if "found character '\\t'" in problem else tr("yaml_hint_indentation")
    return YamlSyntaxError(line, tr("yaml_syntax", problem=untranslated(problem), column=column, hint=hint))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_graph(root: yaml.Node) -> None:
    """Refuse alias bombs, aliases that contain themselves and nesting too deep, without recursion.

    Aliases make the node tree a graph: a value's size and depth count every alias expanded,
    as the constructor and everything after it will see them.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    open_: set[int] = set()  # the values being measured: the path from the root to the current one
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_.discard(key)
            children = _children(node)
            size[key] = 1 + sum(size[id(child)] for child in children)
            depth[key] = 1 + max((depth[id(child)] for child in children), default=0)
            if size[key] > MAX_YAML_VALUES:
                raise _Refused(node.start_mark, tr("yaml_too_many_values", limit=MAX_YAML_VALUES))
            if depth[key] > MAX_YAML_DEPTH:
                raise _Refused(node.start_mark, tr("yaml_too_deep", limit=MAX_YAML_DEPTH))
            continue
        if key in size:
            continue  # an alias of a value already measured
        stack.append((node, True))
        open_.add(key)
        for child in _children(node):
            if id(child) in size:
                continue
            if id(child) in open_:
                raise _Refused(child.start_mark, tr("yaml_alias_loop"))
            stack.append((child, False))


def _record_lines(node: yaml.Node, loc: Loc, lines: dict[Loc, int], offset: int) -> None:
    lines.setdefault(loc, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*loc, str(key_node.value))
            lines[child] = key_node.start_mark.line + 1 + offset
            _record_lines(value_node, child, lines, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*loc, index), lines, offset)


@dataclass(frozen=True)
class FrontMatterDoc:
    """A Markdown file split into its front matter and its body."""

    meta: YamlDoc
    body: str
    body_line: int


def parse_front_matter(text: str) -> FrontMatterDoc:
    """Split ``---``-fenced YAML front matter from a Markdown body and parse it.

    Tabs are turned into spaces in the front matter only: in the story they mean what Markdown says.
    """
    lines = normalise_newlines(text).split("\n")
    if not lines or lines[0].strip() != "---":
        raise YamlSyntaxError(1, tr("front_matter_start"))
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            meta = parse_yaml("\n".join(_untab(line) for line in lines[1:index]), first_line=2)
            return FrontMatterDoc(meta, "\n".join(lines[index + 1 :]), index + 2)
    raise YamlSyntaxError(1, tr("front_matter_unclosed"))
