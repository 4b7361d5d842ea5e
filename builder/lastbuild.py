"""The record of the last successful build, so that a build with nothing changed does nothing.

The inputs' fingerprint covers the content folder, ``mkdocs.yml``, the themes and
media folders, the options that shape the output, the installed packages and
gi-showcase's own code (file digests are remembered by :mod:`builder.cache`, so
this costs a walk of the folders, not a read of every photo). The output's
fingerprint is the name, size and modification time of every file in the site, so
a site that someone changed or deleted since is built again.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib.metadata import distributions
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.cache import builder_digest, file_digest, text_digest, tree_digest, write_text_whole
from builder.messages import Message
from builder.problems import Problem, Report, Severity
from builder.themes import theme_dir

if TYPE_CHECKING:
    from builder.build import BuildOptions, BuildResult
    from builder.config import Project

_FILE = "last-build.json"
_VERSION = 2


def input_fingerprint(options: BuildOptions, project: Project) -> str:
    """Digest of everything a build reads, and of the options that change what it writes."""
    media = project.root / "media"
    return text_digest(
        _VERSION,
        builder_digest(),
        sorted((d.metadata["Name"] or "", d.version) for d in distributions()),
        os.getcwd(),  # problems are printed with paths relative to it
        os.environ.get("SOURCE_DATE_EPOCH", ""),
        [options.clips, options.strict, options.live_minutes],
        file_digest(project.config_file),
        tree_digest(options.content, hidden=True),
        tree_digest(theme_dir(options.themes), hidden=True, skip={"__pycache__"}),
        tree_digest(media, hidden=True) if media.is_dir() else "",
        file_digest(project.clips.music) if project.clips.music and project.clips.music.is_file() else "",
    )


def output_fingerprint(out: Path) -> str:
    """Digest of the names, sizes and modification times of every file in the built site."""
    entries = []
    for root, dirs, files in os.walk(out):
        dirs.sort()
        for name in sorted(files):
            stat = os.stat(os.path.join(root, name))
            entries.append((os.path.relpath(os.path.join(root, name), out), stat.st_size, stat.st_mtime_ns))
    return text_digest(entries) if entries else ""


@dataclass(frozen=True)
class LastBuild:
    """What ``.cache/last-build.json`` records of the last successful build into ``output_dir``."""

    output_dir: str
    inputs: str
    output: str
    counts: dict[str, int]
    problems: list[list[Any]]

    @classmethod
    def read(cls, cache: Path, out: Path) -> LastBuild | None:
        try:
            data = json.loads((cache / _FILE).read_text(encoding="utf-8"))
            record = cls(**{k: data[k] for k in ("output_dir", "inputs", "output", "counts", "problems")})
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return record if data.get("version") == _VERSION and record.output_dir == str(out) else None

    def write(self, cache: Path, out: Path) -> None:
        write_text_whole(cache / _FILE, json.dumps({"version": _VERSION, **self.__dict__}, ensure_ascii=False))

    @classmethod
    def from_result(cls, result: BuildResult, *, out: Path, inputs: str, output: str) -> LastBuild:
        counts = {"pages": result.pages, "images": result.images_rendered + result.images_reused, "clips": result.clips_rendered + result.clips_reused}
        problems = [[p.path, p.line, p.field, p.message.to_json(), int(p.severity)] for p in result.report.problems]
        return cls(str(out), inputs, output, counts, problems)

    def result(self) -> BuildResult:
        """What this build reports when nothing changed: the same warnings, everything reused."""
        from builder.build import BuildResult

        report = Report([Problem(str(p[0]), int(p[1]), str(p[2]), Message.from_json(p[3]), Severity(int(p[4]))) for p in self.problems])
        pages, images, clips = self.counts["pages"], self.counts["images"], self.counts["clips"]
        return BuildResult(report, pages=pages, pages_reused=pages, images_reused=images, clips_reused=clips, up_to_date=True)
