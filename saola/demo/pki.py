"""The demo PKI: a root and a subordinate CA, a TSA and an OCSP responder, and signing credentials
for the demo leaders (personal) and for their organisations (seal holders).

Idempotent: what exists (recognised by CA slug, service kind, or the holder's active credential)
is left alone. The credentials are PKCS#12 files opened with the demo password.
"""

from __future__ import annotations

from decimal import Decimal

from cryptography import x509
from django.db import transaction

from saola.core.models import Organization, RoleAssignment, User
from saola.signing import appearance
from saola.signing.credentials import credential_create_pkcs12, seal_image_set, signature_image_set
from saola.signing.models import CertificateAuthority, IssuedCertificate, SealImage, SignatureImage, SigningCredential
from saola.signing.pki import builder
from saola.signing.pki.services import authority_create, certificate_issue, new_key, service_certificate_issue

ROOT_SLUG = "saola-root"
SUB_SLUG = "saola-ca"
DEMO_ORG = "Saola — dữ liệu thử nghiệm"
SEAL_DIAMETER_MM = Decimal("36.0")


def ensure_authorities() -> tuple[CertificateAuthority, CertificateAuthority]:
    """The demo root and subordinate CA with their TSA and OCSP certificates (created if absent)."""
    root = CertificateAuthority.objects.filter(slug=ROOT_SLUG).first() or authority_create(
        actor=None,
        slug=ROOT_SLUG,
        subject=builder.name(common_name="Saola Root CA (thử nghiệm)", organization=DEMO_ORG),
    )
    sub = CertificateAuthority.objects.filter(slug=SUB_SLUG).first() or authority_create(
        actor=None,
        slug=SUB_SLUG,
        parent=root,
        subject=builder.name(common_name="Saola CA chuyên dùng (thử nghiệm)", organization=DEMO_ORG),
    )
    for kind, common_name in (
        (IssuedCertificate.Kind.TSA, "Saola TSA (thử nghiệm)"),
        (IssuedCertificate.Kind.OCSP, "Saola OCSP (thử nghiệm)"),
    ):
        if not IssuedCertificate.objects.filter(issuer=sub, kind=kind, revoked_at__isnull=True).exists():
            service_certificate_issue(
                actor=None, issuer=sub, kind=kind, subject=builder.name(common_name=common_name, organization=DEMO_ORG)
            )
    return root, sub


def person_subject(user: User) -> x509.Name:
    organization = user.organization
    return builder.name(
        common_name=user.display_name,
        title=user.position,
        organization=organization.name if organization else "",
        locality=organization.address if organization else "",
        user_id=user.personal_id or f"USER:{user.username}",
    )


def organization_subject(organization: Organization) -> x509.Name:
    return builder.name(
        common_name=organization.name,
        organization=organization.name,
        organization_identifier=organization.code,
        locality=organization.address,
    )


def issue_person_credential(*, user: User, issuer: CertificateAuthority, passphrase: str) -> SigningCredential:
    """A personal certificate and PKCS#12 credential for `user`, plus their demo signature image."""
    key = new_key()
    issued = certificate_issue(
        actor=None,
        issuer=issuer,
        kind=IssuedCertificate.Kind.PERSONAL,
        subject=person_subject(user),
        key=key,
        owner_user=user,
        email=user.email or "",
    )
    credential = credential_create_pkcs12(actor=None, certificate=issued, key=key, passphrase=passphrase, user=user)
    if not SignatureImage.objects.filter(user=user).exists():
        signature_image_set(actor=None, user=user, png=appearance.demo_signature_png(user.display_name))
    return credential


def issue_organization_credential(
    *, organization: Organization, issuer: CertificateAuthority, passphrase: str
) -> SigningCredential:
    """An organisation certificate and PKCS#12 credential, plus its demo seal image."""
    key = new_key()
    issued = certificate_issue(
        actor=None,
        issuer=issuer,
        kind=IssuedCertificate.Kind.ORGANIZATION,
        subject=organization_subject(organization),
        key=key,
        owner_organization=organization,
    )
    credential = credential_create_pkcs12(
        actor=None, certificate=issued, key=key, passphrase=passphrase, organization=organization
    )
    if not SealImage.objects.filter(organization=organization).exists():
        seal_image_set(
            actor=None,
            organization=organization,
            png=appearance.demo_seal_png(organization.name),
            diameter_mm=SEAL_DIAMETER_MM,
        )
    return credential


@transaction.atomic
def load_demo_pki(*, passphrase: str) -> list[SigningCredential]:
    """The demo PKI and a credential for every leader and every organisation that has leaders.

    Returns the credentials created now (empty on a second run).
    """
    _root, sub = ensure_authorities()
    created: list[SigningCredential] = []
    leaders = (
        RoleAssignment.objects.filter(role=RoleAssignment.Role.UNIT_LEADER)
        .select_related("user", "organization")
        .order_by("organization__code", "user__username")
    )
    organizations: dict[int, Organization] = {}
    for assignment in leaders:
        user = assignment.user
        organizations[assignment.organization_id] = assignment.organization
        if not SigningCredential.objects.filter(user=user, active=True).exists():
            created.append(issue_person_credential(user=user, issuer=sub, passphrase=passphrase))
    created.extend(
        issue_organization_credential(organization=organization, issuer=sub, passphrase=passphrase)
        for organization in organizations.values()
        if not SigningCredential.objects.filter(organization=organization, active=True).exists()
    )
    return created
