"""The core's part of the demo: fields, localities, the partnership, organisations, counterparts
and accounts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.gis.geos import Point

from ..models import (
    CooperationField,
    CounterpartLink,
    Locality,
    Membership,
    Organisation,
    Partnership,
    User,
)
from .accounts import ACCOUNT_PREFIX, ACCOUNTS, DEMO_PASSWORD
from .cities import COUNTERPARTS, ORGANISATIONS
from .fields import field_vocabulary
from .loading import register_loader, sync
from .localities import LOCALITIES

NOTICE_DAY = dt.date(2019, 8, 20)


def _load_core(log: Callable[[str], None]) -> None:
    for row in field_vocabulary():
        sync(
            CooperationField, {"code": row["code"]}, **{k: v for k, v in row.items() if k != "code"}
        )

    localities: dict[str, Locality] = {}
    for code, vi, en, kind, start, end, _succ, basis, (lon, lat) in LOCALITIES:
        localities[code] = sync(
            Locality,
            {"code": code},
            name_vi=vi,
            name_en=en,
            kind=kind,
            valid_from=start,
            valid_to=end,
            change_basis=basis,
            centre=Point(lon, lat, srid=4326),
        )
    for code, *_rest, succ, _basis, _c in LOCALITIES:
        sync(Locality, {"code": code}, successor=localities[succ] if succ else None)
    sync(
        Partnership,
        {"locality_a": localities["01"], "locality_b": localities["48"]},
        since=NOTICE_DAY,
        basis="Thông báo số 2138-TB/TU ngày 20/8/2019 của Thành ủy Hà Nội",
    )

    orgs: dict[str, Organisation] = {}
    for code, rows in ORGANISATIONS.items():
        for key, vi, en, abbr, kind, _parent, start, end, _succ in rows:
            orgs[f"{code}:{key}"] = sync(
                Organisation,
                {"locality": localities[code], "name_vi": vi},
                name_en=en,
                abbreviation=abbr,
                kind=kind,
                valid_from=start,
                valid_to=end,
            )
    for code, rows in ORGANISATIONS.items():
        for key, *_mid, parent, _start, _end, succ in rows:
            successor = None
            if succ:
                successor = orgs[succ if ":" in succ else f"{code}:{succ}"]
            sync(
                Organisation,
                {"pk": orgs[f"{code}:{key}"].pk},
                parent=orgs[f"{code}:{parent}"] if parent else None,
                successor=successor,
            )

    fields = {f.code: f for f in CooperationField.objects.all()}
    for field_code, (hn, dn) in COUNTERPARTS.items():
        sync(
            CounterpartLink,
            {
                "organisation_a": orgs[f"01:{hn}"],
                "organisation_b": orgs[f"48:{dn}"],
                "field": fields[field_code],
            },
        )

    for code, accounts in ACCOUNTS.items():
        for suffix, role, org_key, name, title in accounts:
            username = f"{ACCOUNT_PREFIX[code]}-{suffix}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username)
                user.set_password(DEMO_PASSWORD)
            values = {
                "full_name": name,
                "job_title": title,
                "email": f"{username}@demo.hoptac.local",
                "is_staff": role == "admin",
            }
            changed = [k for k, v in values.items() if getattr(user, k) != v]
            if changed or user.pk is None:
                for k, v in values.items():
                    setattr(user, k, v)
                user.save()
            sync(
                Membership, {"user": user, "organisation": orgs[f"{code}:{org_key}"], "role": role}
            )
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser(
            "admin", "admin@demo.hoptac.local", DEMO_PASSWORD, full_name="Quản trị viên hệ thống"
        )
    log(
        f"core: {Locality.objects.count()} localities, {Organisation.objects.count()} organisations, "
        f"{CounterpartLink.objects.count()} counterpart links, {User.objects.count()} accounts"
    )


register_loader(0, "core", _load_core)
