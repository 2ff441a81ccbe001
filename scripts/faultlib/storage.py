"""The faults of storage: a protected download under load, the media volume full during an upload,
a backup restored into a fresh cluster."""

from __future__ import annotations

import json
import os
import subprocess
import time
import uuid

from pgcluster import Cluster
from stack import PY, ROOT

from faultlib.load import Row, client


class StorageFaults:
    """Faults of the suite's storage (a part of `faults.Suite`)."""

    def protected_download(self) -> None:
        """Not a fault: an uploaded file goes out through nginx's internal /protected-media/
        location once Django has checked who asks (X-Accel-Redirect), and only then."""

        def action():
            s = client(self.stack)
            self.load.sign_in(s)
            pdf = b"%PDF-1.4\n" + os.urandom(50_000) + b"\n%%EOF\n"
            r = s.post(
                f"{self.stack.url}/nhiem-vu/{self.load.task_id}/bao-cao/",
                data={"progress": "36", "text": "minh chứng tải về",
                      "csrfmiddlewaretoken": s.cookies.get("csrftoken")},
                files={"files": ("bien-ban.pdf", pdf, "application/pdf")},
                headers={"Referer": self.stack.url + "/"}, timeout=30, allow_redirects=False,
            )  # fmt: skip
            evidence, stored = self.sql(
                "SELECT id, file FROM programmes_evidence ORDER BY id DESC LIMIT 1"
            ).split("|")
            url = f"{self.stack.url}/nhiem-vu/minh-chung/{evidence}/"
            got = s.get(url, timeout=30)
            anonymous = client(self.stack).get(url, timeout=30, allow_redirects=False)
            direct = client(self.stack).get(
                f"{self.stack.url}/protected-media/{stored}", timeout=30, allow_redirects=False
            )
            ok = (
                r.status_code == 302
                and got.status_code == 200
                and got.content == pdf
                and anonymous.status_code != 200
                and direct.status_code == 404
            )
            note = (
                f"upload {r.status_code}; officer download {got.status_code} "
                f"({'same bytes' if got.content == pdf else 'DIFFERENT bytes'}, served by "
                f"{got.headers.get('Server', '?')}); anonymous {anonymous.status_code}; "
                f"/protected-media/ asked directly {direct.status_code}"
            )
            return 0.0, ok, note

        self.window("protected download through nginx (X-Accel-Redirect)", action)

    def media_full(self) -> None:
        if not self.stack.mounted:
            self.rows.append(Row("media volume full", note="skipped: a tmpfs needs root"))
            return
        media = self.stack.media

        def action():
            filler = media / "filler.bin"
            subprocess.run(
                ["dd", "if=/dev/zero", f"of={filler}", "bs=1M"],
                capture_output=True,
            )  # fills the volume: dd stops at "No space left on device"
            s = client(self.stack)
            self.load.sign_in(s)
            before = self.sql("SELECT count(*) FROM programmes_progressreport")
            files_before = sum(1 for p in media.rglob("*") if p.is_file())
            marker = f"media-full-{uuid.uuid4().hex[:8]}"
            pdf = b"%PDF-1.4\n" + os.urandom(200_000) + b"\n%%EOF\n"
            r = s.post(
                f"{self.stack.url}/nhiem-vu/{self.load.task_id}/bao-cao/",
                data={
                    "progress": "35",
                    "text": marker,
                    "csrfmiddlewaretoken": s.cookies.get("csrftoken"),
                },
                files={"files": ("bien-ban.pdf", pdf, "application/pdf")},
                headers={"Referer": self.stack.url + "/"},
                timeout=30,
                allow_redirects=False,
            )
            after = self.sql("SELECT count(*) FROM programmes_progressreport")
            files_after = sum(1 for p in media.rglob("*") if p.is_file())
            filler.unlink()
            clear = r.status_code == 507 and "hết chỗ lưu tệp" in r.text
            ok = clear and before == after and files_before == files_after
            note = (
                f"upload answered {r.status_code}"
                + (" with the 'no room' page" if clear else "")
                + f"; reports {before}→{after}, files {files_before}→{files_after}"
            )
            return 0.0, ok, note

        self.window("media volume full (tmpfs)", action)

    def backup_restore(self) -> None:
        def action():
            t0 = time.monotonic()
            out = self.stack.dir / "backup"
            r = self.stack.manage("backup", str(out), check=False)
            if r.returncode != 0:
                return None, False, f"backup failed: {r.stderr[-300:]}"
            with Cluster(fast=True) as fresh:
                fresh.create_database("hoptac")
                env = {
                    **self.stack.env,
                    "DATABASE_URL": fresh.url("hoptac"),
                    "MEDIA_ROOT": str(self.stack.dir / "restored-media"),
                }
                env.pop("DATABASE_REPLICA_URLS", None)
                r = subprocess.run(
                    [PY, "manage.py", "restore", str(out)],
                    cwd=ROOT, env=env, capture_output=True, text=True,
                )  # fmt: skip
            manifest = json.loads((out / "manifest.json").read_text())
            tables = len(manifest.get("tables", {}))
            files = len(manifest.get("files", {}))
            ok = r.returncode == 0 and "verified" in r.stdout
            note = f"{tables} tables, {files} files; " + (
                r.stdout.strip().splitlines()[-1] if ok else f"restore failed: {r.stderr[-300:]}"
            )
            return time.monotonic() - t0, ok, note

        self.window("backup restored into a fresh cluster", action)
