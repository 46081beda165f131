"""gunicorn for Tilik (deploy/systemd/tilik-web.service: `gunicorn -c /srv/tilik/deploy/gunicorn.conf.py`).

Every value can be overridden from /etc/tilik/tilik.env (GUNICORN_*), so the file itself stays as shipped.
"""

import multiprocessing
import os

wsgi_app = "tilik.wsgi:application"
# Only nginx talks to gunicorn, over a unix socket (systemd's RuntimeDirectory=tilik creates /run/tilik).
bind = os.environ.get("GUNICORN_BIND", "unix:/run/tilik/gunicorn.sock").split(",")
# Sync workers: 2 per core + 1 is gunicorn's rule for a CPU-bound app whose requests wait on PostgreSQL.
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * multiprocessing.cpu_count() + 1)))
# A request may take this long (import previews of large sheets); reports and mail run in `tilik worker`.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter), so a slow leak cannot grow for weeks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# X-Forwarded-Proto (https) is believed from nginx on the socket or loopback only. The client address is
# Tilik's business (TILIK_TRUSTED_PROXIES), not gunicorn's.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# nginx keeps the access log (deploy/nginx/tilik.conf, survey tokens masked); gunicorn logs errors to
# journald through stderr: `journalctl -u tilik-web`. GUNICORN_ACCESSLOG=- adds its own access lines.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Applies only while gunicorn creates its unix socket: the socket is open to all, and the directory
# guards it (/run/tilik: owner tilik, group www-data, 0750 — tilik-web.service), so nginx can connect and no
# other account can. Files Tilik writes get the service's UMask=0007.
umask = 0o000
# gunicorn ≥ 24 opens a control socket in ~/.gunicorn/ by default; the tilik user's home (/srv/tilik) is
# read-only to the service (ProtectSystem=strict), so it failed at every start. Nothing uses it: reload
# with `systemctl reload tilik-web` (HUP).
control_socket_disable = True
