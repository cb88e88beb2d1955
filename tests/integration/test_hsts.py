"""Strict-Transport-Security: on answers to HTTPS requests only (HSTS_MAX_AGE, 0 = off).

A real gateway on uvicorn, once over real TLS (a throwaway certificate for 127.0.0.1) and once
over plain HTTP, where only a proxy's X-Forwarded-Proto: https (Kourier, queue-proxy) earns the
header: a plain-http answer on localhost must never carry it, or a browser would pin localhost.
"""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from gateway.app import create_app
from gateway.settings import Settings
from tests.support.servers import serve_in_thread

HSTS = "max-age=31536000; includeSubDomains"


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """(certificate, key) PEM files for https://127.0.0.1, the certificate its own CA."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@contextmanager
def gateway(
    tmp_path: Path, database_url: str, hsts_max_age: int | None = None, **uvicorn: Any
) -> Iterator[str]:
    """Base URL of a gateway (HSTS_MAX_AGE as given, else its default) on uvicorn."""
    settings = Settings(data_dir=tmp_path, database_url=database_url)
    if hsts_max_age is not None:
        settings = settings.model_copy(update={"hsts_max_age": hsts_max_age})
    with serve_in_thread(create_app(settings, database_url), **uvicorn) as url:
        yield url


async def test_answers_over_tls_carry_hsts(tmp_path: Path, database_url: str) -> None:
    cert, key = self_signed_certificate(tmp_path)
    with gateway(tmp_path, database_url, ssl_certfile=str(cert), ssl_keyfile=str(key)) as url:
        https = url.replace("http://", "https://")
        trust = ssl.create_default_context(cafile=cert)
        async with httpx.AsyncClient(base_url=https, verify=trust) as client:
            for path, status in (("/healthz", 200), ("/no-such-page", 404), ("/api/tasks", 401)):
                answer = await client.get(path)
                assert answer.status_code == status, path
                assert answer.headers.get("strict-transport-security") == HSTS, path


async def test_plain_http_gets_hsts_only_when_a_proxy_says_https(
    tmp_path: Path, database_url: str
) -> None:
    with gateway(tmp_path, database_url) as url:
        async with httpx.AsyncClient(base_url=url) as client:
            plain = await client.get("/healthz")
            assert "strict-transport-security" not in plain.headers
            said_http = await client.get("/healthz", headers={"X-Forwarded-Proto": "http"})
            assert "strict-transport-security" not in said_http.headers
            proxied = await client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
            assert proxied.headers.get("strict-transport-security") == HSTS
            # A chain of proxies: the first scheme is the client's.
            chain = await client.get("/healthz", headers={"X-Forwarded-Proto": "http, https"})
            assert "strict-transport-security" not in chain.headers


def test_hsts_max_age_sets_the_header_and_zero_turns_it_off(
    tmp_path: Path, database_url: str
) -> None:
    proxied = {"X-Forwarded-Proto": "https"}
    with gateway(tmp_path, database_url, hsts_max_age=600) as url:
        answer = httpx.get(f"{url}/healthz", headers=proxied)
        assert answer.headers["strict-transport-security"] == "max-age=600; includeSubDomains"
    with gateway(tmp_path, database_url, hsts_max_age=0) as url:
        answer = httpx.get(f"{url}/healthz", headers=proxied)
        assert answer.status_code == 200
        assert "strict-transport-security" not in answer.headers
