"""Corrections of Django's own Indonesian catalogue, kept in tilik/locale/id (which takes precedence).

Django 5.2's Indonesian translation of the unique-constraint message says the object does *not*
exist ("... ini tidak ada") where the English says it already exists; every duplicate (an ASN
enrolled twice in one angkatan, a second angkatan with the same number) printed the opposite of
the truth. Naming the msgid here keeps it in our catalogue when makemessages runs; its Indonesian
text is in tilik/locale/id/LC_MESSAGES/django.po ("%(model_name)s dengan %(field_labels)s ini sudah ada.").
"""

from django.utils.translation import gettext_noop

DJANGO_MSGIDS = (
    gettext_noop("%(model_name)s with this %(field_labels)s already exists."),
)
