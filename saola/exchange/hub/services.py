"""The hub's store-and-forward services: accept, queue per recipient, hand over, acknowledge.

Accepting a message stores its exact bytes and one delivery row per recipient in one
transaction, after every check: nothing is stored half-way and a refused message leaves no
row. Receipt is idempotent per sender and SHA-256 of the bytes, so a sender that retries after
a lost answer creates nothing twice. A delivery stays pending until the next hop acknowledges
it (pull) or answers 2xx (push): at-least-once; the receiving node drops the repeats.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from saola.core.audit import audit_record
from saola.core.exceptions import ConflictError
from saola.core.models import User
from saola.exchange.edxml import is_edxml, package_from_element, status_from_element
from saola.exchange.exceptions import (
    HubRefused,
    NoSuchPackage,
    SenderMismatch,
    SignatureRejected,
    UnknownRecipient,
)
from saola.exchange.hub.routing import next_hop, serves
from saola.exchange.models import Agency, HubDelivery, HubMessage
from saola.exchange.registry import agency_lookup
from saola.exchange.safexml import parse_xml
from saola.exchange.signature import verify_package_signature

MAX_TRACE_HOPS = 32


@dataclass(frozen=True)
class Accepted:
    message: HubMessage
    created: bool
    # Recipient code → the next hop that takes it.
    routes: dict[str, str]


def _now() -> dt.datetime:
    return timezone.now()


def clean_trace(trace: Sequence[object]) -> list[dict[str, str]]:
    """The hops of an incoming transport trace that look like hops; at most MAX_TRACE_HOPS."""
    return [
        {"organ_id": item["organ_id"][:13], "at": item["at"][:40]}
        for item in list(trace)[:MAX_TRACE_HOPS]
        if isinstance(item, dict) and isinstance(item.get("organ_id"), str) and isinstance(item.get("at"), str)
    ]


def _with_hop(trace: Sequence[object], at: dt.datetime) -> list[dict[str, str]]:
    return [*clean_trace(trace), {"organ_id": settings.SAOLA_HUB_CODE, "at": at.isoformat()}]


def _store(message: HubMessage, routes: dict[str, str]) -> Accepted:
    """Save a checked message and its deliveries; the same bytes from the same sender, sent
    again or concurrently, hit the unique constraint and answer the message stored first."""
    try:
        with transaction.atomic():
            message.save()
            HubDelivery.objects.bulk_create(
                HubDelivery(
                    message=message,
                    recipient_code=recipient,
                    route_code=route,
                    next_attempt_at=message.received_at,
                    created_at=message.received_at,
                )
                for recipient, route in routes.items()
            )
    except IntegrityError:
        existing = HubMessage.objects.filter(sender_code=message.sender_code, digest=message.digest).first()
        if existing is None:
            raise
        stored = dict(existing.deliveries.values_list("recipient_code", "route_code"))
        return Accepted(existing, created=False, routes=stored)
    return Accepted(message, created=True, routes=routes)


def _routes(codes: Sequence[str], cache: dict[str, Agency | None]) -> dict[str, str]:
    routes: dict[str, str] = {}
    unknown: list[str] = []
    for code in dict.fromkeys(codes):
        hop = next_hop(code, cache=cache)
        if hop is None:
            unknown.append(code)
        else:
            routes[code] = hop
    if unknown:
        raise UnknownRecipient(
            _("Trục không phục vụ cơ quan nhận %(codes)s.") % {"codes": ", ".join(unknown)}, problems=unknown
        )
    return routes


def _check_sender(agency: Agency | None, sender: str, cache: dict[str, Agency | None]) -> None:
    """`agency` (None: the parent hub, trusted) must be the sender or the hop the sender is behind."""
    if agency is not None and not serves(agency, sender, cache=cache):
        raise SenderMismatch(
            _("Cơ quan gửi %(sender)s không khớp với cơ quan đã xác thực %(agency)s.")
            % {"sender": sender, "agency": agency.code}
        )


def _check_signature(
    data: bytes, root: etree._Element, sender: str, cache: dict[str, Agency | None]
) -> tuple[bool | None, str]:
    if not settings.SAOLA_HUB_VERIFY_SIGNATURES:
        return None, ""
    check = verify_package_signature(data, cache_chain=True, root=root)
    if not check.signed:
        raise SignatureRejected(_("Gói tin chưa được ký số."), problems=check.problems)
    if not check.valid:
        raise SignatureRejected(_("Chữ ký số của gói tin không hợp lệ."), problems=check.problems)
    registered = cache.get(sender) or agency_lookup(sender)
    if registered is not None and registered.certificate:
        from cryptography.hazmat.primitives import hashes

        from saola.exchange.models import load_certificate

        expected = load_certificate(registered.certificate).fingerprint(hashes.SHA256()).hex()
        if expected != check.certificate_sha256:
            raise SignatureRejected(
                _("Gói tin không được ký bằng chứng thư số đã đăng ký của cơ quan %(code)s.") % {"code": sender}
            )
    return True, check.signer


def hub_accept(*, agency: Agency | None, data: bytes, trace: Sequence[object] = ()) -> Accepted:
    """Accept a package or status message from `agency` (None: pulled from the parent hub).

    Refuses (HubRefused and subclasses, nothing stored): unsafe or malformed XML, a sender that
    is not `agency` nor behind it, an unknown recipient, an unsigned or badly signed package
    (when SAOLA_HUB_VERIFY_SIGNATURES), a status about a package the reporting agency never got.
    """
    root = parse_xml(data)
    digest = hashlib.sha256(data).hexdigest()
    cache: dict[str, Agency | None] = {}
    if agency is not None:
        cache[agency.code] = agency
    now = _now()
    if is_edxml(root, "edXML"):
        package = package_from_element(root)
        sender = package.from_organ.organ_id
        _check_sender(agency, sender, cache)
        if not package.to_organs:
            raise UnknownRecipient(_("Gói tin không có cơ quan nhận."))
        routes = _routes([organ.organ_id for organ in package.to_organs], cache)
        valid, signer = _check_signature(data, root, sender, cache)
        message = HubMessage(
            kind=HubMessage.Kind.PACKAGE,
            sender_code=sender,
            digest=digest,
            document_id=package.document_id[:255],
            business_type=int(package.business.doc_type) if package.business else 0,
            body=data,
            size=len(data),
            trace=_with_hop(trace, now),
            signature_valid=valid,
            signer=signer[:255],
            received_from=agency.code if agency else settings.SAOLA_HUB_PARENT_CODE,
            received_at=now,
        )
        return _store(message, routes)
    if is_edxml(root, "Status"):
        status = status_from_element(root)
        sender = status.from_organ.organ_id
        _check_sender(agency, sender, cache)
        response = status.response_for
        got_it = HubDelivery.objects.filter(
            message__kind=HubMessage.Kind.PACKAGE,
            message__sender_code=response.organ_id,
            message__document_id=response.document_id,
            recipient_code=sender,
        ).exists()
        if not got_it:
            raise NoSuchPackage(
                _("Cơ quan %(sender)s chưa từng nhận văn bản %(document)s qua trục này.")
                % {"sender": sender, "document": response.document_id}
            )
        routes = _routes([response.organ_id], cache)
        message = HubMessage(
            kind=HubMessage.Kind.STATUS,
            sender_code=sender,
            digest=digest,
            document_id=response.document_id[:255],
            status_code=str(status.status_code),
            body=data,
            size=len(data),
            trace=_with_hop(trace, now),
            received_from=agency.code if agency else settings.SAOLA_HUB_PARENT_CODE,
            received_at=now,
        )
        return _store(message, routes)
    raise HubRefused(_("Không phải gói tin edXML hay gói tin trạng thái."))


# --- handing over ---------------------------------------------------------------------------


def deliveries_pending(*, agency: Agency, limit: int = 100, after: int = 0) -> list[HubDelivery]:
    """The oldest pending deliveries queued for `agency`, in the order the hub accepted them."""
    return list(
        HubDelivery.objects.filter(route_code=agency.code, state=HubDelivery.State.PENDING, id__gt=after)
        .select_related("message")
        .order_by("id")[: max(1, min(limit, 500))]
    )


def delivery_for(*, agency: Agency, delivery_id: int) -> HubDelivery | None:
    return HubDelivery.objects.filter(route_code=agency.code, id=delivery_id).select_related("message").first()


@transaction.atomic
def deliveries_ack(*, agency: Agency, ids: Sequence[int]) -> int:
    """Mark deliveries of `agency` as handed over; repeats and other agencies' ids change nothing."""
    return HubDelivery.objects.filter(
        route_code=agency.code, id__in=list(ids)[:1000], state=HubDelivery.State.PENDING
    ).update(state=HubDelivery.State.DELIVERED, delivered_at=_now(), last_error="")


def retry_delay(attempts: int) -> dt.timedelta:
    """Backoff before try number `attempts + 1`: doubling from SAOLA_HUB_RETRY_SECONDS, capped."""
    seconds = settings.SAOLA_HUB_RETRY_SECONDS * (2 ** max(0, attempts - 1))
    return dt.timedelta(seconds=min(seconds, settings.SAOLA_HUB_RETRY_MAX_SECONDS))


@transaction.atomic
def delivery_failed(*, delivery_id: int, error: str, permanent: bool = False) -> HubDelivery:
    """Count a failed push; after SAOLA_HUB_MAX_ATTEMPTS (or a permanent refusal) it is dead."""
    row = HubDelivery.objects.select_for_update().get(pk=delivery_id)
    if row.state != HubDelivery.State.PENDING:
        return row
    row.attempts += 1
    row.last_error = error[:2000]
    if permanent or row.attempts >= settings.SAOLA_HUB_MAX_ATTEMPTS:
        row.state = HubDelivery.State.DEAD
    else:
        row.next_attempt_at = _now() + retry_delay(row.attempts)
    row.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
    return row


@transaction.atomic
def delivery_done(*, delivery_id: int) -> None:
    HubDelivery.objects.filter(pk=delivery_id, state=HubDelivery.State.PENDING).update(
        state=HubDelivery.State.DELIVERED, delivered_at=_now(), last_error=""
    )


@transaction.atomic
def delivery_replay(*, actor: User | None, delivery: HubDelivery) -> HubDelivery:
    """Put a dead delivery back in its queue, to be tried again at once. Audited."""
    row = HubDelivery.objects.select_for_update().get(pk=delivery.pk)
    if row.state != HubDelivery.State.DEAD:
        raise ConflictError(_("Chỉ gửi lại được gói tin đã chuyển không thành công."))
    row.state = HubDelivery.State.PENDING
    row.attempts = 0
    row.next_attempt_at = _now()
    row.save(update_fields=["state", "attempts", "next_attempt_at"])
    audit_record(
        actor=actor,
        action="hub.delivery_replay",
        obj=row,
        before={"state": HubDelivery.State.DEAD, "last_error": row.last_error},
        after={"state": row.state},
    )
    return row


def hub_purge(*, before: dt.datetime) -> int:
    """Delete the messages accepted before `before` whose every delivery was handed over; returns
    how many. Pending and dead deliveries are kept, whatever their age: nothing undelivered is
    lost. A sender's retry of purged bytes would be accepted again; nodes drop such repeats."""
    done = HubMessage.objects.filter(received_at__lt=before).exclude(
        deliveries__state__in=[HubDelivery.State.PENDING, HubDelivery.State.DEAD]
    )
    purged = 0
    while ids := list(done.values_list("id", flat=True)[:1000]):
        with transaction.atomic():
            HubDelivery.objects.filter(message_id__in=ids).delete()
            purged += HubMessage.objects.filter(id__in=ids).delete()[1].get(HubMessage._meta.label, 0)
    return purged
