"""Real sites for the sync tests: each with its own database, data directory, `opsroom serve`,
`opsroom sync run` and NATS server (the hub's, or a leaf node with its own JetStream), and
the leaf links running through a TCP proxy that a test can cut and restore."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
OPSROOM = str(Path(sys.executable).with_name("opsroom"))
GEO = ROOT / "src" / "opsroom" / "geo" / "data" / "benghazi"


def nats_server_path() -> str | None:
    return os.environ.get("OPSROOM_NATS_SERVER") or shutil.which("nats-server") or (
        "/usr/sbin/nats-server" if Path("/usr/sbin/nats-server").exists() else None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(check: Callable[[], Any], timeout: float, what: str, every: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if last:
                return last
        except Exception as error:  # not ready yet
            last = error
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what} (last: {last!r})")


class NatsServer:
    def __init__(self, base: Path, name: str, domain: str, leaf_port: int | None = None,
                 hub_url: str | None = None) -> None:
        self.port = free_port()
        self.url = f"nats://127.0.0.1:{self.port}"
        self.leaf_port = leaf_port
        store = base / f"nats-{name}"
        store.mkdir(parents=True, exist_ok=True)
        lines = [f'server_name: "{name}"', f"listen: 127.0.0.1:{self.port}",
                 f'jetstream {{ store_dir: "{store}", domain: "{domain}" }}']
        if leaf_port:
            lines.append(f"leafnodes {{ listen: 127.0.0.1:{leaf_port} }}")
        if hub_url:
            lines.append(f'leafnodes {{ remotes = [ {{ url: "{hub_url}" }} ], reconnect: 1 }}')
        self.conf = base / f"{name}.conf"
        self.conf.write_text("\n".join(lines) + "\n")
        self.log = open(base / f"{name}.log", "ab")  # noqa: SIM115
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = nats_server_path()
        assert binary
        self.proc = subprocess.Popen([binary, "-c", str(self.conf)], stdout=self.log,
                                     stderr=subprocess.STDOUT)
        wait_for(lambda: _connects(self.port), 10, f"nats-server on {self.port}")

    def stop(self) -> None:
        if self.proc:
            self.proc.terminate()
            self.proc.wait(10)
        self.log.close()


def _connects(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


class LinkProxy:
    """A leaf node's link to the hub: bytes forwarded both ways until cut()."""

    def __init__(self, target_port: int) -> None:
        self.target = target_port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = int(self.listener.getsockname()[1])
        self.up = True
        self.accepted: list[float] = []  # when each connection got through (monotonic)
        self.live: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target), timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.live += [client, upstream]
                self.accepted.append(time.monotonic())
            upstream.settimeout(None)
            for a, b, hide in ((client, upstream, False), (upstream, client, True)):
                threading.Thread(target=self._pump, args=(a, b, hide), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, hide_urls: bool) -> None:
        try:
            while chunk := source.recv(65536):
                if hide_urls and b'"leafnode_urls"' in chunk:
                    # The hub tells a leaf node its own address to reconnect to; a real
                    # link has one way through, so the leaf must keep using this one.
                    chunk = re.sub(rb'"leafnode_urls":\[[^\]]*\]', b'"leafnode_urls":[]', chunk)
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

    def cut(self) -> None:
        self.up = False
        with self.lock:
            for s in self.live:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self.live.clear()

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.cut()
        self.listener.close()


class Site:
    def __init__(self, base: Path, code: str, nats: NatsServer, database_url: str) -> None:
        self.code = code
        self.nats = nats
        self.dir = base / code
        self.dir.mkdir(parents=True, exist_ok=True)
        self.database_url = database_url
        self.env = {**os.environ, "OPSROOM_SITE_CODE": code, "OPSROOM_DATA_DIR": str(self.dir),
                    # A smaller demo at the hub: sync needs its kinds of rows, not 400
                    # handovers (each costs a second of setup per module on CI).
                    "OPSROOM_DEMO_HANDOVERS": "40",
                    # Nor its year and a half of synthetic incidents (opsroom.demo.history).
                    "OPSROOM_DEMO_HISTORY_DAYS": "0",
                    "OPSROOM_DATABASE_URL": database_url, "OPSROOM_NATS_URL": nats.url,
                    "OPSROOM_SYNC_HEARTBEAT_SECONDS": "1", "OPSROOM_SYNC_SILENT_MINUTES": "0.1",
                    "OPSROOM_NEW_PASSWORD": "correct horse battery staple",
                    # Anchors are taken when a test asks (`opsroom audit anchor`), so the
                    # digests the tests compare do not move on their own every minute.
                    "OPSROOM_AUDIT_ANCHOR_MINUTES": "0",
                    "OPSROOM_STATS_REPORT_CHECK_MINUTES": "0",
                    "PYTHONWARNINGS": "ignore"}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server: subprocess.Popen[bytes] | None = None
        self.agent: subprocess.Popen[bytes] | None = None
        self.tokens: dict[str, str] = {}
        self.logs: list[Any] = []
        self.clients: dict[str, httpx.Client] = {}

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([OPSROOM, *args], env=self.env, capture_output=True, text=True,
                              timeout=120)
        if check and done.returncode != 0:
            raise AssertionError(f"{self.code}: opsroom {' '.join(args)} failed:\n"
                                 f"{done.stdout}\n{done.stderr}")
        return done

    def _spawn(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = open(self.dir / f"{name}.log", "ab")  # noqa: SIM115
        self.logs.append(log)
        return subprocess.Popen([OPSROOM, *args], env=self.env, stdout=log,
                                stderr=subprocess.STDOUT)

    def start_server(self) -> None:
        self.server = self._spawn("serve", "serve", "--host", "127.0.0.1", "--port",
                                  str(self.port))
        wait_for(lambda: httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200, 30,
                 f"{self.code}'s server")

    def start_agent(self) -> None:
        self.agent = self._spawn("agent", "sync", "run")

    def kill_agent(self, hard: bool = False) -> None:
        if self.agent:
            if hard:
                self.agent.kill()
            else:
                self.agent.terminate()
            self.agent.wait(20)
            self.agent = None

    def stop(self) -> None:
        self.kill_agent()
        if self.server:
            self.server.terminate()
            self.server.wait(20)
        for log in self.logs:
            log.close()
        for client in self.clients.values():
            client.close()

    def token(self, username: str) -> str:
        if username not in self.tokens:
            out = self.run("token", "create", username).stdout.strip().splitlines()[-1]
            self.tokens[username] = out.strip()
        return self.tokens[username]

    def api(self, username: str) -> httpx.Client:
        if username not in self.clients:
            self.clients[username] = httpx.Client(
                base_url=f"{self.url}/api/v1", timeout=30,
                headers={"Authorization": f"Bearer {self.token(username)}"})
        return self.clients[username]

    def digest(self, agency: str | None = None, role: str | None = None) -> dict[str, Any]:
        args = ["sync", "digest"] + (["--agency", agency] if agency else []) + (
            ["--role", role] if role else [])
        result: dict[str, Any] = json.loads(self.run(*args).stdout)
        return result

    def python(self, code: str) -> subprocess.CompletedProcess[str]:
        """Run Python at this site with Django set up: what someone with the site's database
        (and nothing else) can do, for the tests that play that part."""
        setup = ("import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
                 "'opsroom.settings'); django.setup()\n")
        done = subprocess.run([sys.executable, "-c", setup + code], env=self.env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Read this site's database directly (what a test checks, not what users do)."""
        if self.database_url.startswith("sqlite"):
            path = self.database_url.split("sqlite:///", 1)[1]
            with contextlib.closing(sqlite3.connect(path, timeout=30)) as db:
                return db.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.database_url) as db:
            return db.execute(sql).fetchall()  # type: ignore[arg-type]


@contextlib.contextmanager
def site_databases(base: Path, codes: list[str]) -> Iterator[dict[str, str]]:
    """A database per site: SQLite files, or PostgreSQL databases beside the test one."""
    url = os.environ.get("OPSROOM_DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield {code: f"sqlite:///{base / code.lower()}.sqlite3" for code in codes}
        return
    import psycopg

    prefix, _, _ = url.rpartition("/")
    names = {code: f"opsroom_site_{code.lower().replace('-', '_')}_{os.getpid()}"
             for code in codes}
    with psycopg.connect(url, autocommit=True) as db:
        for name in names.values():
            db.execute(f"DROP DATABASE IF EXISTS {name}")  # type: ignore[arg-type]
            db.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    try:
        yield {code: f"{prefix}/{name}" for code, name in names.items()}
    finally:
        with psycopg.connect(url, autocommit=True) as db:
            for name in names.values():
                db.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]
