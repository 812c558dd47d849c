"""The ``communique`` command: a thin layer over the package's functions.

Exit status: 0 when every document was analysed, 1 when at least one document failed (each is
reported with its code), 2 for a wrong command line, 3 when the run itself could not go on.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Sequence

import click

from . import __version__
from .errors import CommuniqueError

EXIT_OK, EXIT_DOCUMENT_FAILED, EXIT_USAGE, EXIT_FATAL = 0, 1, 2, 3


def _names(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


def _fail(err: CommuniqueError) -> None:
    click.echo(f"error: {err}", err=True)
    sys.exit(EXIT_FATAL)


def _quiet_libraries() -> None:
    # Readers' libraries log every recoverable oddity of a crawl at WARNING; the CLI reports
    # problems itself, with codes, so only their real failures should reach the terminal.
    for name in ("trafilatura", "htmldate", "courlan", "pypdf", "charset_normalizer"):
        logging.getLogger(name).setLevel(logging.ERROR)


_VERBOSE = False


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="communique")
@click.option("--verbose", "-v", is_flag=True, help="Show library logs and full tracebacks.")
def cli(verbose: bool) -> None:
    """Analyse political statements, letters, press releases, speeches and news into records."""
    global _VERBOSE
    _VERBOSE = verbose
    if verbose:
        logging.basicConfig(level=logging.INFO)
    else:
        _quiet_libraries()


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run a command; an unexpected failure is reported as CQ000, not a traceback."""
    try:
        cli.main(args=argv, prog_name="communique", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as err:
        err.show()
        sys.exit(EXIT_USAGE)
    except CommuniqueError as err:
        _fail(err)
    except KeyboardInterrupt:
        click.echo("interrupted; what was stored is kept (rerun with --resume)", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as err:  # noqa: BLE001 - the last line of defence of the command line
        if _VERBOSE:
            raise
        click.echo(f"error: [CQ000] Unexpected failure: {type(err).__name__}: {err}; rerun with --verbose and report it.", err=True)
        sys.exit(EXIT_FATAL)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", "db", type=click.Path(dir_okay=False), help="SQLite file to store records in.")
@click.option("--json", "as_json", is_flag=True, help="Write one JSON object per document to stdout.")
@click.option("--resume", is_flag=True, help="Skip documents whose id is already in the database.")
@click.option("--only", help="Comma-separated extractors to run (their requirements are added).")
@click.option("--exclude", help="Comma-separated extractors not to run.")
@click.option("--format", "fmt", type=click.Choice(["txt", "md", "html", "pdf", "jsonl"]), help="Force one reader.")
@click.option("--max-chars", type=click.IntRange(min=1), default=1_000_000, show_default=True, help="Refuse longer documents (CQ110).")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True)
@click.option("--workers", type=click.IntRange(min=0), default=1, show_default=True,
              help="Analysis processes on this machine; 0 analyses in this process (no time limit).")
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Run on this Dask cluster instead of local processes.")
@click.option("--timeout", type=click.FloatRange(min=0), default=120, show_default=True,
              help="Seconds to read and analyse one document before it is stopped (CQ206); 0: no limit.")
@click.option("--dedup/--no-dedup", default=True, show_default=True, help="Mark near-duplicates (duplicate_of).")
@click.option("--dedup-threshold", type=click.FloatRange(min=0, max=1, min_open=True), default=0.8, show_default=True,
              help="Estimated Jaccard similarity of word 5-grams from which a document is a copy.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal).")
def analyze(
    paths: Sequence[str],
    db: str | None,
    as_json: bool,
    resume: bool,
    only: str | None,
    exclude: str | None,
    fmt: str | None,
    max_chars: int,
    batch_size: int,
    workers: int,
    scheduler: str | None,
    timeout: float,
    dedup: bool,
    dedup_threshold: float,
    progress: bool | None,
) -> None:
    """Analyse PATHS (files, directories, or - for stdin) into --db and/or --json.

    With neither option the records go to communique.db.
    """
    from .run import run_batch

    if db is None and not as_json:
        db = "communique.db"
    if resume and db is None:
        raise click.UsageError("--resume needs --db: it skips what that database holds.")
    if workers == 0 and scheduler is None:
        timeout = 0  # nothing in this process could enforce it
    show_progress = sys.stderr.isatty() if progress is None else progress

    def report(result) -> None:
        if getattr(result, "error", None) is not None:
            line = f"error [{result.error.code}] {result.error.message} ({result.source})"
            if show_progress:
                from tqdm import tqdm

                tqdm.write(line, file=sys.stderr)
            else:
                click.echo(line, err=True)

    try:
        summary = run_batch(
            paths,
            db=db,
            json_out=sys.stdout if as_json else None,
            resume=resume,
            only=_names(only),
            exclude=_names(exclude) or (),
            format=fmt,
            max_chars=max_chars,
            batch_size=batch_size,
            progress=show_progress,
            on_result=report,
            workers=workers,
            scheduler=scheduler,
            timeout=timeout or None,
            dedup=dedup,
            dedup_threshold=dedup_threshold,
        )
    except CommuniqueError as err:
        _fail(err)
    s = summary.to_dict()
    records = ", ".join(f"{n} {k}" for k, n in s["records"].items() if n) or "no records"
    rate = f", {s['documents_per_second']} docs/s" if s["documents_per_second"] else ""
    click.echo(
        f"analysed {s['analysed']}, unsupported language {s['unsupported_language']}, "
        f"skipped {s['skipped']}, failed {s['failed']}, near-duplicates {s['duplicates']} "
        f"in {s['seconds']:.1f}s{rate}; {records}"
        + (f"; stored in {db}" if db else ""),
        err=True,
    )
    if summary.errors:
        click.echo("failures by code: " + ", ".join(f"{c} ×{n}" for c, n in sorted(summary.errors.items())), err=True)
    sys.exit(EXIT_DOCUMENT_FAILED if summary.failed else EXIT_OK)


@cli.command()
@click.argument("doc_id")
@click.option("--db", "db", required=True, type=click.Path(dir_okay=False), help="The database.")
@click.option("--kinds", help="Comma-separated record kinds to mark (default: all).")
@click.option("--color/--no-color", default=None, help="Colour the marks (default: on a terminal).")
@click.option("--json", "as_json", is_flag=True, help="Print the stored record as JSON instead.")
def show(doc_id: str, db: str, kinds: str | None, color: bool | None, as_json: bool) -> None:
    """Print document DOC_ID with its records marked in the text."""
    from ._render import MARKS, render_header, render_marked
    from .store import Store

    try:
        with Store(db, readonly=True) as store:
            doc = store.get(doc_id)
    except CommuniqueError as err:
        _fail(err)
    if as_json:
        click.echo(doc.to_json(indent=2))
        return
    selected = tuple(_names(kinds) or MARKS)
    use_color = sys.stdout.isatty() if color is None else color
    click.echo(render_header(doc))
    click.echo()
    click.echo(render_marked(doc, kinds=selected, color=use_color))


@cli.command(name="list")
@click.option("--db", "db", required=True, type=click.Path(dir_okay=False))
@click.option("--limit", type=int, default=50, show_default=True)
def list_documents(db: str, limit: int) -> None:
    """List stored documents: id, date, genre, title."""
    from .store import Store

    try:
        with Store(db, readonly=True) as store:
            rows = store.conn.execute(
                "SELECT id, published, genre, status, title FROM documents ORDER BY published, id LIMIT ?",
                (limit,),
            ).fetchall()
    except CommuniqueError as err:
        _fail(err)
    for r in rows:
        click.echo(f"{r['id']:<18} {r['published'] or '-':<10} {r['genre'] or r['status']:<16} {(r['title'] or '')[:70]}")


@cli.command()
@click.option("--db", "db", required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def summary(db: str, as_json: bool) -> None:
    """Print a summary table of a database."""
    from ._summary import database_summary, format_summary

    try:
        figures = database_summary(db)
    except CommuniqueError as err:
        _fail(err)
    click.echo(json.dumps(figures, indent=2) if as_json else format_summary(figures))


@cli.command()
def schema() -> None:
    """Print the JSON Schema of an output record."""
    from .schema import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


@cli.command()
def extractors() -> None:
    """List the installed extractors, in run order, with what they assign and require."""
    from .pipeline import resolve_extractors

    try:
        for cls in resolve_extractors():
            click.echo(
                f"{cls.name:<12} assigns {', '.join(cls.assigns):<40} requires {', '.join(cls.requires) or '-'}"
            )
    except CommuniqueError as err:
        _fail(err)


@cli.command(name="export")
@click.argument("db", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", required=True, type=click.Choice(["csv", "jsonl", "parquet", "gexf", "graphml", "gdelt"]),
              help="csv/parquet: a directory with a file per table; jsonl: one record per document; "
              "gexf/graphml: an actor network; gdelt: a GDELT-style event table (docs/schema.md).")  # fmt: skip
@click.option("--out", "out", required=True, type=click.Path(), help="Directory (csv, parquet) or file to write.")
@click.option("--tables", help="csv/parquet: comma-separated tables to export (default: all).")
@click.option("--network", type=click.Choice(["signed", "cosign", "events"]), default="signed", show_default=True,
              help="gexf/graphml: stances (signed), co-signatories (cosign) or events between actors.")  # fmt: skip
@click.option("--from", "date_from", help="gexf/graphml: only documents published on or after this ISO date.")
@click.option("--to", "date_to", help="gexf/graphml: only documents published on or before this ISO date.")
@click.option("--genre", "genres", multiple=True, help="gexf/graphml: only documents of this genre (repeatable).")
def export_command(db: str, fmt: str, out: str, tables: str | None, network: str, date_from: str | None,
                   date_to: str | None, genres: tuple[str, ...]) -> None:  # fmt: skip
    """Export every row of database DB (no cap) as --format to --out."""
    from .export import export
    from .store.networks import Filters

    try:
        written = export(db, fmt, out, tables=_names(tables), network=network,
                         filters=Filters(date_from, date_to, tuple(genres)))  # fmt: skip
    except CommuniqueError as err:
        _fail(err)
    click.echo(f"exported {fmt} to {out}: " + ", ".join(f"{n} {k}" for k, n in written.items()), err=True)


@cli.command()
@click.argument("db", required=False, default="communique.db", type=click.Path(dir_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but a loopback address needs --token.")  # fmt: skip
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", envvar="COMMUNIQUE_TOKEN", help="Access token every request must carry "
              "(at least 16 characters; also read from COMMUNIQUE_TOKEN).")  # fmt: skip
def serve(db: str, host: str, port: int, token: str | None) -> None:
    """Open the workbench on database DB: Datasette with communique's pages (docs/workbench.md)."""
    from .web.server import serve as run_server

    try:
        run_server(db, host=host, port=port, token=token, echo=lambda line: click.echo(line, err=True))
    except CommuniqueError as err:
        _fail(err)


if __name__ == "__main__":  # pragma: no cover
    main()
