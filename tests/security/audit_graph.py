"""A static call graph over the tilik/ package: which functions write the database, which reach the audit log.

Used by test_audit_coverage.py. Functions are named ``module.function`` or ``module.Class.method``.
A call is resolved through the module's imports (``from x import f``, ``from x import mod`` then
``mod.f``, ``self.f`` within a class); a function passed as an argument counts as called. "Writes" means
an ORM write (``.save()``, ``.delete()``, ``.create(...)``, ``bulk_*``, ``get_or_create``,
``update_or_create``, ``<queryset>.update(...)``) in the function or in anything it calls inside the
package; "audits" means it reaches ``audit_record`` or ``audit_export``. The check is path-insensitive:
it proves a function *can* reach the audit log, not that every branch does (the dynamic tests add that).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AUDIT_RECORD = "tilik.core.audit.audit_record"
AUDIT_EXPORT = "tilik.core.audit.audit_export"
_ALWAYS_WRITES = {"save", "delete", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
_QUERYSET_WRITES = {"update"}  # dict.update and set.update are not writes: only on a manager or a queryset
_QUERYSET_SOURCES = {"objects", "filter", "exclude", "all", "select_for_update", "order_by", "_base_manager"}
# Non-ORM objects whose .save() writes a file, not the database (openpyxl, python-docx).
_FILE_SAVERS = {"book", "workbook", "wb", "document", "doc", "docx"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _receiver_is_queryset(node: ast.expr) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr in _QUERYSET_SOURCES
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in _QUERYSET_SOURCES
    return False


def is_orm_write(call: ast.Call) -> bool:
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr in _QUERYSET_WRITES:
        return _receiver_is_queryset(func.value)
    if func.attr == "save" and isinstance(func.value, ast.Name) and func.value.id in _FILE_SAVERS:
        return False
    return func.attr in _ALWAYS_WRITES


class Module:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = module_name(path)
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        package = self.name if path.name == "__init__.py" else self.name.rpartition(".")[0]
        self.aliases: dict[str, str] = {}
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - node.level + 1]
                    base = ".".join(parts + ([node.module] if node.module else []))
                for alias in node.names:
                    self.aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    self.aliases[alias.asname or alias.name.split(".")[0]] = (
                        alias.name if alias.asname else alias.name.split(".")[0]
                    )
        self.functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        for node in self.tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.functions[node.name] = node
            elif isinstance(node, ast.ClassDef):
                for sub in node.body:
                    if isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef):
                        self.functions[f"{node.name}.{sub.name}"] = sub

    def resolve(self, node: ast.expr, cls: str | None) -> str | None:
        if isinstance(node, ast.Name):
            if node.id in self.functions:
                return f"{self.name}.{node.id}"
            return self.aliases.get(node.id)
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id == "self" and cls:
                return f"{self.name}.{cls}.{node.attr}"
            inner = self.resolve(node.value, cls)
            return f"{inner}.{node.attr}" if inner else None
        return None


@dataclass
class Graph:
    modules: dict[str, Module]
    calls: dict[str, set[str]]
    writes: set[str]
    audits: set[str]
    exports: set[str]


def _closure(calls: dict[str, set[str]], seeds: set[str]) -> set[str]:
    reached = set(seeds)
    changed = True
    while changed:
        changed = False
        for name, callees in calls.items():
            if name not in reached and callees & reached:
                reached.add(name)
                changed = True
    return reached


def build(package: str = "tilik") -> Graph:
    modules = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        module = Module(path)
        modules[module.name] = module
    calls: dict[str, set[str]] = {}
    direct_writes: set[str] = set()
    for module in modules.values():
        for fname, node in module.functions.items():
            qualified = f"{module.name}.{fname}"
            cls = fname.partition(".")[0] if "." in fname else None
            callees: set[str] = set()
            for sub in ast.walk(node):
                if not isinstance(sub, ast.Call):
                    continue
                if is_orm_write(sub):
                    direct_writes.add(qualified)
                for target in (sub.func, *sub.args):
                    if isinstance(target, ast.Name | ast.Attribute) and (found := module.resolve(target, cls)):
                        callees.add(found)
            calls[qualified] = callees

    def canonical(name: str, seen: frozenset[str] = frozenset()) -> str:
        # "pkg.services.f" imported into "pkg.views" is known there as "pkg.views.f": follow re-exports.
        if name in calls or name in seen:
            return name
        owner, _dot, attr = name.rpartition(".")
        module = modules.get(owner)
        if module is not None and attr in module.aliases:
            return canonical(module.aliases[attr], seen | {name})
        return name

    calls = {name: {canonical(c) for c in callees} for name, callees in calls.items()}
    audits = _closure(calls, {n for n, c in calls.items() if c & {AUDIT_RECORD, AUDIT_EXPORT}})
    exports = _closure(calls, {n for n, c in calls.items() if AUDIT_EXPORT in c})
    writes = _closure(calls, direct_writes)
    return Graph(modules=modules, calls=calls, writes=writes, audits=audits, exports=exports)
