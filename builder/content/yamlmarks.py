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

Loc = tuple[str | int, ...]

#: A document that expands to more nodes than this is refused (alias bombs).
MAX_EXPANDED_NODES = 50_000


class YamlSyntaxError(Exception):
    """The text is not YAML we accept; ``line`` is 1-based in the file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
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
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_untab(line) for line in text.split("\n"))


def _untab(line: str) -> str:
    stripped = line.lstrip(" \t")
    indent = line[: len(line) - len(stripped)]
    return indent.replace("\t", "  ") + stripped if "\t" in indent else line


class _SafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that leaves dates as text, so the model (not PyYAML) judges them."""


_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)  # type: ignore[type-var]


def parse_yaml(text: str, *, first_line: int = 1) -> YamlDoc:
    """Parse one YAML document safely; ``first_line`` offsets the marks."""
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(None, {(): first_line}, first_line)
        _check_expansion(node)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, first_line) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(first_line, f"the YAML could not be read ({exc})") from None
    finally:
        loader.dispose()
    lines: dict[Loc, int] = {}
    _record_lines(node, (), lines, first_line - 1)
    return YamlDoc(data, lines, first_line)


def _syntax_error(exc: yaml.MarkedYAMLError, first_line: int) -> YamlSyntaxError:
    if exc.context and "quoted scalar" in exc.context and exc.context_mark:
        line = first_line + exc.context_mark.line
        return YamlSyntaxError(line, "a quotation mark opened on this line is never closed; add the closing quote")
    mark = exc.problem_mark or exc.context_mark
    line = first_line + (mark.line if mark else 0)
    column = f" (column {mark.column + 1})" if mark else ""
    problem = exc.problem or exc.context or "unreadable YAML"
    if "could not determine a constructor" in problem:
        tag = problem.rsplit("tag", 1)[-1].strip(" '!")
        return YamlSyntaxError(line, f"the tag '!{tag}' is not allowed{column}; write plain text, numbers, lists and mappings only")
    hint = "check the indentation and that every 'key: value' has a space after the colon"
    if "found character '\\t'" in problem:
        hint = "replace the tab with spaces"
    return YamlSyntaxError(line, f"the YAML does not parse: {problem}{column}; {hint}")


def _check_expansion(root: yaml.Node) -> None:
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key not in sizes:
            sizes[key] = 0  # a cycle counts once; the constructor handles recursion itself
            children: list[yaml.Node] = []
            if isinstance(node, yaml.MappingNode):
                children = [n for pair in node.value for n in pair]
            elif isinstance(node, yaml.SequenceNode):
                children = list(node.value)
            sizes[key] = 1 + sum(size(child) for child in children)
            if sizes[key] > MAX_EXPANDED_NODES:
                line = node.start_mark.line + 1
                raise YamlSyntaxError(
                    line,
                    f"the YAML expands to more than {MAX_EXPANDED_NODES:,} values through anchors (&) and aliases (*); "
                    "write the values out instead of repeating anchors",
                )
        return sizes[key]

    size(root)


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
    """Split ``---``-fenced YAML front matter from a Markdown body and parse it."""
    text = normalise_text(text)
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise YamlSyntaxError(1, "the file must start with a line '---', then the fields (name, tagline, ...), then another '---'")
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            meta = parse_yaml("\n".join(lines[1:index]), first_line=2)
            return FrontMatterDoc(meta, "\n".join(lines[index + 1 :]), index + 2)
    raise YamlSyntaxError(1, "the front matter has no closing '---' line; add one after the last field")
