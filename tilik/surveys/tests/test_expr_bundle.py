"""The committed browser bundle of openrosa-xpath-evaluator is the version js/package-lock.json pins,
carries its licence, needs no eval (CSP), and expr.js offers the same functions as the server."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tilik.surveys.expr import FUNCTIONS

ROOT = Path(__file__).resolve().parents[3]
BUNDLE = ROOT / "tilik" / "static" / "vendor" / "openrosa-xpath" / "openrosa-xpath.js"
WRAPPER = ROOT / "tilik" / "surveys" / "static" / "surveys" / "expr.js"
PACKAGE = "openrosa-xpath-evaluator"


def test_bundle_version_is_the_locked_version() -> None:
    lock = json.loads((ROOT / "js" / "package-lock.json").read_text(encoding="utf-8"))
    locked = lock["packages"][f"node_modules/{PACKAGE}"]["version"]
    pinned = json.loads((ROOT / "js" / "package.json").read_text(encoding="utf-8"))["devDependencies"][PACKAGE]
    banner = BUNDLE.read_text(encoding="utf-8").splitlines()[0]
    recorded = re.search(rf"{PACKAGE}@(\S+)", banner)
    assert recorded, banner
    assert recorded.group(1) == locked == pinned


def test_bundle_carries_its_licence_and_needs_no_eval() -> None:
    assert "Apache License" in (BUNDLE.parent / "LICENSE").read_text(encoding="utf-8")
    for path in (BUNDLE, WRAPPER):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\beval\(|new Function\(|setTimeout\(\s*['\"]", text), path


def test_browser_and_server_offer_the_same_functions() -> None:
    text = WRAPPER.read_text(encoding="utf-8")
    block = text[text.index("var ARITY = {") : text.index("};", text.index("var ARITY = {"))]
    names = set(re.findall(r"'?([a-z][a-z-]*)'?: \[", block))
    assert names == set(FUNCTIONS)
