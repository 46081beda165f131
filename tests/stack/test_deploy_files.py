"""deploy/ stays in step with the settings: every environment variable is in the env template, nginx
accepts the largest upload Tilik does, and the full TLS site passes `nginx -t`."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"


def settings_variables() -> set[str]:
    names: set[str] = set()
    for module in ("base.py", "prod.py"):
        source = (ROOT / "tilik" / "settings" / module).read_text()
        names |= set(re.findall(r'(?:environ\.get|env_bool|env_list)\(\s*"([A-Z0-9_]+)"', source))
    # TILIK_RETENTION_<KEY> is read for every retention key.
    names |= {f"TILIK_RETENTION_{key.upper()}" for key in settings.TILIK_RETENTION_DAYS}
    return names


def test_env_template_lists_every_setting() -> None:
    template = (DEPLOY / "tilik.env.example").read_text()
    listed = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", template, flags=re.MULTILINE))
    assert len(settings_variables()) > 40
    assert settings_variables() - listed == set()
    assert "DJANGO_SETTINGS_MODULE=tilik.settings.prod" in template.splitlines()  # `tilik` defaults to dev


def _nginx_size(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kmg]?)", value.lower()).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit]


def test_nginx_body_limit_above_every_upload_limit() -> None:
    common = (DEPLOY / "nginx" / "tilik-common.conf").read_text()
    limit = _nginx_size(re.search(r"^client_max_body_size\s+(\S+);", common, flags=re.MULTILINE).group(1))
    upload_limits = {
        name: getattr(settings, name) for name in dir(settings) if re.fullmatch(r"TILIK_\w+_MAX_BYTES", name)
    }
    assert len(upload_limits) >= 5
    assert all(limit > value for value in upload_limits.values()), (limit, upload_limits)


@pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx missing (scripts/bootstrap.sh --system installs it)")
@pytest.mark.skipif(not Path(OPENSSL).exists(), reason="openssl missing")
def test_full_site_passes_nginx_t(tmp_path: Path) -> None:
    subprocess.run(  # noqa: S603
        [
            OPENSSL,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=tilik.test",
            "-keyout",
            str(tmp_path / "privkey.pem"),
            "-out",
            str(tmp_path / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )
    (tmp_path / "tilik-common.conf").write_text((DEPLOY / "nginx" / "tilik-common.conf").read_text())
    site = (DEPLOY / "nginx" / "tilik.conf").read_text()
    site = site.replace("/etc/ssl/tilik/", f"{tmp_path}/").replace("/etc/nginx/snippets/", f"{tmp_path}/")
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    assert str(tmp_path) in site and "ssl_certificate" in site
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nevents {{}}\n"
        f"http {{ include /etc/nginx/mime.types; include {tmp_path}/site.conf; }}\n"
    )
    result = subprocess.run(  # noqa: S603
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


SYSTEMD_ANALYZE = shutil.which("systemd-analyze") or "/usr/bin/systemd-analyze"


@pytest.mark.skipif(not Path(SYSTEMD_ANALYZE).exists(), reason="systemd-analyze missing")
def test_systemd_units_verify(tmp_path: Path) -> None:
    # The units name /srv/tilik; here the checkout stands in, so the commands they start exist.
    units = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        (tmp_path / unit.name).write_text(unit.read_text().replace("/srv/tilik", str(ROOT)))
        units.append(str(tmp_path / unit.name).replace("@.service", "@2.service"))
        if "@" in unit.name:
            (tmp_path / unit.name.replace("@", "@2")).symlink_to(tmp_path / unit.name)
    result = subprocess.run(  # noqa: S603
        [SYSTEMD_ANALYZE, "verify", "--man=no", *units], capture_output=True, text=True, cwd=tmp_path
    )
    assert len(units) == 9
    assert (result.returncode, result.stderr) == (0, "")
