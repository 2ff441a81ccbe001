"""Django's own strings whose Vietnamese we word better; listed so that makemessages keeps them.

Our catalogue (LOCALE_PATHS) takes precedence over Django's.
"""

from django.utils.translation import gettext_noop

OVERRIDES = [
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be "
        "case-sensitive."
    ),
    gettext_noop("Site administration"),
    # Django's vi catalogue leaves this one (ProhibitNullCharactersValidator) in English.
    gettext_noop("Null characters are not allowed."),
]
