"""generate_programmes, who: the localities, the organisations and the accounts."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.hashers import make_password
from django.contrib.gis.geos import Point
from django.core.management.base import CommandError
from programmes_data import (
    BATCH,
    CENTRES,
    DEPARTMENTS,
    HEADS,
    LOCALITIES,
    PASSWORD,
    PREFIX,
    PROJECT_BOARDS,
    WARDS,
)

from hoptac.core.models import Locality, Membership, Organisation, Partnership, User


class GenerateWhoMixin:
    """Command's localities, organisations and accounts (generate_programmes.py)."""

    # --- who ------------------------------------------------------------------------------
    def _localities(self) -> dict[str, Locality]:
        out = {}
        for code, vi, en, since, (lon, lat), _short, _share in LOCALITIES:
            loc = Locality.objects.filter(code=code).first()
            if loc is None:
                loc = Locality.objects.create(
                    code=code,
                    name_vi=vi,
                    name_en=en,
                    kind=Locality.Kind.CITY,
                    valid_from=since,
                    centre=Point(lon, lat, srid=4326),
                )
            out[code] = loc
        codes = list(out)
        existing = {
            frozenset(p) for p in Partnership.objects.values_list("locality_a_id", "locality_b_id")
        }
        new = []
        for i, a in enumerate(codes):
            for b in codes[i + 1 :]:
                pair = frozenset({out[a].pk, out[b].pk})
                if pair not in existing:
                    new.append(Partnership(locality_a=out[a], locality_b=out[b], basis="bench"))
        Partnership.objects.bulk_create(new)
        return out

    def _organisations(self, n: int) -> None:
        rng = self.rng
        taken = set(Organisation.objects.values_list("locality_id", "name_vi"))
        # Every locality gets at least its heads (party committee, people's committee and its
        # office: the accounts and the agreements need them), whatever its share of `n`;
        # Hanoi takes what is left. `n` >= 12 (the command checks) leaves Hanoi its three.
        per_loc = {code: max(int(n * share), len(HEADS)) for code, *_r, share in LOCALITIES}
        per_loc["01"] = n - sum(v for code, v in per_loc.items() if code != "01")
        rows: list[Organisation] = []
        for code, _vi, en, *_r in LOCALITIES:
            loc = self.localities[code]
            short = next(s for c, *_m, s, _sh in LOCALITIES if c == code)
            names: list[tuple[str, str, str, str]] = []
            for vi, en_t, abbr, kind in HEADS:
                names.append((vi.format(city=short), en_t.format(en=en), abbr, kind))
            for vi, abbr in DEPARTMENTS:
                names.append((f"{vi} {short}", "", abbr, "department"))
            for vi in CENTRES:
                names.append((f"{vi} thành phố {short}", "", "", "sector_body"))
            for vi in PROJECT_BOARDS:
                names.append((f"{vi} thành phố {short}", "", "", "sector_body"))
            wards = WARDS[:]
            rng.shuffle(wards)
            for ward in wards:
                names.append((f"Ủy ban nhân dân phường {ward} ({short})", "", "", "other"))
            k = 1
            while len(names) < 4 * per_loc[code] + 10:
                names.append((f"Ủy ban nhân dân phường {k} ({short})", "", "", "other"))
                k += 1
            made = 0
            for vi, en_name, abbr, kind in names:
                if made == per_loc[code]:
                    break
                if (loc.pk, vi) in taken:
                    continue
                taken.add((loc.pk, vi))
                rows.append(
                    Organisation(
                        locality=loc, name_vi=vi, name_en=en_name, abbreviation=abbr, kind=kind
                    )
                )
                made += 1
        Organisation.objects.bulk_create(rows, batch_size=BATCH)
        self.n_orgs = len(rows)
        current = Organisation.objects.valid_on(self.today).filter(
            locality__in=list(self.localities.values())
        )
        self.orgs_by_loc: dict[int, list[Organisation]] = defaultdict(list)
        for org in current.order_by("pk"):
            self.orgs_by_loc[org.locality_id].append(org)

    def _head(self, loc: Locality, kind: str) -> Organisation:
        head = next((o for o in self.orgs_by_loc[loc.pk] if o.kind == kind), None)
        if head is None:
            raise CommandError(f"{loc.code} has no current organisation of kind {kind}.")
        return head

    def _users(self) -> None:
        password = make_password(PASSWORD)
        users, memberships = [], []
        self.users_by_loc: dict[int, list[User]] = defaultdict(list)
        self.officer_orgs: dict[int, list[Organisation]] = {}
        for code, loc in self.localities.items():
            coordinator = User(
                username=f"{PREFIX}{code}-dieuphoi",
                full_name=f"Điều phối viên {loc.name_vi}",
                email=f"{PREFIX}{code}-dieuphoi@bench.hoptac.local",
                password=password,
            )
            users.append(coordinator)
            memberships.append((coordinator, self._head(loc, "pc_office"), "coordinator"))
            departments = [o for o in self.orgs_by_loc[loc.pk] if o.kind == "department"]
            self.officer_orgs[loc.pk] = departments[:6]
            for i, org in enumerate(departments[:6], start=1):
                officer = User(
                    username=f"{PREFIX}{code}-chuyenvien-{i}",
                    full_name=f"Chuyên viên {i} {org.name_vi}",
                    email=f"{PREFIX}{code}-chuyenvien-{i}@bench.hoptac.local",
                    password=password,
                )
                users.append(officer)
                memberships.append((officer, org, "officer"))
        User.objects.bulk_create(users)
        Membership.objects.bulk_create(
            [Membership(user=u, organisation=o, role=r) for u, o, r in memberships]
        )
        self.n_users = len(users)
        self.users_of_org: dict[int, list[User]] = defaultdict(list)
        for user, org, _role in memberships:
            self.users_by_loc[org.locality_id].append(user)
            self.users_of_org[org.pk].append(user)
