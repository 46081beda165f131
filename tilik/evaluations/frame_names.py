"""The names users know for the estimation frame's columns, and the rewrite of analysis/ texts that quote them.

analysis/ is pure and names the columns it was given, always quoted ('value', 'golongan=III' for a dummy);
the frame's columns are ours (selectors.analysis_frame, entity_summary, employee_attributes), so every
interpretation, warning and error an estimator returns is rewritten here before anyone reads it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from tilik.core.frame_labels import label_of, readable
from tilik.evaluations.models import MATCH_CHOICES

__all__ = ["column_labels", "label_of", "readable"]


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
