"""One runner per subcommand: pick and check the columns, then call `analysis`.

`analysis` is imported inside each runner so that `--help` and input errors
stay fast and a module that is not installed yet fails with a clear message.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tilik.analyze import validate as v
from tilik.analyze.io import Table
from tilik.analyze.messages import InputError, Note


@dataclass
class Run:
    kind: str  # "estimate", "prepost", "reliability" or "ikm"
    result: Any
    rows_used: int
    notes: list[Note] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # role -> column, for the summary


def _attr(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(f"analysis.{module}"), name)
    except (ImportError, AttributeError) as exc:
        raise InputError("analysis_missing", module=f"analysis.{module}.{name}", detail=str(exc)) from exc


def _analysis(module: str, name: str) -> Callable[..., Any]:
    func: Callable[..., Any] = _attr(module, name)

    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ValueError as exc:  # analysis/ reports bad input as ValueError with an Indonesian message
            raise InputError("analysis", detail=str(exc)) from exc

    return call


def _covariate(frame: pd.DataFrame, column: str) -> pd.Series:
    """Numbers; or ya/tidak-style 0/1; or, when no cell is a number, categories (analysis makes dummies).
    A mostly-numeric column with a stray word is a typo and is reported with its row."""
    try:
        return v.numeric(frame, column)
    except InputError as numeric_error:
        try:
            return v.binary(frame, column)
        except InputError:
            pass
        if all(v.parse_number(x) is None for x in frame[column] if x is not None):
            return v.text(frame, column)
        raise numeric_error from None


def _outcome(frame: pd.DataFrame, column: str) -> pd.Series:
    """Numbers, or a ya/tidak outcome read as 0/1 (a linear probability model)."""
    try:
        return v.numeric(frame, column)
    except InputError as numeric_error:
        try:
            return v.binary(frame, column)
        except InputError:
            raise numeric_error from None


def _se_choice(args: argparse.Namespace, frame: pd.DataFrame, notes: list[Note]) -> tuple[str, str | None]:
    se: str | None = args.se
    cluster = v.resolve(frame, args.cluster) if args.cluster else None
    if se is None:
        se = "cluster" if cluster else "classical"
        if cluster:
            notes.append(Note("cluster_implied"))
    if se == "cluster" and cluster is None:
        raise InputError("cluster_needed")
    if se != "cluster" and cluster is not None:
        notes.append(Note("cluster_ignored", se=se))
        cluster = None
    return se, cluster


def _regression_frame(
    table: Table,
    roles: dict[str, tuple[str, str]],
    covariates: list[str],
    cluster: str | None,
    notes: list[Note],
) -> tuple[pd.DataFrame, dict[str, str], tuple[str, ...]]:
    """roles: role -> (column as typed, parser kind); returns the complete-case frame, role -> column
    and the resolved covariate names."""
    frame = table.frame
    names = {role: v.resolve(frame, col) for role, (col, _) in roles.items()}
    covs = [v.resolve(frame, c) for c in covariates]
    v.distinct([*names.values(), *covs, *([cluster] if cluster else [])])
    parsers = {"outcome": _outcome, "binary": v.binary, "key": v.key}
    columns = {names[role]: parsers[kind](frame, names[role]) for role, (_, kind) in roles.items()}
    columns.update({c: _covariate(frame, c) for c in covs})
    if cluster:
        columns[cluster] = v.key(frame, cluster)
    data = v.complete(pd.DataFrame(columns), notes)
    labels = {**names, "covariates": ", ".join(covs)}
    if cluster:
        labels["cluster"] = cluster
    return data, labels, tuple(covs)


def run_effect(args: argparse.Namespace, table: Table) -> Run:
    notes: list[Note] = []
    se, cluster = _se_choice(args, table.frame, notes)
    covs = v.split_list(args.covariates, "--covariates")
    roles = {"outcome": (args.outcome, "outcome"), "treatment": (args.treatment, "binary")}
    data, labels, covariates = _regression_frame(table, roles, covs, cluster, notes)
    v.groups(data[labels["treatment"]], labels["treatment"])
    effect = _analysis("regression", "effect")
    result = effect(
        data,
        outcome=labels["outcome"],
        treatment=labels["treatment"],
        covariates=covariates,
        se=se,
        cluster=cluster,
    )
    return Run("estimate", result, len(data), notes, labels)


def run_did(args: argparse.Namespace, table: Table) -> Run:
    notes: list[Note] = []
    se, cluster = _se_choice(args, table.frame, notes)
    covs = v.split_list(args.covariates, "--covariates")
    roles = {
        "outcome": (args.outcome, "outcome"),
        "group": (args.group, "binary"),
        "post": (args.post, "binary"),
    }
    data, labels, covariates = _regression_frame(table, roles, covs, cluster, notes)
    group, post = labels["group"], labels["post"]
    v.groups(data[group], group)
    v.groups(data[post], post)
    v.cells(data[group], data[post], (group, post))
    did = _analysis("regression", "did")
    result = did(
        data, outcome=labels["outcome"], group=group, post=post, covariates=covariates, se=se, cluster=cluster
    )
    return Run("estimate", result, len(data), notes, labels)


def run_panel(args: argparse.Namespace, table: Table) -> Run:
    notes: list[Note] = []
    covs = v.split_list(args.covariates, "--covariates")
    roles = {
        "outcome": (args.outcome, "outcome"),
        "treatment": (args.treatment, "binary"),
        "unit": (args.unit, "key"),
        "period": (args.period, "key"),
    }
    data, labels, covariates = _regression_frame(table, roles, covs, None, notes)
    v.groups(data[labels["treatment"]], labels["treatment"])
    v.unique_pairs(data[labels["unit"]], data[labels["period"]])
    twfe = _analysis("panel", "twfe")
    result = twfe(
        data,
        outcome=labels["outcome"],
        treatment=labels["treatment"],
        unit=labels["unit"],
        period=labels["period"],
        covariates=covariates,
        se=args.se or "cluster",
    )
    labels["se"] = args.se or "cluster"
    return Run("estimate", result, len(data), notes, labels)


def run_prepost(args: argparse.Namespace, table: Table) -> Run:
    notes: list[Note] = []
    frame = table.frame
    pre, post = v.resolve(frame, args.pre), v.resolve(frame, args.post)
    v.distinct([pre, post])
    data = v.complete(pd.DataFrame({pre: v.numeric(frame, pre), post: v.numeric(frame, post)}), notes)
    v.at_least(data, 2)
    prepost = _analysis("learning", "prepost")
    result = prepost(data[pre], data[post], pass_mark=args.pass_mark, max_score=args.max_score)
    return Run("prepost", result, len(data), notes, {"pre": pre, "post": post})


def run_reliability(args: argparse.Namespace, table: Table) -> Run:
    notes: list[Note] = []
    frame = table.frame
    items = [v.resolve(frame, c) for c in v.split_list(args.items, "--items")]
    reverse = [v.resolve(frame, c) for c in v.split_list(args.reverse, "--reverse")]
    v.distinct(items)
    for col in reverse:
        if col not in items:
            raise InputError("reverse_not_item", column=col)
    low, high = args.min, args.max
    if low is not None and high is not None and low >= high:
        raise InputError("bad_range", low=low, high=high)
    if reverse and (low is None or high is None):
        raise InputError("reverse_needs_range")
    data = pd.DataFrame({c: v.numeric(frame, c) for c in items})
    for col in items:
        v.in_range(data[col], col, low, high)
    note_key = "missing_listwise" if args.missing == "listwise" else "missing_pairwise"
    data = v.partial_missing(data, note_key, notes)
    v.at_least(data, 2)
    alpha = _analysis("reliability", "cronbach_alpha")
    result = alpha(
        data, items=items, reverse=tuple(reverse), scale_min=low, scale_max=high, missing=args.missing
    )
    used = len(data.dropna()) if args.missing == "listwise" else len(data)
    return Run("reliability", result, used, notes, {"items": ", ".join(items)})


def _unsur_columns(frame: pd.DataFrame, entries: list[str], names: dict[str, str]) -> dict[str, str]:
    """code -> column. 'U8=Pengaduan' maps explicitly; otherwise the column's name must be a code
    or an official unsur name, because unsur are matched by code, never by position."""
    by_name = {name.casefold(): code for code, name in names.items()} | {c.casefold(): c for c in names}
    mapping: dict[str, str] = {}
    for entry in entries:
        code, sep, column = entry.partition("=")
        column = v.resolve(frame, column.strip() if sep else entry)
        code = code.strip().upper() if sep else by_name.get(column.casefold(), "")
        if code not in names:
            raise InputError("unsur_code", column=column)
        if code in mapping:
            raise InputError("column_reused", column=code)
        mapping[code] = column
    v.distinct(list(mapping.values()))
    return mapping


def run_ikm(args: argparse.Namespace, table: Table) -> Run:
    notes: list[Note] = []
    frame = table.frame
    names: dict[str, str] = _attr("ikm", "UNSUR")
    entries = v.split_list(args.unsur, "--unsur") if args.unsur is not None else list(names)
    mapping = _unsur_columns(frame, entries, names)
    data = pd.DataFrame({code: v.numeric(frame, col) for code, col in mapping.items()})
    for code, col in mapping.items():
        v.ikm_answers(data[code], col)
    data = v.partial_missing(data.rename(columns=mapping), "missing_ikm", notes).rename(
        columns={col: code for code, col in mapping.items()}
    )
    v.at_least(data, 1)
    ikm = _analysis("ikm", "ikm")
    result = ikm(data, unsur=tuple(mapping))
    return Run("ikm", result, len(data), notes, {code: col for code, col in mapping.items()})


RUNNERS: dict[str, Callable[[argparse.Namespace, Table], Run]] = {
    "effect": run_effect,
    "did": run_did,
    "panel": run_panel,
    "prepost": run_prepost,
    "reliability": run_reliability,
    "ikm": run_ikm,
}
