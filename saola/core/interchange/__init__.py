"""Import and export of the organisation tree as CSV or XLSX (sheet "CoQuan").

Columns: code, name, short_name, level, parent (the parent's code, empty for a root),
admin_unit_code, address, valid_from, valid_to. Dates are ISO (2025-07-01); dd/mm/yyyy is
accepted on import. CSV is UTF-8 with a BOM so Excel shows Vietnamese correctly.

An import upserts by code through `organization_create` / `organization_update` (which audit),
parents before children whatever the row order, in one transaction. A file with any bad row
writes nothing: `ImportRejected` lists every problem with its line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.db import transaction

from saola.core import services
from saola.core.exceptions import ConflictError, ValidationFailed
from saola.core.interchange import export, reading, tree
from saola.core.interchange.common import COLUMNS, SHEET_NAME, Errors, Format, Row, format_from_name, parse_format
from saola.core.models import Organization, User
from saola.core.permissions import managed_organization_roots
from saola.core.uploads import read_path_safely

__all__ = [
    "COLUMNS",
    "SHEET_NAME",
    "Format",
    "OrganizationImportResult",
    "format_from_name",
    "organizations_export",
    "organizations_export_file",
    "organizations_import",
    "organizations_import_file",
    "organizations_import_result",
    "parse_format",
]


@dataclass(frozen=True)
class OrganizationImportResult:
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def organizations_export(*, fmt: str) -> bytes:
    """The whole organisation tree as CSV (UTF-8 with BOM) or XLSX bytes."""
    return export.render(export.export_rows(), parse_format(fmt))


def organizations_export_file(*, path: str | os.PathLike[str]) -> int:
    """Write the tree to `path` (format from its extension); returns the number of organisations."""
    fmt = format_from_name(os.fspath(path))
    rows = export.export_rows()
    data = export.render(rows, fmt)
    with open(path, "wb") as handle:
        handle.write(data)
    return len(rows)


def _validated_rows(data: bytes, fmt: Format, actor: User | None) -> list[Row]:
    """Parse and check the whole file; raise ImportRejected listing every problem."""
    errors = Errors()
    records = reading.raw_rows(data, fmt)
    header = reading.read_header(records, errors)
    parsed = [row for line, cells in records[1:] if (row := reading.parse_row(line, header, cells, errors))]
    rows = tree.check_duplicates(parsed, errors)
    stored = Organization.objects.values_list("code", "level", "parent__code")
    final = tree.Tree(rows=rows, db={code: (level, parent) for code, level, parent in stored})
    db_children: dict[str, list[str]] = {}
    for code, (_level, parent) in final.db.items():
        if parent is not None:
            db_children.setdefault(parent, []).append(code)
    tree.check_parents(final, errors)
    on_cycle = tree.check_cycles(final, errors)
    tree.check_nesting(final, db_children, errors)
    roots = managed_organization_roots(actor) if actor is not None else None
    if roots is not None:
        tree.check_scope(final, roots, on_cycle, errors)
    errors.raise_if_any()
    depths = tree.depths(final)
    return sorted(rows.values(), key=lambda r: (depths[r.code], r.line))


def _apply_row(row: Row, actor: User | None) -> str:
    """Create or update one organisation; the parent has been written already. Returns the outcome."""
    parent = Organization.objects.get(code=row.parent) if row.parent else None
    existing = Organization.objects.filter(code=row.code).first()
    if existing is None:
        services.organization_create(actor=actor, code=row.code, parent=parent, **row.values())
        return "created"
    changes = {name: value for name, value in row.values().items() if getattr(existing, name) != value}
    if existing.parent_id != (parent.pk if parent else None):
        changes["parent"] = parent
    if not changes:
        return "unchanged"
    services.organization_update(actor=actor, organization=existing, **changes)
    return "updated"


def _service_errors(row: Row, exc: ValidationFailed | ConflictError, errors: Errors) -> None:
    if not exc.fields:
        errors.add(row.line, "code", exc.message)
    for name, messages in exc.fields.items():
        for message in messages:
            errors.add(row.line, name if name in COLUMNS else "code", message)


def organizations_import_result(*, data: bytes, fmt: str, actor: User | None) -> OrganizationImportResult:
    """Upsert the organisations of a CSV/XLSX file in one transaction, parents first.

    When `actor` is a unit admin (not a platform admin), every row must lie inside one of their
    subtrees. Writes go through `organization_create` / `organization_update`, one audit entry
    each; unchanged rows are not written. Raises ImportRejected (nothing written) on any bad row.
    """
    rows = _validated_rows(data, parse_format(fmt), actor)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    errors = Errors()
    with transaction.atomic():
        for row in rows:
            try:
                counts[_apply_row(row, actor)] += 1
            except (ValidationFailed, ConflictError) as exc:
                _service_errors(row, exc, errors)
        # Raising inside the block rolls back every row already written.
        errors.raise_if_any()
    return OrganizationImportResult(**counts)


def organizations_import(*, data: bytes, fmt: str, actor: User | None) -> int:
    """`organizations_import_result`, answering the number of rows imported."""
    return organizations_import_result(data=data, fmt=fmt, actor=actor).total


def organizations_import_file(*, path: str | os.PathLike[str], actor: User | None) -> int:
    """Import from a file on disk; its size is checked before it is read."""
    fmt = format_from_name(os.fspath(path))
    return organizations_import(data=read_path_safely(path), fmt=fmt, actor=actor)
