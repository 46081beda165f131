"""Level 3 beside Level 4: 360° behaviour ratings before and after training, for the same participants.

Reads the surveys app (its public selectors and models; the surveys app itself is not changed). A
wave counts when it is a rahasia 360° wave (ratings carry the ratee's pseudonymous key) of an offering
of the plan's programmes: "before" when it opened before the offering started, "after" when it opened
after the offering ended. For each rater group the ratee's mean over every Likert item is paired by
key (several rekan of one alumnus are averaged first), and analysis.learning.prepost compares them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _

from analysis.learning import prepost
from analysis.likert import scale_scores
from tilik.evaluations.models import EvaluationPlan
from tilik.surveys.choices import Anonymity, QuestionType, RaterGroup
from tilik.surveys.models import Wave
from tilik.surveys.selectors.raters import is_360
from tilik.surveys.selectors.results import responses_frame

MIN_PAIRS_OK = 5  # below this a paired comparison is shown with a warning


@dataclass
class GroupChange:
    group: str
    label: str
    n: int
    mean_before: float | None = None
    mean_after: float | None = None
    change: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    note: str = ""


@dataclass
class Level3:
    """``groups`` empty means not measured (no 360° wave before and after for these participants)."""

    waves_before: int = 0
    waves_after: int = 0
    groups: list[GroupChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def measured(self) -> bool:
        return any(g.change is not None for g in self.groups)


def _waves(plan: EvaluationPlan) -> tuple[list[Wave], list[Wave]]:
    candidates = Wave.objects.filter(
        offering__program__in=plan.programs.all(), anonymity=Anonymity.RAHASIA
    ).select_related("offering", "version")
    before, after = [], []
    for wave in candidates:
        if not is_360(wave) or wave.offering is None:
            continue
        opened = wave.opens_at.date()
        if opened < wave.offering.start_date:
            before.append(wave)
        elif opened >= wave.offering.end_date:
            after.append(wave)
    return before, after


def _ratee_means(waves: list[Wave]) -> pd.DataFrame:
    """Mean Likert score per (ratee key, rater group) over the waves: columns key, group, score."""
    parts = []
    for wave in waves:
        frame, questions = responses_frame(wave)
        likert = [q for q in questions if q.qtype == QuestionType.LIKERT and q.code in frame]
        if frame.empty or not likert:
            continue
        codes = [q.code for q in likert]
        data = frame[codes].apply(pd.to_numeric, errors="coerce")
        points = max(int(q.scale_points or 5) for q in likert)
        reverse = [q.code for q in likert if q.reverse_keyed]
        score = scale_scores(data, codes, reverse=reverse, scale_min=1, scale_max=points)
        parts.append(pd.DataFrame({"key": frame["kunci_peserta"], "group": frame["kelompok_penilai"], "score": score}))
    if not parts:
        return pd.DataFrame(columns=["key", "group", "score"])
    rows = pd.concat(parts, ignore_index=True)
    rows = rows[(rows["key"] != "") & rows["score"].notna()]
    return rows.groupby(["key", "group"])["score"].mean().reset_index()


def level3_for_plan(plan: EvaluationPlan) -> Level3:
    """Before/after 360° ratings per rater group for participants rated both times."""
    before_waves, after_waves = _waves(plan)
    out = Level3(waves_before=len(before_waves), waves_after=len(after_waves))
    if not before_waves or not after_waves:
        return out
    before, after = _ratee_means(before_waves), _ratee_means(after_waves)
    labels = dict(RaterGroup.choices)
    for group in RaterGroup.values:
        pre = before[before["group"] == group].set_index("key")["score"]
        post = after[after["group"] == group].set_index("key")["score"]
        if pre.empty and post.empty:
            continue
        same = pre.index.intersection(post.index)
        row = GroupChange(group=group, label=str(labels[group]), n=len(same))
        if len(same) < 2:
            row.note = _("Tidak ada penilaian sebelum dan sesudah untuk peserta yang sama.")
            out.groups.append(row)
            continue
        try:
            result: Any = prepost(pre.loc[same].to_numpy(), post.loc[same].to_numpy())
        except ValueError as exc:
            row.note = str(exc)
        else:
            row.mean_before, row.mean_after = result.mean_pre, result.mean_post
            row.change, row.ci_low, row.ci_high = result.mean_diff, result.ci_low, result.ci_high
            row.p_value = result.p_value
            if row.n < MIN_PAIRS_OK:
                out.warnings.append(
                    _("%(g)s: hanya %(n)s peserta dinilai sebelum dan sesudah; tafsirkan dengan hati-hati.")
                    % {"g": row.label, "n": row.n}
                )
        out.groups.append(row)
    return out
