"""The faults of services: PostgreSQL restarted, Redis stopped, the read replica read from and
stopped."""

from __future__ import annotations

import time
import uuid

import requests

from faultlib.load import client


class ServiceFaults:
    """Faults of the suite's services (a part of `faults.Suite`)."""

    def restart_postgres(self) -> None:
        def action():
            t0 = time.monotonic()
            self.stack.pg.restart("fast")
            # recovered: a write answered through the stack after the restart
            while time.monotonic() - t0 < 60:
                _sent, _errors, acked, _tb = self.load.since((0, 0, 0, 0))
                if acked and acked[-1][0] > t0 + 0.1:
                    return acked[-1][0] - t0, True, "no app restart"
                time.sleep(0.1)
            return None, False, "no write succeeded after the restart"

        def allowed(errors: list[tuple[float, str]], late: list[str]) -> str:
            # Inside the window a page may say "try again" (503 + Retry-After), never crash.
            crashed = [what for _t, what in errors if what.endswith(": 500")]
            if late:
                return f"{len(late)} errors after recovery"
            return f"{len(crashed)} server errors (500) instead of 503" if crashed else ""

        self.window("PostgreSQL restarted during load", action, allowed=allowed)

    def stop_redis(self) -> None:
        def action():
            self.stack.stop_redis()
            t0 = time.monotonic()
            # signing in while Redis is away
            s = client(self.stack)
            signed = self.load.sign_in(s)
            page = s.get(self.stack.url + "/nhiem-vu/cua-toi/", timeout=15)
            time.sleep(4)
            self.stack.start_redis()
            ok = signed and page.status_code == 200
            return (
                time.monotonic() - t0,
                ok,
                ("signed in and served with Redis away" if ok else "sign-in or page failed"),
            )

        self.window(
            "Redis stopped", action, allowed=lambda e, late: f"{len(e)} errors" if e else ""
        )

    def replica_reads(self) -> None:
        """Not a fault: proof that anonymous reads land on the replica and that a writer reads
        its own writes. Replay is paused on the replica, a locality is added on the primary:
        an anonymous visitor does not see it yet (the replica answered), a signed-in user and
        an anonymous visitor who has just sent a POST do (the primary answered)."""
        if self.stack.replica is None:
            return
        replica = self.stack.replica

        def seen(s: requests.Session, name: str) -> bool:
            return name in s.get(self.stack.url + "/dia-phuong/", timeout=15).text

        def action():
            t0 = time.monotonic()
            name = f"Xã Bản Sao {uuid.uuid4().hex[:6]}"
            replica.psql("SELECT pg_wal_replay_pause()")
            try:
                code = (
                    "from hoptac.core.models import Locality; "
                    f"Locality.objects.create(code='998', name_vi='{name}', kind='province')"
                )
                self.stack.manage("shell", "--no-imports", "-c", code)
                anonymous = client(self.stack)
                on_replica = not seen(anonymous, name)
                officer = client(self.stack)
                self.load.sign_in(officer)
                signed_in = seen(officer, name)
                writer = client(self.stack)
                writer.get(self.stack.url + "/", timeout=15)
                writer.post(
                    self.stack.url + "/i18n/setlang/",
                    data={"language": "vi", "next": "/",
                          "csrfmiddlewaretoken": writer.cookies.get("csrftoken")},
                    headers={"Referer": self.stack.url + "/"}, timeout=15,
                )  # fmt: skip
                own_write = seen(writer, name)
            finally:
                replica.psql("SELECT pg_wal_replay_resume()")
            caught_up = False
            while time.monotonic() - t0 < 30 and not caught_up:
                time.sleep(0.3)
                caught_up = seen(anonymous, name)
            ok = on_replica and signed_in and own_write and caught_up
            note = (
                f"replay paused: anonymous read {'did not see' if on_replica else 'SAW'} the new "
                f"row (replica), signed-in read {'saw' if signed_in else 'MISSED'} it, anonymous "
                f"reader after its POST {'saw' if own_write else 'MISSED'} it (primary); "
                f"replay resumed: {'seen' if caught_up else 'NOT seen'} on the replica"
            )
            return time.monotonic() - t0, ok, note

        self.window("read replica (reads land on it, read-your-writes)", action)

    def stop_replica(self) -> None:
        if self.stack.replica is None:
            return

        def action():
            t0 = time.monotonic()
            self.stack.replica.stop("immediate")
            s = client(self.stack)
            codes = [s.get(self.stack.url + p, timeout=15).status_code for p in
                     ("/", "/chuong-trinh/", "/co-quan/", "/dia-phuong/")]  # fmt: skip
            ok = all(c == 200 for c in codes)
            replica = self.stack.replica
            replica.pg_ctl("start", "-w", "-l", str(replica.log), "-o", replica._options())
            return time.monotonic() - t0, ok, f"anonymous reads with the replica down: {codes}"

        self.window(
            "read replica stopped",
            action,
            allowed=lambda e, late: f"{len(e)} errors" if e else "",
        )
