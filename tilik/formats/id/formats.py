"""Indonesian formats: Django's, with dates written out in full (28 November 2026)."""

from django.conf.locale.id.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H.i"
