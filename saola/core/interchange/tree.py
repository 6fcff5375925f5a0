"""Checks across rows, on the tree as it will be after the import: the database overlaid with the file."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from saola.core.interchange.common import Errors, Row
from saola.core.models import AGENCY_CODE_RE, Organization


@dataclass
class Tree:
    """The tree as it will be after the import: the database overlaid with the file."""

    rows: dict[str, Row]
    db: dict[str, tuple[str, str | None]]  # code -> (level, parent code)

    def parent(self, code: str) -> str | None:
        if code in self.rows:
            return self.rows[code].parent or None
        return self.db[code][1] if code in self.db else None

    def level(self, code: str | None) -> str | None:
        if code is None:
            return None
        if code in self.rows:
            return self.rows[code].level
        return self.db[code][0] if code in self.db else None

    def known(self, code: str) -> bool:
        return code in self.rows or code in self.db

    def chain(self, code: str, *, final: bool = True) -> list[str]:
        """`code` and its ancestors (stops at a repeat, so safe on cycles)."""
        seen: list[str] = []
        current: str | None = code
        while current is not None and current not in seen:
            seen.append(current)
            current = self.parent(current) if final else (self.db[current][1] if current in self.db else None)
        return seen


def check_duplicates(parsed: list[Row], errors: Errors) -> dict[str, Row]:
    lines: dict[str, list[int]] = {}
    for row in parsed:
        lines.setdefault(row.code, []).append(row.line)
    unique: dict[str, Row] = {}
    for row in parsed:
        where = lines[row.code]
        if len(where) > 1:
            errors.add(
                row.line,
                "code",
                _("Mã “%(code)s” xuất hiện nhiều lần trong tệp (các dòng %(lines)s).")
                % {"code": row.code, "lines": ", ".join(map(str, where))},
            )
        elif row.code not in unique:
            unique[row.code] = row
    return unique


def check_parents(tree: Tree, errors: Errors) -> None:
    for row in tree.rows.values():
        if row.parent and AGENCY_CODE_RE.match(row.parent) and not tree.known(row.parent):
            errors.add(
                row.line,
                "parent",
                _("Không tìm thấy cơ quan cấp trên “%(code)s” trong tệp hoặc trong hệ thống.") % {"code": row.parent},
            )


def check_cycles(tree: Tree, errors: Errors) -> set[str]:
    """Report every file row lying on a cycle; returns the codes on cycles."""
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = known to reach a root
    on_cycle: set[str] = set()
    for start in tree.rows:
        walk: list[str] = []
        current: str | None = start
        while current is not None and tree.known(current) and state.get(current) is None:
            state[current] = 1
            walk.append(current)
            current = tree.parent(current)
        if current is not None and state.get(current) == 1:
            cycle = walk[walk.index(current) :]
            on_cycle.update(cycle)
            described = " → ".join([*cycle[::-1], cycle[-1]])
            for code in cycle:
                if code in tree.rows:
                    errors.add(
                        tree.rows[code].line,
                        "parent",
                        _("Cây cơ quan tạo thành vòng lặp: %(cycle)s.") % {"cycle": described},
                    )
        for code in walk:
            state[code] = 2
    return on_cycle


def check_nesting(tree: Tree, db_children: dict[str, list[str]], errors: Errors) -> None:
    """Organization.clean's level rules, for every row and for stored children of re-levelled rows."""
    labels = dict(Organization.Level.choices)
    for row in tree.rows.values():
        if row.level not in labels:
            continue
        parent_level = tree.level(row.parent or None)
        if row.parent and parent_level is None:
            continue  # unknown parent, reported already
        if parent_level not in Organization.ALLOWED_PARENT_LEVELS[row.level]:
            errors.add(
                row.line,
                "parent",
                _("Cấp “%(level)s” không thể trực thuộc cấp “%(parent)s”.")
                % {"level": labels[row.level], "parent": labels.get(parent_level or "", "—")},
            )
        stored = tree.db.get(row.code)
        if stored is None or stored[0] == row.level:
            continue
        for child in db_children.get(row.code, []):
            child_level = tree.level(child)
            if child in tree.rows or child_level is None:
                continue
            if row.level not in Organization.ALLOWED_PARENT_LEVELS.get(child_level, set()):
                errors.add(
                    row.line,
                    "level",
                    _("Không đổi được sang cấp “%(level)s”: đơn vị trực thuộc “%(child)s” là cấp “%(child_level)s”.")
                    % {"level": labels[row.level], "child": child, "child_level": labels.get(child_level, child_level)},
                )


def check_scope(tree: Tree, roots: frozenset[str], on_cycle: set[str], errors: Errors) -> None:
    """A unit admin may only touch organisations inside their subtrees, and only move them inside."""

    def inside(code: str | None, *, final: bool) -> bool:
        return code is not None and code not in on_cycle and any(c in roots for c in tree.chain(code, final=final))

    for row in tree.rows.values():
        stored = tree.db.get(row.code)
        moved = stored is None or (stored[1] or "") != row.parent
        if (stored is not None and not inside(row.code, final=False)) or (
            moved and not inside(row.parent or None, final=True)
        ):
            errors.add(
                row.line,
                "parent" if stored is not None else "code",
                _("Bạn không có quyền quản lý “%(code)s” hoặc đặt nó vào vị trí này.") % {"code": row.code},
            )


def depths(tree: Tree) -> dict[str, int]:
    depths: dict[str, int] = {}
    for code in tree.rows:
        depths[code] = len(tree.chain(code)) - 1
    return depths
