"""Which files of a dossier someone may list and download.

Officers of the dossier's unit see every file. The applicant sees what they sent and what
was sent to them (papers, supplements, results, letters), never the officers' working files.
"""

from __future__ import annotations

from typing import Any

from saola.core.exceptions import NotFoundError
from saola.core.selectors import user_has_role_over
from saola.dossiers.models import Dossier, DossierFile
from saola.dossiers.permissions import can_view_dossier, is_officer
from saola.dossiers.selectors import dossier_get_for

APPLICANT_FILE_KINDS = frozenset(
    {
        DossierFile.Kind.SUBMITTED.value,
        DossierFile.Kind.SUPPLEMENT.value,
        DossierFile.Kind.RESULT.value,
        DossierFile.Kind.LETTER.value,
    }
)


def _sees_all_files(user: Any, dossier: Dossier) -> bool:
    return is_officer(user) and user_has_role_over(user=user, organization=dossier.organization)


def can_view_dossier_file(user: Any, row: DossierFile) -> bool:
    dossier = row.dossier
    if not can_view_dossier(user, dossier):
        return False
    return _sees_all_files(user, dossier) or row.kind in APPLICANT_FILE_KINDS


def dossier_files_for(*, user: Any, dossier: Dossier) -> list[DossierFile]:
    """The files of `dossier` that `user` (who may view the dossier) may see, oldest first."""
    rows = dossier.files.order_by("uploaded_at", "id")
    if not _sees_all_files(user, dossier):
        rows = rows.filter(kind__in=APPLICANT_FILE_KINDS)
    return list(rows)


def dossier_file_get_for(*, user: Any, code: str, file_id: int) -> DossierFile:
    """One file `user` may download; the same 404 for an unknown file, another dossier's file,
    a dossier `user` may not see and a working file the applicant may not see."""
    dossier = dossier_get_for(user=user, code=code)
    row = DossierFile.objects.select_related("dossier__organization").filter(dossier=dossier, pk=file_id).first()
    if row is None or not can_view_dossier_file(user, row):
        raise NotFoundError("Không tìm thấy tệp.")
    return row
