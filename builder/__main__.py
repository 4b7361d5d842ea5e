"""The ``gi-showcase`` command line: thin wrappers, one library call per command."""

from __future__ import annotations

import gettext as stdlib_gettext
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

from builder import __version__
from builder.commands import check as check_cmd
from builder.commands import new as new_cmd
from builder.commands import schema as schema_cmd
from builder.content.loader import count_product_folders
from builder.messages import LANGUAGE_ENV, MESSAGE_LANGUAGES, Verbatim, choose, chosen_language, language, language_asked, library_text, tr
from builder.problems import GIShowcaseError, Report

T = TypeVar("T")

#: --help is composed when this module is imported, before click reads the command line, so --messages is
#: looked for in sys.argv first; otherwise help follows GI_SHOWCASE_LANG or the system language.
HELP_LANG = language_asked(sys.argv[1:]) or language()


def _h(key: str, **values: object) -> str:
    return tr(key, **values).render(HELP_LANG)


def _click_speaks_our_language() -> None:
    """Click writes its own words (Usage:, Options, "No such option") through gettext; give it the catalogue's.

    Each click module binds gettext's functions to its own ``_`` and ``ngettext`` at import, so those
    names are replaced there. Text is chosen when click prints it, in the language --messages chose.
    """

    def lang() -> str:
        return chosen_language() or HELP_LANG

    def gettext(text: str) -> str:
        return library_text(text, lang())

    def ngettext(singular: str, plural: str, count: int) -> str:
        return library_text(singular if count == 1 else plural, lang())

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        if getattr(module, "_", None) is stdlib_gettext.gettext:
            vars(module)["_"] = gettext
        if getattr(module, "ngettext", None) is stdlib_gettext.ngettext:
            vars(module)["ngettext"] = ngettext


_click_speaks_our_language()


class _Command(click.Command):
    """A command whose own --help line, and [OPTIONS] in its usage line, are in the help language too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", _h("help_options_metavar"))
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _h("help_help")
        return option


class _Group(_Command, click.Group):
    command_class = _Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", _h("help_subcommand_metavar"))
        super().__init__(*args, **kwargs)


EXIT_CODES = "\b\n" + _h("help_exit_codes")  # \b: click keeps these lines as they are

content_option = click.option(
    "--content",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help=_h("help_content"),
)
strict_option = click.option("--strict", is_flag=True, help=_h("help_strict"))
out_option = click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True,
    help=_h("help_out"),
)
config_option = click.option(
    "--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=Path("mkdocs.yml"), show_default=True,
    help=_h("help_config"),
)
cache_option = click.option(
    "--cache", type=click.Path(file_okay=False, path_type=Path), default=Path(".cache"), show_default=True,
    help=_h("help_cache", days=7, variable="GI_SHOWCASE_CACHE_DAYS"),
)
messages_option = click.option(
    "--messages", type=click.Choice(MESSAGE_LANGUAGES, case_sensitive=False), envvar=LANGUAGE_ENV, expose_value=False, is_eager=True,
    callback=lambda _ctx, _param, value: choose(value),
    help=_h("help_messages", variable=LANGUAGE_ENV),
)
jobs_option = click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N", default=os.cpu_count() or 1, show_default=True, help=_h("help_jobs"))


@click.group(cls=_Group, help=_h("help_cli"), epilog=EXIT_CODES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="gi-showcase", help=_h("help_version"))
@click.option("-v", "--verbose", count=True, help=_h("help_verbose"))
@click.option("-q", "--quiet", is_flag=True, help=_h("help_quiet"))
def cli(verbose: int, quiet: bool) -> None:
    """Set up logging for every command."""
    level = logging.WARNING if quiet else (logging.DEBUG if verbose > 1 else logging.INFO)
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr, force=True)
    # MkDocs narrates each language build at INFO; our own summary says what matters.
    logging.getLogger("mkdocs").setLevel(logging.DEBUG if verbose > 1 else logging.WARNING)


@cli.command(help=_h("help_check"), epilog=EXIT_CODES)
@content_option
@strict_option
@messages_option
def check(content: Path, strict: bool) -> None:
    _, report = check_cmd.check(content)
    if check_cmd.print_report(report, folders=count_product_folders(content), strict=strict):
        sys.exit(1)


@cli.command(help=_h("help_new"), epilog=EXIT_CODES)
@click.argument("slug")
@content_option
@messages_option
def new(slug: str, content: Path) -> None:
    folder = _run(lambda: new_cmd.new_product(slug, content))
    click.echo(str(tr("new_created", folder=f"{folder}/")))
    click.echo(str(tr("new_next_steps")))


@cli.command(help=_h("help_schema"), epilog=EXIT_CODES)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help=_h("help_schema_out"))
def schema(out: Path | None) -> None:
    if out is None:
        click.echo(schema_cmd.schemas()["product.schema.json"], nl=False)
        return
    for path in schema_cmd.write_schemas(out):
        click.echo(str(tr("wrote_file", path=str(path))))


@cli.command(help=_h("help_build"), epilog=EXIT_CODES)
@content_option
@out_option
@config_option
@cache_option
@jobs_option
@click.option("--no-clips", is_flag=True, help=_h("help_no_clips"))
@click.option("--live-minutes", type=click.IntRange(15, 240), metavar="N", default=60, show_default=True, help=_h("help_live_minutes"))
@strict_option
@messages_option
def build(content: Path, out: Path, config_file: Path, cache: Path, jobs: int, no_clips: bool, live_minutes: int, strict: bool) -> None:
    from builder.build import BuildOptions, content_problems_line
    from builder.build import build as run_build
    from builder.progress import reporter_for_terminal

    options = BuildOptions(
        content=content, out=out, cache=cache, config_file=config_file, strict=strict, clips=not no_clips, live_minutes=live_minutes, jobs=jobs
    )
    reporter = reporter_for_terminal(quiet=logging.getLogger().level > logging.INFO)

    def show(report: Report) -> None:
        for problem in report:
            click.echo(str(problem), err=True)

    result = _run(lambda: run_build(options, reporter=reporter, on_report=show))
    for failure in result.failures:
        click.echo(str(tr("error_label", text=Verbatim(failure))), err=True)
    if not result.published:
        click.echo(content_problems_line(result.report, strict=strict, built=result.built_products), err=True)
    verdict = "build_failed" if result.failures else "build_up_to_date_label" if result.up_to_date else "build_done"
    click.echo(str(tr(verdict, summary=result.summary())))
    if result.failures:
        sys.exit(1)


@cli.command(help=_h("help_clips"), epilog=EXIT_CODES)
@click.argument("slugs", nargs=-1)
@click.option("--lang", "langs", type=click.Choice(["th", "en"]), multiple=True, help=_h("help_clips_lang"))
@content_option
@out_option
@config_option
@cache_option
@jobs_option
@strict_option
@messages_option
def clips(slugs: tuple[str, ...], langs: tuple[str, ...], content: Path, out: Path, config_file: Path, cache: Path, jobs: int, strict: bool) -> None:
    from builder.build import BuildOptions, clips_only

    options = BuildOptions(content=content, out=out, cache=cache, config_file=config_file, strict=strict, jobs=jobs)
    result = _run(lambda: clips_only(options, slugs=list(slugs) or None, langs=list(langs)))
    for problem in result.report:
        click.echo(str(problem), err=True)
    for failure in result.failures:
        click.echo(str(tr("error_label", text=Verbatim(failure))), err=True)
    counts = tr("clips_counts", built=result.clips_rendered, reused=result.clips_reused, seconds=result.seconds, folder=str(out / "kit"))
    click.echo(str(tr("build_failed" if result.failures else "clips_done", summary=counts)))
    if result.failures:
        sys.exit(1)


@cli.command(help=_h("help_serve"), epilog=EXIT_CODES)
@content_option
@config_option
@cache_option
@jobs_option
@click.option("--clips", "with_clips", is_flag=True, help=_h("help_serve_clips"))
@click.option("-a", "--address", default="127.0.0.1:8000", show_default=True, help=_h("help_address"))
@messages_option
def serve(content: Path, config_file: Path, cache: Path, jobs: int, with_clips: bool, address: str) -> None:
    from builder.build import BuildOptions
    from builder.commands.serve import serve as run_serve

    host, _, port = address.rpartition(":")
    if not port.isdigit():
        raise click.BadParameter(str(tr("address_invalid")), param_hint="--address")
    options = BuildOptions(content=content, cache=cache, config_file=config_file, clips=with_clips, jobs=jobs)
    _run(lambda: run_serve(options, host=host or "127.0.0.1", port=int(port)))


MATCH_EXIT_CODES = "\b\n" + _h("help_match_exit_codes")


@cli.command(help=_h("help_match"), epilog=MATCH_EXIT_CODES)
@click.argument("images", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--registry", type=click.Path(path_type=Path), default=None,
    help=_h("help_match_registry"),
)
@content_option
@config_option
@click.option("--threshold", type=click.IntRange(0, 64), default=None, help=_h("help_threshold"))
@click.option("--lang", type=click.Choice(["th", "en"]), default="en", show_default=True, help=_h("help_match_lang"))
def match(images: tuple[Path, ...], registry: Path | None, content: Path, config_file: Path, threshold: int | None, lang: str) -> None:
    from builder.authenticity import DEFAULT_THRESHOLD, format_matches, load_registry, match_images
    from builder.config import load_project

    try:
        project = load_project(config_file) if config_file.is_file() else None
        loaded = load_registry(registry or content, project=project)
        results = match_images(list(images), loaded, threshold=DEFAULT_THRESHOLD if threshold is None else threshold)
    except GIShowcaseError as exc:
        click.echo(str(tr("error_label", text=Verbatim(str(exc)))), err=True)
        sys.exit(2)
    click.echo(format_matches(results, lang=lang))
    sys.exit(0 if any(r.likely_reuse for r in results) else 1)


@cli.command(help=_h("help_takedown"), epilog=EXIT_CODES)
@click.argument("slug")
@click.option("--listing", "listings", multiple=True, required=True, help=_h("help_listing"))
@click.option("--evidence", multiple=True, type=click.Path(path_type=Path), help=_h("help_evidence"))
@click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True, help=_h("help_notice_lang"))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help=_h("help_takedown_out"))
@click.option("--registry", type=click.Path(path_type=Path), default=None, help=_h("help_takedown_registry"))
@content_option
@config_option
def takedown(
    slug: str, listings: tuple[str, ...], evidence: tuple[Path, ...], lang: str, out: Path | None, registry: Path | None, content: Path,
    config_file: Path,
) -> None:
    from builder.authenticity import load_registry, write_takedown_pack
    from builder.config import load_project

    folder = out or Path(f"takedown-{slug}-{lang}")

    def run() -> list[Path]:
        project = load_project(config_file)
        loaded = load_registry(registry or content, project=project)
        return write_takedown_pack(
            slug, listings=list(listings), evidence=list(evidence), lang=lang, out=folder, registry=loaded, project=project
        )

    written = _run(run)
    click.echo(str(tr("wrote_files", count=len(written), folder=str(folder))))
    for path in written:
        click.echo(f"  {path}")


def _run(action: Callable[[], T]) -> T:
    """Run a library call; a GIShowcaseError becomes a one-line message and exit code 1."""
    try:
        return action()
    except GIShowcaseError as exc:
        click.echo(str(tr("error_label", text=Verbatim(str(exc)))), err=True)
        sys.exit(1)


def main() -> None:
    cli(prog_name="gi-showcase")


if __name__ == "__main__":
    main()
