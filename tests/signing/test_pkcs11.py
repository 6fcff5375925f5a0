"""Signing with a key on a PKCS#11 token: a SoftHSM2 token made in a temporary directory."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from django.conf import settings as django_settings

from saola.core.models import Organization, User
from saola.demo.pki import organization_subject
from saola.signing.credentials import credential_create_pkcs11
from saola.signing.exceptions import WrongSecret
from saola.signing.models import CertificateAuthority, IssuedCertificate
from saola.signing.pki.keys import PrivateKey, new_private_key
from saola.signing.pki.services import certificate_issue
from saola.signing.services import sign_as_organization
from tests.signing.pdf_inspect import statuses

pytestmark = pytest.mark.django_db

MODULE = django_settings.SAOLA_PKCS11_MODULE
TOKEN = "ConDau-VPUBND"
PIN = "246810"
SO_PIN = "13579135"
KEY_LABEL = "khoa-con-dau"

needs_softhsm = pytest.mark.skipif(
    not (Path(MODULE).is_file() and shutil.which("softhsm2-util")),
    reason="SoftHSM2 is not installed (Debian package softhsm2: libsofthsm2.so and softhsm2-util)",
)


@dataclass(frozen=True)
class Token:
    label: str
    pin: str
    key: PrivateKey


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Token]:
    """A SoftHSM2 token with an RSA key imported under KEY_LABEL; SOFTHSM2_CONF points at it meanwhile."""
    if not (Path(MODULE).is_file() and shutil.which("softhsm2-util")):
        pytest.skip("SoftHSM2 is not installed")
    base = tmp_path_factory.mktemp("softhsm")
    (base / "tokens").mkdir()
    conf = base / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    env = {**os.environ}
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", SO_PIN],
        check=True,
        capture_output=True,
        env=env,
    )
    key = new_private_key()
    pem = base / "key.pem"
    pem.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    subprocess.run(
        ["softhsm2-util", "--import", str(pem), "--token", TOKEN, "--label", KEY_LABEL, "--id", "01", "--pin", PIN],
        check=True,
        capture_output=True,
        env=env,
    )
    pem.unlink()
    _reload_module()
    yield Token(label=TOKEN, pin=PIN, key=key)
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous
    _reload_module()


def _reload_module() -> None:
    """SoftHSM2 reads SOFTHSM2_CONF when initialised: re-initialise a module loaded earlier."""
    import pkcs11

    pkcs11.unload(MODULE)


def _store_certificate(token: Token, der: bytes, subject_der: bytes) -> None:
    """Put the certificate next to its key on the token, as a CA's delivery would."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    lib = pkcs11.lib(MODULE)
    with lib.get_token(token_label=token.label).open(user_pin=token.pin, rw=True) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: KEY_LABEL,
                Attribute.ID: b"\x01",
                Attribute.SUBJECT: subject_der,
                Attribute.VALUE: der,
            }
        )


@pytest.fixture
def token_credential(
    token: Token, pki: tuple[CertificateAuthority, CertificateAuthority], signing_org: Organization
) -> IssuedCertificate:
    issued = certificate_issue(
        actor=None,
        issuer=pki[1],
        kind=IssuedCertificate.Kind.ORGANIZATION,
        subject=organization_subject(signing_org),
        key=token.key,
        owner_organization=signing_org,
    )
    _store_certificate(token, bytes(issued.certificate_der), organization_subject(signing_org).public_bytes())
    credential_create_pkcs11(
        actor=None,
        certificate_der=bytes(issued.certificate_der),
        token_label=token.label,
        key_label=KEY_LABEL,
        organization=signing_org,
    )
    return issued


@needs_softhsm
def test_organisation_signs_with_its_token(
    person_signed_pdf: bytes, token: Token, token_credential: IssuedCertificate, signing_org: Organization
) -> None:
    sealed = sign_as_organization(person_signed_pdf, organization=signing_org, secret=token.pin)
    found = statuses(sealed)
    assert found["ConDauCoQuan"].bottom_line and found["ChuKyNguoiKy"].bottom_line
    assert found["ConDauCoQuan"].signing_cert.serial_number == token_credential.serial_int
    assert found["ConDauCoQuan"].timestamp_validity is not None


@needs_softhsm
def test_wrong_pin_is_refused(
    person_signed_pdf: bytes,
    token: Token,
    token_credential: IssuedCertificate,
    signing_org: Organization,
    signing_leader: User,
) -> None:
    with pytest.raises(WrongSecret) as excinfo:
        sign_as_organization(person_signed_pdf, organization=signing_org, secret="000000")
    assert "PIN" in str(excinfo.value.message)
