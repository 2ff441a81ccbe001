"""The fault suite's load: anonymous readers and signed-in officers who post comments, each
comment carrying a unique marker, tallied per fault window into a row of the table; and two
helpers of the suite."""

from __future__ import annotations

import os
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests
from stack import Stack

OFFICER = "hn-chuyenvien"


def running_with(text: str) -> list[int]:
    """The processes whose command line holds `text` (no procps needed)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if text.encode() in (proc / "cmdline").read_bytes() and int(proc.name) != os.getpid():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def client(stack: Stack) -> requests.Session:
    """A session that trusts the stack's own certificate (and ignores REQUESTS_CA_BUNDLE and
    proxies from the environment, which would override it)."""
    s = requests.Session()
    s.trust_env = False
    s.verify = str(stack.certificate)
    return s


# --- the load ---------------------------------------------------------------------------------
@dataclass
class Row:
    fault: str
    sent: int = 0
    errors: int = 0
    lost: int = 0
    recovery: float | None = None
    ok: bool = True
    note: str = ""


@dataclass
class Tally:
    sent: int = 0
    errors: list = field(default_factory=list)  # (time, what)
    acked: list = field(default_factory=list)  # (time, marker)
    tracebacks: int = 0


class Load:
    """A bounded loopback load: `readers` anonymous clients and `writers` signed-in officers,
    each one request at a time with a short pause (about 40 requests a second in all)."""

    def __init__(self, stack: Stack, task_id: int, password: str, readers=2, writers=2):
        self.stack = stack
        self.base = stack.url
        self.task_id = task_id
        self.password = password
        self.readers, self.writers = readers, writers
        self.tally = Tally()
        self.lock = threading.Lock()
        self.stop_event = threading.Event()
        self.threads: list[threading.Thread] = []
        self.run_id = uuid.uuid4().hex[:8]

    def _record(self, ok: bool, what: str, body: str = "") -> None:
        with self.lock:
            self.tally.sent += 1
            if not ok:
                self.tally.errors.append((time.monotonic(), what))
                if "Traceback" in body:
                    self.tally.tracebacks += 1

    def _get(self, s: requests.Session, path: str) -> bool:
        try:
            r = s.get(self.base + path, timeout=15, allow_redirects=False)
        except requests.RequestException as exc:
            self._record(False, f"GET {path}: {type(exc).__name__}")
            return False
        ok = r.status_code in (200, 302)
        self._record(ok, f"GET {path}: {r.status_code}", r.text if not ok else "")
        return ok

    def sign_in(self, s: requests.Session) -> bool:
        try:
            s.get(self.base + "/dang-nhap/", timeout=15)
            r = s.post(
                self.base + "/dang-nhap/",
                data={
                    "username": OFFICER,
                    "password": self.password,
                    "csrfmiddlewaretoken": s.cookies.get("csrftoken", ""),
                },
                headers={"Referer": self.base + "/dang-nhap/"},
                timeout=15,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            self._record(False, f"sign in: {type(exc).__name__}")
            return False
        ok = r.status_code == 302 and "sessionid" in s.cookies
        self._record(ok, f"sign in: {r.status_code}", r.text if not ok else "")
        return ok

    def _reader(self) -> None:
        s = client(self.stack)
        pages = ["/", "/chuong-trinh/", "/co-quan/", "/dia-phuong/", "/healthz"]
        n = 0
        while not self.stop_event.is_set():
            self._get(s, pages[n % len(pages)])
            n += 1
            time.sleep(0.05)

    def _writer(self, k: int) -> None:
        s = client(self.stack)
        signed_in = False
        n = 0
        while not self.stop_event.is_set():
            if not signed_in:
                signed_in = self.sign_in(s)
                if not signed_in:
                    time.sleep(0.2)
                    continue
            n += 1
            if n % 2:
                self._get(s, f"/nhiem-vu/{self.task_id}/" if n % 4 == 1 else "/nhiem-vu/cua-toi/")
            else:
                marker = f"fault-{self.run_id}-{k}-{n}"
                try:
                    r = s.post(
                        f"{self.base}/nhiem-vu/{self.task_id}/y-kien/",
                        data={"text": marker, "csrfmiddlewaretoken": s.cookies.get("csrftoken")},
                        headers={"Referer": self.base + "/"},
                        timeout=15,
                        allow_redirects=False,
                    )
                except requests.RequestException as exc:
                    self._record(False, f"POST comment: {type(exc).__name__}")
                else:
                    ok = r.status_code == 302 and "/dang-nhap/" not in r.headers.get("Location", "")
                    self._record(ok, f"POST comment: {r.status_code}", r.text if not ok else "")
                    if ok:
                        with self.lock:
                            self.tally.acked.append((time.monotonic(), marker))
                    elif r.status_code in (302, 403):
                        signed_in = False
            time.sleep(0.05)

    def start(self) -> Load:
        for _ in range(self.readers):
            self.threads.append(threading.Thread(target=self._reader, daemon=True))
        for k in range(self.writers):
            self.threads.append(threading.Thread(target=self._writer, args=(k,), daemon=True))
        for t in self.threads:
            t.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()
        for t in self.threads:
            t.join(20)

    def mark(self) -> tuple[int, int, int, int]:
        with self.lock:
            t = self.tally
            return t.sent, len(t.errors), len(t.acked), t.tracebacks

    def since(self, mark) -> tuple[int, list, list, int]:
        with self.lock:
            t = self.tally
            return (
                t.sent - mark[0],
                t.errors[mark[1] :],
                t.acked[mark[2] :],
                t.tracebacks - mark[3],
            )
