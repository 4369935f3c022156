"""One import, start to end: read, map, place, validate, then write all or nothing.

:func:`import_file` never raises for a bad file: a refusal of the whole file and
every rejected row end up in the returned :class:`~geo.io.report.ImportReport`. By
default a file with any rejected row writes nothing (``skip_invalid`` imports the
valid rows and reports the rest, still in one transaction). ``dry_run`` stops
before writing. Rows the store already holds (same id) are counted, not rewritten,
so importing a file twice creates nothing the second time.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from geo import audit, config
from geo.access.auth import Action, PermissionDenied, User, require
from geo.domain.filters import Filter
from geo.domain.model import FEATURE_TYPES, utc_now
from geo.io import columns, fields, geometry, guard, ledger, rows
from geo.io import crs as crs_
from geo.io.errors import Refused
from geo.io.report import DRY_RUN, NOTHING_NEW, REJECTED, WRITTEN, ImportReport
from geo.io.table import SourceTable
from geo.spatial import boundaries
from geo.store import Store

#: ``progress(share 0–1, phase)``; phases: read, check, write.
Progress = Callable[[float, str], None]


@dataclass
class ImportOptions:
    """What to import into: layer, municipality, and how (see the CLI's ``import``)."""

    layer: str
    kommun_kod: str
    pledge_id: str | None = None
    dry_run: bool = False
    skip_invalid: bool = False
    crs: str | None = None
    source_layer: str | None = None
    walk: str | None = None
    mapping: Mapping[str, str] | None = None
    #: One value for every row of a field (``--set source=citizen_dialogue``): by code
    #: or label; it fills the rows whose mapped column is empty.
    fixed: Mapping[str, str] | None = None
    #: Columns neither mapped nor kept with the records (listed as skipped); every other
    #: unmapped column is kept in each record's ``extra``.
    skip: Collection[str] = ()
    user: str = "import"
    file_name: str = ""
    #: The signed-in person importing (the page); None for the CLI, which runs as the
    #: operator with the file system's rights, like ``geo init``.
    actor: User | None = None


def read_source(data: bytes, options: ImportOptions) -> SourceTable:
    """Read ``data`` through the one guarded door (:func:`geo.io.guard.read_upload`)."""
    return guard.read_upload(data, accept=guard.IMPORT, source_layer=options.source_layer,
                             target_layer=options.layer)


#: A file's bytes, refusing what is not a regular file or is over the size limit.
read_path = guard.read_path


def import_file(store: Store, data: bytes, options: ImportOptions,
                progress: Progress | None = None) -> ImportReport:
    """Import ``data`` into ``store`` as ``options`` say; return the report."""
    elapsed = ledger.timer()
    report = ImportReport(file_name=options.file_name, layer=options.layer,
                          kommun_kod=options.kommun_kod, dry_run=options.dry_run,
                          skip_invalid=options.skip_invalid,
                          sha256=hashlib.sha256(data).hexdigest())
    with audit.operation(audit.Event.IMPORT, layer=options.layer, kommun=options.kommun_kod,
                         sha256=report.sha256, dry_run=options.dry_run) as logged:
        try:
            with _no_gc_pauses():
                _run(store, data, options, report, progress or (lambda share, phase: None))
        except Refused as refusal:
            report.refused = (refusal.code, refusal.values)
            report.status = "refused"
        logged.update(**_audit_facts(report))
    report.seconds = elapsed()
    return report


def _audit_facts(report: ImportReport) -> dict[str, object]:
    """The import's line in the audit log: its numbers and codes (never a file's name)."""
    outcome = "refused" if report.refused else audit.OK if report.ok else "rejected"
    return {"outcome": outcome, "status": report.status,
            "format": report.format, "count": report.created, "rows": report.rows,
            "valid": report.valid, "new": report.new, "present": report.already_present,
            "rejected": len(report.rejected),
            "reason": report.refused[0] if report.refused else None}


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Switch Python's cycle collector off while an import runs.

    An import allocates a few hundred thousand objects that all stay alive (cells,
    records, rows), so every collection pass walks the growing heap and finds
    nothing: a third of the CPU time of 100 000 rows. Nothing here makes reference
    cycles worth collecting; reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run(store: Store, data: bytes, options: ImportOptions, report: ImportReport,
         progress: Progress) -> None:
    if options.actor is not None:
        try:
            require(options.actor, Action.IMPORT, options.kommun_kod)
        except PermissionDenied:
            raise Refused("not_allowed", kommun=options.kommun_kod) from None
    if options.layer not in FEATURE_TYPES:
        raise Refused("unknown_layer", layer=options.layer, layers=", ".join(FEATURE_TYPES))
    progress(0.0, "read")
    table = read_source(data, options)
    report.format, report.rows = table.format, len(table) + len(table.broken)
    report.file_notes = list(table.notes)
    if not len(table) and not table.broken:
        raise Refused("no_rows")
    mapping = dict(options.mapping) if options.mapping is not None else \
        columns.guess(table.columns, options.layer)
    absent = [c for c in mapping if c not in table.columns]
    if absent:
        raise Refused("mapping_no_column", column=absent[0],
                      columns=", ".join(table.columns[:20]))
    mapping = {c: t for c, t in mapping.items() if t and c not in options.skip}
    problems = columns.check(mapping, options.layer)
    if problems:
        raise Refused(problems[0][0], **problems[0][1])
    fixed = fields.fixed_values(options.fixed or {}, options.layer)
    report.mapping, report.fixed = mapping, {k: str(v) for k, v in fixed.items()}
    report.fixed_groups = fields.groups(options.layer, fixed)
    unmapped = [c for c in table.columns if c not in mapping]
    skipped = {c for c in unmapped if c in options.skip or columns.bookkeeping(c)}
    report.ignored_columns = [c for c in unmapped if c in skipped]
    report.extra_columns = [c for c in unmapped if c not in skipped]
    mapping = fields.add_columns(table, mapping, fixed, report.extra_columns)
    user_crs = crs_.user_crs(options.crs) if options.crs else None
    shapes = geometry.build(table, mapping, options.layer, options.kommun_kod,
                            user_crs=user_crs)
    fields.refuse_missing(report.mapping, fixed, options.layer, table)  # before any row
    if shapes.decision is not None:
        report.crs, report.crs_source = shapes.decision.label, shapes.decision.source
        if shapes.decision.swapped:
            report.file_notes.append(("swapped", {}))
        # a local zone (the municipality's): a CRS with an EPSG code
        if (shapes.decision.source == "municipality"
                and (epsg := shapes.decision.crs.to_epsg()) is not None):
            report.file_notes.append(("local_zone", {
                "zone": crs_.zone_label(epsg), "share": round(100 * shapes.decision.share),
                "kommun": boundaries.names().get(options.kommun_kod, options.kommun_kod)}))
    progress(0.3, "check")
    ctx = _context(store, options)
    built = rows.build(table, mapping, shapes, ctx,
                       lambda share: progress(0.3 + 0.4 * share, "check"))
    report.rejected, report.notes = built.rejected, built.notes
    report.rejected_rows = rows.row_values(table, built.rejected_indices)
    report.duplicates_in_file = built.duplicates
    present = ledger.existing_ids(store, options.layer, [r.id for r in built.records])
    new = [r for r in built.records if r.id not in present]
    report.valid, report.already_present, report.new = len(built.records), len(present), len(new)
    earlier = ledger.previous_import(store, report.sha256, options.layer, options.kommun_kod)
    if earlier is not None:
        report.file_notes.append(("imported_before", {"at": ledger.imported_at(earlier),
                                                      "user": earlier["user"]}))
    if built.rejected and not options.skip_invalid:
        report.status = DRY_RUN if options.dry_run else REJECTED
        return
    if options.dry_run:
        report.status = DRY_RUN
        return
    if not new:
        report.status = NOTHING_NEW
        return
    progress(0.7, "write")
    report.created = ledger.write(
        store, new, options.user, sha256=report.sha256, file_name=options.file_name,
        layer=options.layer, kommun_kod=options.kommun_kod,
        progress=lambda share: progress(0.7 + 0.3 * share, "write"))
    report.status = WRITTEN
    progress(1.0, "write")


def _context(store: Store, options: ImportOptions) -> rows.Context:
    pledges = store.pledges()
    if options.pledge_id and options.pledge_id not in {p.id for p in pledges}:
        raise Refused("unknown_pledge_option", pledge=options.pledge_id)
    walks: dict[str, tuple[str, date]] = {}
    if options.layer == "findings":
        frame = store.list("walks", Filter(options.kommun_kod, config.FIRST_YEAR,
                                           config.LAST_YEAR))
        dates = frame["walk_date"].astype(str).str[:10].tolist()
        for walk_id, name, day in zip(frame["id"], frame["name"], dates, strict=True):
            walk = (walk_id, rows.values.day(day))
            walks[walk_id.lower()] = walk
            walks.setdefault(str(name).strip().lower(), walk)
            walks[day] = walk if day not in walks else ("", walk[1])  # a date names one walk
        walks = {k: v for k, v in walks.items() if v[0]}
        if options.walk and options.walk.strip().lower() not in walks:
            raise Refused("unknown_walk_option", walk=options.walk)
    return rows.Context(
        layer=options.layer, kommun_kod=options.kommun_kod, user=options.user, now=utc_now(),
        pledge_id=options.pledge_id, pledges=frozenset(p.id for p in pledges),
        commitments=frozenset(c.id for p in pledges for c in p.commitments),
        walks=walks, default_walk=options.walk,
    )
