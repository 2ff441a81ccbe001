"""The load mix of `make bench-load` (Locust; run by bench/load/run.py, never on its own).

Anonymous visitors (3 in 5): the portal home, the investment portal and its projects, search,
OGC items and vector tiles; one in twenty of their visits ends in an enquiry (the form is
filled in over a few seconds, as the portal's bot check requires). Signed-in officers (2 in 5):
my work, the task list, a programme's board, the dashboards, a task; now and then a comment or
a progress report with a small PDF as evidence. Every write answered 302 is written down with
its marker (HOPTAC_LOAD_ACKED) so that run.py can check that it is in the database.

Each user talks from its own loopback address (127.0.0.x), as separate clients would: the
site's per-address throttling (PROXY_COUNT=1 behind nginx) sees them apart.
"""

from __future__ import annotations

import itertools
import os
import random
import re
import threading
import time
import uuid

from locust import HttpUser, between, events, task
from requests.adapters import HTTPAdapter

CONFIG = {}  # filled from HOPTAC_LOAD_* in on_init
_addresses = itertools.count(2)
_acked_lock = threading.Lock()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n" + b"0" * 20_000 + b"\ntrailer<<>>\n%%EOF\n"
WORDS = ["hợp tác", "du lịch", "giáo dục", "Đà Nẵng", "đầu tư", "y tế", "chuyển đổi số", "lúa"]


@events.init.add_listener
def on_init(environment, **kwargs):
    import json

    CONFIG.update(json.loads(os.environ["HOPTAC_LOAD_CONFIG"]))


def acked(kind: str, marker: str) -> None:
    with _acked_lock, open(CONFIG["acked"], "a") as f:
        f.write(f"{kind}\t{marker}\n")


class SourceAddress(HTTPAdapter):
    def __init__(self, address: str, **kw):
        self.address = address
        super().__init__(**kw)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


class Visitor(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def on_start(self):
        n = next(_addresses)
        address = f"127.0.{n // 250}.{n % 250 + 2}"
        self.client.mount("https://", SourceAddress(address))
        self.client.trust_env = False
        self.client.verify = CONFIG["certificate"]

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")


class Anonymous(Visitor):
    weight = 3

    @task(4)
    def home(self):
        self.client.get("/", name="portal: home")

    @task(3)
    def invest(self):
        self.client.get("/dau-tu/", name="portal: investment home")
        self.client.get("/dau-tu/du-an/", name="portal: projects")

    @task(3)
    def search(self):
        self.client.get(f"/tim-kiem/?q={random.choice(WORDS)}", name="search")

    @task(3)
    def ogc_items(self):
        layer = random.choice(CONFIG["layers"])
        self.client.get(
            f"/ogc/collections/{layer}/items?limit=20&f=json",
            headers={"Accept": "application/geo+json"},
            name="ogc: items",
        )

    @task(4)
    def tiles(self):
        layer = random.choice(CONFIG["layers"])
        z, x, y = random.choice(CONFIG["tiles"])
        self.client.get(f"/tiles/{layer}/{z}/{x}/{y}.mvt", name="tiles: tile")

    @task(1)
    def enquiry(self):
        if getattr(self, "enquiries", 0) >= 4:  # the portal allows 5 an hour per address
            return
        page = self.client.get("/dau-tu/lien-he/", name="portal: contact form")
        token = re.search(r'name="token" value="([^"]+)"', page.text)
        locality = re.search(r'name="locality"[^>]*>.*?<option value="(\d+)"', page.text, re.S)
        if not token or not locality:
            return
        time.sleep(3.5)  # a person filling in the form; the bot check wants 3 s at least
        marker = f"load-{uuid.uuid4().hex[:12]}"
        with self.client.post(
            "/dau-tu/lien-he/",
            data={
                "csrfmiddlewaretoken": self.csrf(),
                "token": token.group(1),
                "locality": locality.group(1),
                "name": "Nhà đầu tư thử tải",
                "email": "thu-tai@example.com",
                "company": "Công ty thử tải",
                "country": "VN",
                "message": f"Xin thông tin về dự án ({marker}).",
                "consent": "on",  # Decree 13/2023: the enquirer agrees to the processing
            },
            headers={"Referer": self.host + "/dau-tu/lien-he/"},
            allow_redirects=False,
            name="write: enquiry",
            catch_response=True,
        ) as r:
            if r.status_code == 302:
                self.enquiries = getattr(self, "enquiries", 0) + 1
                acked("enquiry", marker)
                r.success()
            else:
                r.failure(f"enquiry answered {r.status_code}")

    @task(1)
    def floor(self):
        self.client.get("/healthz", name="floor: /healthz")


class Officer(Visitor):
    weight = 2

    def on_start(self):
        super().on_start()
        account = random.choice(CONFIG["officers"])
        self.client.get("/dang-nhap/", name="sign in (form)")
        self.client.post(
            "/dang-nhap/",
            data={"username": account, "password": CONFIG["password"],
                  "csrfmiddlewaretoken": self.csrf()},
            headers={"Referer": self.host + "/dang-nhap/"},
            name="sign in",
        )  # fmt: skip
        self.tasks_of = CONFIG["tasks"][account]

    @task(4)
    def my_work(self):
        self.client.get("/nhiem-vu/cua-toi/", name="officer: my work")

    @task(3)
    def task_list(self):
        self.client.get("/nhiem-vu/", name="officer: task list")

    @task(2)
    def board(self):
        self.client.get(f"/chuong-trinh/{CONFIG['programme']}/bang/", name="officer: board")

    @task(2)
    def dashboard(self):
        self.client.get("/nhiem-vu/thong-ke/", name="officer: dashboards")

    @task(3)
    def a_task(self):
        self.client.get(f"/nhiem-vu/{random.choice(self.tasks_of)}/", name="officer: task")

    @task(1)
    def comment(self):
        marker = f"load-{uuid.uuid4().hex[:12]}"
        with self.client.post(
            f"/nhiem-vu/{random.choice(self.tasks_of)}/y-kien/",
            data={"text": f"Ý kiến thử tải {marker}", "csrfmiddlewaretoken": self.csrf()},
            headers={"Referer": self.host + "/"},
            allow_redirects=False,
            name="write: comment",
            catch_response=True,
        ) as r:
            if r.status_code == 302:
                acked("comment", marker)
                r.success()
            else:
                r.failure(f"comment answered {r.status_code}")

    @task(1)
    def progress_report(self):
        marker = f"load-{uuid.uuid4().hex[:12]}"
        with self.client.post(
            f"/nhiem-vu/{random.choice(self.tasks_of)}/bao-cao/",
            data={"progress": str(random.randint(10, 90)), "text": f"Tiến độ {marker}",
                  "csrfmiddlewaretoken": self.csrf()},
            files={"files": ("bien-ban.pdf", PDF, "application/pdf")},
            headers={"Referer": self.host + "/"},
            allow_redirects=False,
            name="write: progress report + evidence",
            catch_response=True,
        ) as r:  # fmt: skip
            if r.status_code == 302:
                acked("report", marker)
                r.success()
            else:
                r.failure(f"progress report answered {r.status_code}")
