"""Result types shared by every estimator.

Every estimator returns a frozen dataclass that carries the estimate, its
uncertainty, n, the method name, a plain-language interpretation in
Indonesian and English, and warnings. ``to_dict`` gives the JSON form that
the CLI prints and that stored evaluation runs keep.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from analysis import __version__

# The fields every interpreted result ends with; to_dict keeps them last, as before the base class.
_RESULT_TAIL = ("interpretation_id", "interpretation_en", "warnings")


@dataclass(frozen=True, kw_only=True)
class Result:
    """Base of the result dataclasses: a plain-language interpretation (id/en), warnings, ``to_dict``."""

    interpretation_id: str = ""
    interpretation_en: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return dict(to_jsonable(self))


@dataclass(frozen=True)
class Coefficient:
    """One regressor's estimate and standard error."""

    estimate: float
    se: float
    p_value: float | None = None


@dataclass(frozen=True)
class Estimate:
    """A treatment effect (or any single headline estimate) with inference."""

    method: str
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    n: int
    interpretation_id: str = ""
    interpretation_en: str = ""
    warnings: tuple[str, ...] = ()
    coefficients: Mapping[str, Coefficient] = field(default_factory=dict)
    params: Mapping[str, Any] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def significant(self) -> bool:
        return self.p_value < 0.05

    def to_dict(self) -> dict[str, Any]:
        return dict(to_jsonable(self))


def to_jsonable(obj: Any) -> Any:
    """Turn result dataclasses (nested) into JSON-ready values; NaN -> None."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        names = [f.name for f in dataclasses.fields(obj)]
        if isinstance(obj, Result):  # inherited fields come first in fields(); keep them last
            names = [n for n in names if n not in _RESULT_TAIL] + list(_RESULT_TAIL)
        out = {name: to_jsonable(getattr(obj, name)) for name in names}
        out["analysis_version"] = __version__
        return out
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, float):
        return None if math.isnan(obj) or math.isinf(obj) else obj
    if hasattr(obj, "item") and callable(obj.item):  # numpy scalar
        return to_jsonable(obj.item())
    return obj
