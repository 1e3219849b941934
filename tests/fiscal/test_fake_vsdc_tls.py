"""The client certificate, for real: the fake V-SDC over HTTPS accepts only a client
certificate its CA signed, as the Tax Administration's processor does, and the shop's client
reports a refused one as CertificateRefused (retried later, nothing issued)."""

import subprocess
import uuid
from decimal import Decimal

import pytest

from devtools.fake_vsdc import FakeVsdcServer
from fiscal.rules import Item, ReceiptKind, request_body
from fiscal.vsdc import CertificateRefused, VsdcClient

BODY = request_body(
    kind=ReceiptKind.ADVANCE_SALE,
    items=[Item("Prsten", 1, Decimal("4990.00"), "Ђ")],
    cashier="tls test",
    esir_number="TLS-1",
)


def _openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _signed(name, ca, cwd, *, ip=False):
    _openssl(
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        f"{name}.key",
        "-out",
        f"{name}.csr",
        "-subj",
        f"/CN={name}",
        cwd=cwd,
    )
    extra = []
    if ip:
        (cwd / f"{name}.ext").write_text("subjectAltName=IP:127.0.0.1\n")
        extra = ["-extfile", f"{name}.ext"]
    _openssl(
        "x509",
        "-req",
        "-in",
        f"{name}.csr",
        "-CA",
        f"{ca}.pem",
        "-CAkey",
        f"{ca}.key",
        "-CAcreateserial",
        "-out",
        f"{name}.pem",
        "-days",
        "1",
        *extra,
        cwd=cwd,
    )


def _ca(name, cwd):
    _openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        f"{name}.key",
        "-out",
        f"{name}.pem",
        "-days",
        "1",
        "-subj",
        f"/CN={name}",
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("pki")
    _ca("taxca", cwd)
    _ca("otherca", cwd)
    _signed("server", "taxca", cwd, ip=True)
    _signed("shop", "taxca", cwd)
    _signed("stranger", "otherca", cwd)
    return cwd


@pytest.fixture(scope="module")
def fake(pki):
    with FakeVsdcServer(
        tls_cert=str(pki / "server.pem"),
        tls_key=str(pki / "server.key"),
        client_ca=str(pki / "taxca.pem"),
    ) as server:
        yield server


def _client(fake, pki, name):
    return VsdcClient(
        url=fake.url,
        cert_path=str(pki / f"{name}.pem") if name else "",
        key_path=str(pki / f"{name}.key") if name else "",
        ca_path=str(pki / "taxca.pem"),
        read_timeout=5.0,
    )


def test_the_taxpayers_certificate_is_accepted(fake, pki):
    assert fake.url.startswith("https://")
    receipt = _client(fake, pki, "shop").post_invoice(request_id=uuid.uuid4().hex, body=BODY)
    assert receipt["invoiceCounterExtension"] == "АП"


@pytest.mark.parametrize("name", ["stranger", None])
def test_another_certificate_or_none_is_refused_and_nothing_is_issued(fake, pki, name):
    issued = len(fake.invoices())
    with pytest.raises(CertificateRefused):
        _client(fake, pki, name).post_invoice(request_id=uuid.uuid4().hex, body=BODY)
    assert len(fake.invoices()) == issued
