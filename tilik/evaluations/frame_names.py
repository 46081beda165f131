"""The names users know for the estimation frame's columns, and the rewrite of analysis/ texts that quote them.

analysis/ is pure and names the columns it was given, always quoted ('value', 'golongan=III' for a dummy);
the frame's columns are ours (selectors.analysis_frame, entity_summary, employee_attributes), so every
interpretation, warning and error an estimator returns is rewritten here before anyone reads it.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from tilik.evaluations.models import MATCH_CHOICES

# A quoted identifier, or dummy 'column=level'; an apostrophe inside a name (Sant'Anna) is not a quote.
QUOTED = re.compile(r"'([A-Za-z_]\w*(?:=[^'\n]*)?)'")


def column_labels(outcome_label: str) -> dict[str, str]:
    """Frame column -> the words a reader knows (the indicator by its own name)."""
    return {
        **{key: str(label) for key, label in MATCH_CHOICES},
        "value": outcome_label,
        "change": _("perubahan %(ind)s") % {"ind": outcome_label},
        "baseline": _("nilai awal %(ind)s") % {"ind": outcome_label},
        "d": _("sesudah pelatihan"),
        "treated": _("peserta pelatihan"),
        "entity": _("pegawai atau unit"),
        "period": _("periode"),
        "first_treated": _("periode mulai pelatihan"),
    }


def label_of(column: str, labels: dict[str, str]) -> str:
    """A frame column (or dummy "column=level") by its label; an unknown name as it is."""
    base, eq, level = column.partition("=")
    if base not in labels:
        return column
    return f"{labels[base]} {level}" if eq else labels[base]


def readable(text: str, labels: dict[str, str]) -> str:
    """Each quoted frame column in ``text`` by its label, still quoted ('Waktu registrasi'); other quotes stay."""
    return QUOTED.sub(lambda m: f"'{label_of(m.group(1), labels)}'", text)
