"""`make lint` step: pip-audit of the pinned dependencies in constraints.txt.

    python -m tilik.core.security.dependency_audit [constraints.txt]

pip-audit needs the package index's advisory API. When it cannot be reached, pip-audit reports every
package as "could not be audited" and then "No known vulnerabilities found", which would be a false
all-clear; this wrapper says "skipped: no network" instead and exits 0. Known vulnerabilities exit 1.
Runs without Django (plain subprocess + json).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def audit(requirements: Path) -> int:
    pip_audit = Path(sys.executable).with_name("pip-audit")
    args = [str(pip_audit), "-r", str(requirements), "--no-deps", "--disable-pip"]
    args += ["--progress-spinner", "off", "--timeout", "15", "-f", "json"]
    try:
        result = subprocess.run(args, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
    except (OSError, subprocess.TimeoutExpired) as exc:
        print(f"pip-audit: skipped: no network or pip-audit unavailable ({exc})")
        return 0
    try:
        report = json.loads(result.stdout or "{}")
    except json.JSONDecodeError:
        report = {}
    deps = report.get("dependencies", [])
    if not deps:
        tail = (result.stderr or "").strip().splitlines()[-1:] or ["no output"]
        print(f"pip-audit: skipped: no network (the advisory service did not answer: {tail[0]})")
        return 0
    skipped = [d for d in deps if d.get("skip_reason")]
    audited = [d for d in deps if not d.get("skip_reason")]
    if not audited:
        print(f"pip-audit: skipped: no network (none of the {len(deps)} pinned packages could be looked up)")
        return 0
    vulnerable = [d for d in audited if d.get("vulns")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "belum ada"
            print(f"  {dep['name']} {dep['version']}: {vuln['id']} (perbaikan: {fixed})")
    if skipped:
        print(f"pip-audit: {len(skipped)} of {len(deps)} packages could not be audited (not on the index)")
    if vulnerable:
        print(f"pip-audit: {len(vulnerable)} vulnerable package(s) among {len(audited)} audited")
        return 1
    print(f"pip-audit: no known vulnerabilities in {len(audited)} audited packages")
    return 0


if __name__ == "__main__":
    sys.exit(audit(Path(sys.argv[1] if len(sys.argv) > 1 else "constraints.txt")))
