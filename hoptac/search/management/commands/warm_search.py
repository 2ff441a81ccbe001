"""``manage.py warm_search``: the search's compiled loops (decision 0022) compiled into numba's
cache (``VAR_DIR / "numba"``) now, once per upgrade, so that the app processes' workers only load
them (about half a second, in the background: ``deploy/gunicorn.conf.py``) instead of each
compiling them (seconds) as it starts."""

import time

from django.core.management.base import BaseCommand

from hoptac.search import postings


class Command(BaseCommand):
    help = "Compile the search's loops into the cache before the app processes start."

    def handle(self, *args: object, **options: object) -> None:
        started = time.perf_counter()
        postings.warm()
        self.stdout.write(f"search loops ready in {time.perf_counter() - started:.1f} s")
