"""What the programme actions share: the permission check that refuses with a message."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from hoptac.core.models import User


def require_perm(user: User, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this for this task."))
