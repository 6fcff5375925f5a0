"""Demo one-stop dossiers of the demo citizen and business, in every status a service reaches.

Every dossier is written through the dossier services (submission, counter intake, acceptance,
steps, supplements, results, returns, withdrawals, refusals, stops, apologies, ratings), so
each has its history events and audit entries, and its papers are small generated PDFs.

The one exception, for the demo only: `_shift_back` moves a dossier's own timestamps (dates
of submission, receipt, appointment, steps, events, requests, files) back in time with a
direct update, to show dossiers received days ago, some of them late or close to their
appointment. Audit entries are never moved.

"waiting_signature" is reached when the flow opens a signing step; "payment_required" through
the payments app, when the officer asks for the procedure's fees.

The load is skipped when the demo applicants already have a dossier, so `load_demo` stays
idempotent.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F, Q
from django.utils import timezone

from saola.catalog.models import Procedure
from saola.core.calendar import add_working_time
from saola.core.models import Organization, User
from saola.demo.data.organizations import COMMUNES
from saola.demo.data.people import CITIZENS
from saola.demo.people import citizen_login
from saola.dossiers.models import Apology, Dossier, DossierEvent, DossierFile, DossierStep, Rating, SupplementRequest
from saola.dossiers.services import counter, intake, processing, transfer
from saola.dossiers.services.intake import PaperUpload
from saola.payments.services import payment_request

_COMMUNE = {c["short_name"]: c["code"] for c in COMMUNES}
TO_HIEU = _COMMUNE["Phường Tô Hiệu"]
MUONG_LA = _COMMUNE["Xã Mường La"]

CONSTRUCTION_DEPARTMENT = "000.00.07.H53"  # Sở Xây dựng tỉnh Sơn La
BIRTH = "1.001193"  # đăng ký khai sinh, basic flow, 1 working day
MARRIAGE = "1.000894"  # đăng ký kết hôn, basic flow
MARITAL_STATUS = "1.004873"  # xác nhận tình trạng hôn nhân, basic flow, 3 days
RESIDENCE = "1.004222"  # đăng ký thường trú, flow with supplements, 7 days
HOUSEHOLD_BUSINESS = "1.001612"  # đăng ký hộ kinh doanh, flow with supplements, 3 days
BUILDING_PERMIT = "1.013225"  # giấy phép xây dựng, approval flow with a clerk, 10 days

FORMS: dict[str, dict[str, Any]] = {
    BIRTH: {
        "ho_ten_tre": "Lò Văn Minh",
        "ngay_sinh": "2026-01-12",
        "gioi_tinh": "Nam",
        "noi_sinh": "Bệnh viện Đa khoa tỉnh Sơn La",
        "ho_ten_me": "Lò Thị Mai",
        "quan_he": "Mẹ",
    },
    MARRIAGE: {"ho_ten_chong": "Cầm Văn Hùng", "ho_ten_vo": "Lò Thị Mai"},
    MARITAL_STATUS: {"muc_dich_su_dung": "Đăng ký kết hôn"},
    RESIDENCE: {"dia_chi_thuong_tru": "Tổ 5, phường Tô Hiệu, tỉnh Sơn La", "quan_he_voi_chu_ho": "Con"},
    HOUSEHOLD_BUSINESS: {"ten_ho_kinh_doanh": "Hộ kinh doanh Nông sản Sao La", "nganh_nghe": "Bán lẻ chè, cà phê"},
    BUILDING_PERMIT: {"dia_diem": "Tổ 2, phường Tô Hiệu", "dien_tich_xay_dung_m2": 96, "so_tang": 3},
}


# --- small generated PDFs ------------------------------------------------------------------


def _pdf_text(text: str) -> str:
    """The standard Helvetica font has no Vietnamese letters: write them without diacritics."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if unicodedata.category(ch) != "Mn")
    plain = plain.encode("latin-1", "replace").decode("latin-1")
    return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def demo_pdf(*lines: str) -> bytes:
    """A one-page A4 PDF showing `lines`, valid enough for any reader (cross-reference table included)."""
    shown = ("HO SO MAU - khong co gia tri phap ly", *lines)
    text = ["BT", "/F1 13 Tf", "72 770 Td", "16 TL", *(f"({_pdf_text(line)[:90]}) Tj T*" for line in shown), "ET"]
    stream = "\n".join(text).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pdf_upload(name: str, *lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_pdf(*lines), content_type="application/pdf")


def _papers(procedure: Procedure, applicant: User) -> list[PaperUpload]:
    return [
        PaperUpload(
            file=_pdf_upload(f"giay-to-{paper.pk}.pdf", paper.name, f"Nguoi nop: {applicant.display_name}"),
            paper_id=paper.pk,
        )
        for paper in procedure.papers.filter(required=True)
    ]


# --- moving a dossier back in time (demo only) ------------------------------------------------


def _shift_back(dossier: Dossier, delta: dt.timedelta) -> Dossier:
    """Move every timestamp of `dossier` and its rows back by `delta` (see the module docstring)."""
    if delta <= dt.timedelta(0):
        return dossier
    moves: list[tuple[Any, tuple[str, ...]]] = [
        (
            Dossier.objects.filter(pk=dossier.pk),
            ("submitted_at", "received_at", "due_at", "original_due_at", "paused_at", "ended_at", "returned_at"),
        ),
        (DossierEvent.objects.filter(dossier=dossier), ("at",)),
        (DossierStep.objects.filter(dossier=dossier), ("started_at", "due_at", "completed_at")),
        (SupplementRequest.objects.filter(dossier=dossier), ("requested_at", "answered_at", "accepted_at")),
        (Apology.objects.filter(dossier=dossier), ("created_at", "previous_due_at", "new_due_at")),
        (DossierFile.objects.filter(dossier=dossier), ("uploaded_at",)),
        (Rating.objects.filter(dossier=dossier), ("created_at",)),
    ]
    for rows, fields in moves:
        rows.update(**{name: F(name) - delta for name in fields})
    dossier.refresh_from_db()
    return dossier


def _make_late(dossier: Dossier, *, days_late: int) -> Dossier:
    """Received long enough ago that the appointment passed `days_late` days ago."""
    assert dossier.due_at is not None  # noqa: S101 - only received dossiers are aged
    return _shift_back(dossier, dossier.due_at - timezone.now() + dt.timedelta(days=days_late))


def _make_due_soon(dossier: Dossier, *, working_hours: float) -> Dossier:
    """Received long enough ago that only `working_hours` of working time are left."""
    assert dossier.due_at is not None  # noqa: S101 - only received dossiers are aged
    target = add_working_time(timezone.now(), hours=working_hours)
    return _shift_back(dossier, dossier.due_at - target)


# --- the scenarios ---------------------------------------------------------------------------


@dataclass
class _Demo:
    citizen: User
    business: User
    procedures: dict[str, Procedure]
    units: dict[str, Organization]
    officers: dict[str, User]

    def officer(self, role: str, unit: str) -> User:
        suffix = "tohieu" if unit == TO_HIEU else "muongla"
        return self.officers[f"{role}.{suffix}"]

    def submit(self, applicant: User, procedure: str, unit: str, key: str) -> Dossier:
        proc = self.procedures[procedure]
        return intake.dossier_submit_online(
            applicant=applicant,
            procedure=proc,
            organization=self.units[unit],
            form_data=FORMS[procedure],
            uploads=_papers(proc, applicant),
            idempotency_key=f"demo-{key}",
        )

    def accepted(self, applicant: User, procedure: str, unit: str, key: str) -> Dossier:
        dossier = self.submit(applicant, procedure, unit, key)
        return intake.dossier_accept(officer=self.officer("tiepnhan", unit), dossier=dossier, note="Hồ sơ hợp lệ")

    def examined(self, dossier: Dossier, unit: str) -> Dossier:
        """The processing officer's appraisal done (approved, for flows that decide here)."""
        return processing.dossier_complete_step(
            officer=self.officer("xuly", unit), dossier=dossier, comment="Hồ sơ đủ điều kiện", approved=True
        )

    def signed(self, dossier: Dossier, unit: str) -> Dossier:
        return processing.dossier_complete_step(
            officer=self.officer("lanhdao", unit), dossier=dossier, comment="Đồng ý ký", approved=True
        )

    def with_result(self, dossier: Dossier, unit: str, title: str) -> Dossier:
        upload = _pdf_upload("ket-qua.pdf", title, f"Ho so {dossier.code}")
        processing.dossier_upload_result(
            officer=self.officer("xuly", unit), dossier=dossier, uploads=[PaperUpload(file=upload, name=title)]
        )
        return dossier

    def returned(self, dossier: Dossier, unit: str) -> Dossier:
        return processing.dossier_return_result(officer=self.officer("tiepnhan", unit), dossier=dossier)


def _scenarios(d: _Demo) -> list[Callable[[], Dossier]]:
    mai, business = d.citizen, d.business

    def submitted() -> Dossier:
        return d.submit(mai, BIRTH, TO_HIEU, "moi-nop")

    def submitted_business() -> Dossier:
        return d.submit(business, HOUSEHOLD_BUSINESS, MUONG_LA, "moi-nop-hkd")

    def received() -> Dossier:
        return d.accepted(mai, MARITAL_STATUS, TO_HIEU, "da-tiep-nhan")

    def processing_on_time() -> Dossier:
        # Back at appraisal: the leader did not approve the first draft of the permit.
        dossier = d.examined(d.accepted(mai, BUILDING_PERMIT, TO_HIEU, "dang-xu-ly"), TO_HIEU)
        return processing.dossier_complete_step(
            officer=d.officer("lanhdao", TO_HIEU),
            dossier=dossier,
            comment="Đề nghị thẩm định lại chiều cao công trình.",
            approved=False,
        )

    def waiting_signature() -> Dossier:
        return d.examined(d.accepted(mai, RESIDENCE, TO_HIEU, "cho-ky-duyet"), TO_HIEU)

    def processing_due_soon() -> Dossier:
        dossier = d.examined(d.accepted(mai, BIRTH, MUONG_LA, "sap-den-han"), MUONG_LA)
        return _make_due_soon(dossier, working_hours=3)

    def processing_late_with_apology() -> Dossier:
        dossier = _make_late(d.accepted(business, HOUSEHOLD_BUSINESS, TO_HIEU, "qua-han"), days_late=2)
        dossier = d.examined(dossier, TO_HIEU)
        processing.dossier_apologize(
            officer=d.officer("xuly", TO_HIEU),
            dossier=dossier,
            reason="Cần xác minh thêm địa điểm kinh doanh với tổ dân phố.",
            extra_days=2,
        )
        return dossier

    def permit_at_the_clerk() -> Dossier:
        dossier = d.signed(d.examined(d.accepted(mai, BUILDING_PERMIT, TO_HIEU, "cho-phat-hanh"), TO_HIEU), TO_HIEU)
        return _shift_back(dossier, dt.timedelta(days=4))

    def transferred_to_department() -> Dossier:
        # Inter-agency one-stop: the ward asks the provincial Department of Construction to appraise.
        dossier = d.accepted(mai, BUILDING_PERMIT, TO_HIEU, "lien-thong-so-xay-dung")
        department = Organization.objects.get(code=CONSTRUCTION_DEPARTMENT)
        return transfer.dossier_transfer(
            officer=d.officer("xuly", TO_HIEU),
            dossier=dossier,
            organization=department,
            note="Đề nghị Sở Xây dựng thẩm định hồ sơ thiết kế công trình.",
        )

    def payment_required() -> Dossier:
        dossier = d.accepted(mai, MARITAL_STATUS, TO_HIEU, "cho-nop-phi")
        payment_request(officer=d.officer("xuly", TO_HIEU), dossier=dossier, note="Nộp lệ phí trước khi nhận kết quả.")
        dossier.refresh_from_db()
        return dossier

    def supplement_requested() -> Dossier:
        dossier = d.accepted(mai, RESIDENCE, MUONG_LA, "yeu-cau-bo-sung")
        return intake.dossier_request_supplement(
            officer=d.officer("xuly", MUONG_LA),
            dossier=dossier,
            reason="Bổ sung giấy tờ chứng minh chỗ ở hợp pháp.",
            items=["Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp"],
        )

    def supplement_received() -> Dossier:
        dossier = d.accepted(business, HOUSEHOLD_BUSINESS, MUONG_LA, "da-bo-sung")
        dossier = intake.dossier_request_supplement(
            officer=d.officer("xuly", MUONG_LA),
            dossier=dossier,
            reason="Bổ sung biên bản họp thành viên hộ gia đình.",
            items=["Biên bản họp thành viên hộ gia đình"],
        )
        upload = _pdf_upload("bien-ban-hop.pdf", "Bien ban hop thanh vien ho gia dinh")
        return intake.dossier_submit_supplement(
            applicant=business,
            dossier=dossier,
            uploads=[PaperUpload(file=upload, name="Biên bản họp thành viên hộ gia đình")],
            note="Đã bổ sung biên bản họp.",
        )

    def withdrawal_requested() -> Dossier:
        dossier = d.examined(d.accepted(mai, MARRIAGE, TO_HIEU, "xin-rut"), TO_HIEU)
        return intake.dossier_withdraw(applicant=mai, dossier=dossier, reason="Gia đình đổi ngày đăng ký.")

    def refused() -> Dossier:
        dossier = d.submit(business, HOUSEHOLD_BUSINESS, MUONG_LA, "tu-choi")
        return intake.dossier_refuse(
            officer=d.officer("tiepnhan", MUONG_LA),
            dossier=dossier,
            reason="Địa điểm kinh doanh không thuộc địa bàn xã Mường La.",
        )

    def stopped() -> Dossier:
        dossier = d.accepted(mai, BUILDING_PERMIT, TO_HIEU, "dung-xu-ly")
        return processing.dossier_stop(
            officer=d.officer("lanhdao", TO_HIEU),
            dossier=dossier,
            reason="Người nộp đề nghị dừng để điều chỉnh thiết kế.",
        )

    def withdrawn() -> Dossier:
        dossier = d.submit(mai, MARITAL_STATUS, MUONG_LA, "da-rut")
        return intake.dossier_withdraw(applicant=mai, dossier=dossier, reason="Nộp nhầm nơi tiếp nhận.")

    def finished() -> Dossier:
        dossier = d.signed(d.examined(d.accepted(mai, BIRTH, TO_HIEU, "co-ket-qua"), TO_HIEU), TO_HIEU)
        return d.with_result(dossier, TO_HIEU, "Giấy khai sinh (bản điện tử)")

    def returned_on_time() -> Dossier:
        dossier = d.signed(d.examined(d.accepted(mai, BIRTH, TO_HIEU, "da-tra"), TO_HIEU), TO_HIEU)
        dossier = d.returned(d.with_result(dossier, TO_HIEU, "Giấy khai sinh (bản điện tử)"), TO_HIEU)
        processing.dossier_rate(applicant=mai, dossier=dossier, score=5, comment="Nhanh, cán bộ hướng dẫn tận tình.")
        return _shift_back(dossier, dt.timedelta(days=12))

    def returned_late() -> Dossier:
        dossier = _make_late(d.accepted(business, HOUSEHOLD_BUSINESS, TO_HIEU, "tra-tre-han"), days_late=3)
        dossier = d.signed(d.examined(dossier, TO_HIEU), TO_HIEU)
        dossier = d.returned(d.with_result(dossier, TO_HIEU, "Giấy chứng nhận đăng ký hộ kinh doanh"), TO_HIEU)
        processing.dossier_rate(
            applicant=business, dossier=dossier, score=3, comment="Kết quả đúng nhưng trả chậm so với giấy hẹn."
        )
        return dossier

    def returned_at_the_counter() -> Dossier:
        proc = d.procedures[MARITAL_STATUS]
        taken = counter.dossier_receive_at_counter(
            officer=d.officer("tiepnhan", TO_HIEU),
            procedure=proc,
            applicant=mai,
            new_applicant=None,
            address="Tổ 5, phường Tô Hiệu, tỉnh Sơn La",
            form_data=FORMS[MARITAL_STATUS],
            uploads=[],
            checked_papers=[p.pk for p in proc.papers.filter(required=True)],
        )
        dossier = d.signed(d.examined(taken.dossier, TO_HIEU), TO_HIEU)
        dossier = d.returned(dossier, TO_HIEU)
        processing.dossier_rate(
            applicant=mai, dossier=dossier, score=4, comment="Thủ tục gọn, phải chờ ở quầy hơi lâu."
        )
        return _shift_back(dossier, dt.timedelta(days=6))

    return [
        returned_on_time,
        returned_at_the_counter,
        returned_late,
        permit_at_the_clerk,
        transferred_to_department,
        processing_late_with_apology,
        refused,
        stopped,
        withdrawn,
        withdrawal_requested,
        finished,
        waiting_signature,
        payment_required,
        supplement_requested,
        supplement_received,
        processing_on_time,
        processing_due_soon,
        received,
        submitted_business,
        submitted,
    ]


def _demo_applicants() -> tuple[User, User]:
    logins = {row["kind"]: citizen_login(row) for row in CITIZENS}
    return (
        User.objects.get(username=logins[User.Kind.CITIZEN]),
        User.objects.get(username=logins[User.Kind.BUSINESS]),
    )


def load_demo_dossiers() -> list[Dossier]:
    """Create the demo dossiers unless the demo applicants already have some; returns those created."""
    citizen, business = _demo_applicants()
    if Dossier.objects.filter(applicant__in=[citizen, business]).exists():
        return []
    codes = [BIRTH, MARRIAGE, MARITAL_STATUS, RESIDENCE, HOUSEHOLD_BUSINESS, BUILDING_PERMIT]
    demo = _Demo(
        citizen=citizen,
        business=business,
        procedures={p.code: p for p in Procedure.objects.filter(code__in=codes)},
        units={o.code: o for o in Organization.objects.filter(code__in=[TO_HIEU, MUONG_LA])},
        officers={
            u.username: u
            for u in User.objects.filter(Q(username__endswith=".tohieu") | Q(username__endswith=".muongla"))
        },
    )
    return [scenario() for scenario in _scenarios(demo)]
