"""Settings shared by every environment. Every environment variable is read here."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("TILIK_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tilik.sqlite3'}"),
        # Persistent connections (seconds): a new PostgreSQL connection per request costs more CPU
        # than a survey submission, and the statements tilik.core.rawsql prepares live per connection.
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg prepares a statement on its first use, but only for server-binding cursors: Django's own
    # (client-binding) cursors never prepare; tilik.core.rawsql's hot-path cursor does.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a survey submission writes; "timeout" is SQLite's busy timeout (seconds a
    # writer waits for the lock). IMMEDIATE takes the write lock at BEGIN: a deferred transaction that read
    # first fails at once with "database is locked" when another writer committed meanwhile (SQLite cannot
    # wait there), which 2 of 20 concurrent submissions of one token hit (issue 19). docs/keamanan.md.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )

INSTALLED_APPS = [
    "tilik.core.admin_site.TilikAdminConfig",  # django.contrib.admin; every admin save is audited
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Security (issue 9): login throttling, TOTP two-factor, Content-Security-Policy.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # Background work (issue 18): Django's task API (backport) and its database backend.
    "django_tasks",
    "django_tasks_db",
    # Design system (issue 17 item 6): Bootstrap 5 form rendering (django-bootstrap5).
    "django_bootstrap5",
    "tilik.core",
    "tilik.org",
    "tilik.programs",
    "tilik.demo",
    "tilik.interviews",
    "tilik.surveys",
    "tilik.performance",
    "tilik.evaluations",
    "tilik.trust",
    "tilik.reports",
    "tilik.jobs",
]

# django-bootstrap5 renders forms only; CSS and JS are the vendored copies (no CDN, CSP 'self').
BOOTSTRAP5 = {
    "css_url": {"url": "/static/vendor/bootstrap/bootstrap.min.css"},
    "javascript_url": {"url": "/static/vendor/bootstrap/bootstrap.bundle.min.js"},
    "set_placeholder": False,
    "required_css_class": "required",
}

MIDDLEWARE = [
    # First: the client's address from a trusted proxy's X-Forwarded-For, before anything reads REMOTE_ADDR.
    "tilik.core.security.proxy.TrustedProxyMiddleware",
    # One log record per request (method, path without query, status, ms, user id): JSON lines in prod.
    "tilik.core.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A "database is locked" that outlasts SQLite's busy timeout answers 503 with Retry-After, not 500.
    "tilik.core.security.busy.DatabaseBusyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # In place of Django's LocaleMiddleware: the user's stored choice, else the cookie, else Indonesian;
    # never Accept-Language (tilik/core/language.py).
    "tilik.core.language.UserLanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tilik.core.security.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns lockouts raised by the backend into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tilik.urls"
WSGI_APPLICATION = "tilik.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tilik" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # USE_THOUSAND_SEPARATOR would print pk 2155 as "2.155" in value= and href=: every template
            # writes ids as {{ x.pk|unlocalize }} (tilik/core/tests/test_template_ids.py checks it).
            "builtins": ["django.templatetags.l10n"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tilik.core.context_processors.roles",
            ],
        },
    }
]

# Argon2id first; the others still verify older hashes and are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes checks the lockout first; ModelBackend then checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one username from one
# address, that pair is locked for AXES_COOLOFF_HOURS. `tilik axes_reset` unlocks by hand.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/security/lockout.html"
# Behind nginx (deploy/): X-Forwarded-For is believed only from these peers ("unix" = gunicorn's unix
# socket; addresses or networks otherwise), taking the TILIK_PROXY_COUNT-th entry from the right. Empty:
# REMOTE_ADDR as is. axes, the public-survey limiter and audit events all read the result
# (tilik/core/security/proxy.py).
TILIK_TRUSTED_PROXIES = env_list("TILIK_TRUSTED_PROXIES")
TILIK_PROXY_COUNT = int(os.environ.get("TILIK_PROXY_COUNT", "1"))
AXES_CLIENT_IP_CALLABLE = "tilik.core.security.proxy.client_ip"
# Address-independent login throttles (tilik/core/security/login_throttle.py, docs/keamanan.md): per
# username a doubling delay after TILIK_LOGIN_USER_FAILURES failures within the window (0: off); an
# e-mail to admins when more than TILIK_LOGIN_SPIKE failures across users fall within the spike window.
TILIK_LOGIN_USER_FAILURES = int(os.environ.get("TILIK_LOGIN_USER_FAILURES", "10"))
TILIK_LOGIN_USER_WINDOW_MINUTES = float(os.environ.get("TILIK_LOGIN_USER_WINDOW_MINUTES", "60"))
TILIK_LOGIN_DELAY_SECONDS = float(os.environ.get("TILIK_LOGIN_DELAY_SECONDS", "30"))
TILIK_LOGIN_DELAY_MAX_SECONDS = float(os.environ.get("TILIK_LOGIN_DELAY_MAX_SECONDS", "900"))
TILIK_LOGIN_SPIKE = int(os.environ.get("TILIK_LOGIN_SPIKE", "50"))
TILIK_LOGIN_SPIKE_MINUTES = float(os.environ.get("TILIK_LOGIN_SPIKE_MINUTES", "10"))
# Public (QR) surveys: submissions per client address per wave, per hour and per day (0: no daily cap).
# The first refusal per window is an audit event (wave.public_rate_limited). docs/keamanan.md.
TILIK_PUBLIC_RATE_LIMIT = int(os.environ.get("TILIK_PUBLIC_RATE_LIMIT", "60"))
TILIK_PUBLIC_RATE_LIMIT_DAY = int(os.environ.get("TILIK_PUBLIC_RATE_LIMIT_DAY", "200"))
# Public surveys: a burst of at least TILIK_BURST_SIZE responses from one device token (whole wave), or from
# one address or with identical answers within TILIK_BURST_MINUTES, is flagged for the evaluator's review.
TILIK_BURST_SIZE = int(os.environ.get("TILIK_BURST_SIZE", "5"))
TILIK_BURST_MINUTES = int(os.environ.get("TILIK_BURST_MINUTES", "10"))
# TOTP two-factor for admins and evaluators (docs/keamanan.md). On in production, off in dev/test so
# the demo accounts log in with a password alone.
TILIK_REQUIRE_2FA = env_bool("TILIK_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Tilik")

# Content-Security-Policy (django-csp 4): scripts only from our own static files (no inline scripts, no
# eval), nothing from other hosts. Styles allow inline: matplotlib's inline SVG charts carry a <style>
# element and dashboards draw bars with style="width: …"; CSS cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Indonesian first; English as the second language.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LANGUAGE_COOKIE_HTTPONLY = True  # only the server reads it (public pages of visitors without account)
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [Path(os.environ.get("TILIK_LOCALE_DIR", BASE_DIR / "tilik" / "locale"))]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Makassar")  # WITA, Bali
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["tilik.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "tilik" / "static"]
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (issue 18): which backend runs Tilik's tasks. "database" (default) keeps the queue in
# Tilik's own database, so `make demo` needs no broker; "rq" keeps it in Redis (TILIK_REDIS_URL) for larger
# deployments (django-tasks-rq; Redis takes the queue's polling off the database); `tilik worker` runs the
# worker of either. "immediate" runs every task inside the request (debugging only: no progress, the
# request waits). README.md "Tugas latar belakang", docs/operasi.md.
TILIK_TASK_BACKEND = os.environ.get("TILIK_TASK_BACKEND", "database").strip().lower()
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TILIK_TASK_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TILIK_TASK_BACKEND={TILIK_TASK_BACKEND!r}: choose one of {', '.join(sorted(_TASK_BACKENDS))}"
    )
TASKS: dict[str, dict[str, object]] = {"default": {"BACKEND": _TASK_BACKENDS[TILIK_TASK_BACKEND]}}
TILIK_REDIS_URL = os.environ.get("TILIK_REDIS_URL", "redis://127.0.0.1:6379/0")
if TILIK_TASK_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")  # the backend's system check asks for it; admins see its queue page
    TASKS["default"]["QUEUES"] = ["default"]
    # A job may run for an hour (RQ's own default, 180 s, would kill a large export); results kept a day.
    RQ_QUEUES = {"default": {"URL": TILIK_REDIS_URL, "DEFAULT_TIMEOUT": 3600, "DEFAULT_RESULT_TTL": 86400}}
    RQ_SHOW_ADMIN_LINK = False
# A running job whose progress has not moved for this many seconds is taken for a dead worker's and is
# queued again when a worker starts (tilik/jobs/recovery.py).
TILIK_JOB_STALE_SECONDS = int(os.environ.get("TILIK_JOB_STALE_SECONDS", "300"))
# List XLSX and survey-response exports of more rows than this are written by the worker (the page opens the
# job); smaller ones are answered at once (tilik/core/listing.py, tilik/surveys/export_jobs.py).
TILIK_EXPORT_BACKGROUND_ROWS = int(os.environ.get("TILIK_EXPORT_BACKGROUND_ROWS", "5000"))
# The health endpoint (/sehat/, tilik/jobs/health.py) turns red when a queued job has waited this long
# (no worker is taking jobs) or when MEDIA_ROOT's disk has less than this many MiB free.
TILIK_HEALTH_QUEUE_WAIT_SECONDS = int(os.environ.get("TILIK_HEALTH_QUEUE_WAIT_SECONDS", "600"))
TILIK_HEALTH_MIN_FREE_MB = int(os.environ.get("TILIK_HEALTH_MIN_FREE_MB", "1024"))
# `tilik worker` records a heartbeat this often (idle or busy); /healthz is red when the newest is older than
# TILIK_HEALTH_HEARTBEAT_STALE_SECONDS (every worker stopped or hung).
TILIK_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("TILIK_WORKER_HEARTBEAT_SECONDS", "30"))
TILIK_HEALTH_HEARTBEAT_STALE_SECONDS = int(os.environ.get("TILIK_HEALTH_HEARTBEAT_STALE_SECONDS", "120"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tilik@localhost")
# The site's public address (https://tilik.example.go.id) for links in mail sent without a request: the
# reminders `tilik jadwal` queues. Empty: the first CSRF_TRUSTED_ORIGINS entry; neither: none are queued.
TILIK_BASE_URL = os.environ.get("TILIK_BASE_URL", "").strip()
# Invitation mails sent by the background worker (issue 18): at most this many per minute (0 = no limit;
# a provider's hourly quota divided by 60, e.g.), and how often a refused connection is tried again.
TILIK_MAIL_PER_MINUTE = int(os.environ.get("TILIK_MAIL_PER_MINUTE", "0"))
TILIK_MAIL_CONNECT_TRIES = int(os.environ.get("TILIK_MAIL_CONNECT_TRIES", "4"))

# Domain settings that regulations may change (DOMAIN.md: keep configurable).
TILIK_JP_TARGET = int(os.environ.get("TILIK_JP_TARGET", "20"))
TILIK_MIN_CELL = int(os.environ.get("TILIK_MIN_CELL", "5"))
# Upload limits (bytes) for interview transcripts, audio and codebook imports.
TILIK_TRANSCRIPT_MAX_BYTES = int(os.environ.get("TILIK_TRANSCRIPT_MAX_BYTES", str(5 * 1024 * 1024)))
TILIK_INTERVIEW_AUDIO_MAX_BYTES = int(os.environ.get("TILIK_INTERVIEW_AUDIO_MAX_BYTES", str(100 * 1024 * 1024)))
TILIK_CODEBOOK_IMPORT_MAX_BYTES = int(os.environ.get("TILIK_CODEBOOK_IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))
# Issue 7: certificate uploads and budget-realisation imports; absorption below this % is flagged.
TILIK_CERTIFICATE_MAX_BYTES = int(os.environ.get("TILIK_CERTIFICATE_MAX_BYTES", str(5 * 1024 * 1024)))
TILIK_BUDGET_IMPORT_MAX_BYTES = int(os.environ.get("TILIK_BUDGET_IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))
# One threshold for the budget pages' "low" flag and report rule R4 (issue 8: under 80 % → replan).
TILIK_LOW_ABSORPTION_PCT = float(os.environ.get("TILIK_LOW_ABSORPTION_PCT", "80"))
TILIK_REGION_NAME = os.environ.get("TILIK_REGION_NAME", "Pemerintah Kota Denpasar")
# Largest spreadsheet (bytes) the performance/employee/enrolment importers accept.
TILIK_IMPORT_MAX_BYTES = int(os.environ.get("TILIK_IMPORT_MAX_BYTES", str(50 * 1024 * 1024)))

# Retention periods in days per data type (UU PDP: delete or anonymise when the purpose is met).
# `tilik purge` lists what is past its period; `tilik purge --apply` deletes or anonymises it.
# Override one with TILIK_RETENTION_<KEY>=days (e.g. TILIK_RETENTION_INTERVIEW_AUDIO=365); -1 = keep.
_RETENTION_DEFAULTS = {
    "sessions": 0,
    "login_attempts": 365,
    "correction_requests": 5 * 365,
    "withdrawn_consents": 365,
    "unconfirmed_2fa": 7,
    "interview_audio": 2 * 365,
    "survey_drafts": 90,
    "survey_invitations": 2 * 365,
    "survey_burst_traces": 0,  # plus TILIK_BURST_MINUTES: the public-survey burst window (services/bursts.py)
    "import_pending": 1,  # uploads of the import wizard never applied (tilik/performance/pending.py)
}
TILIK_RETENTION_DAYS = {
    key: int(os.environ.get(f"TILIK_RETENTION_{key.upper()}", str(days)))
    for key, days in _RETENTION_DEFAULTS.items()
}
# Where `tilik backup` writes when no path is given.
TILIK_BACKUP_DIR = Path(os.environ.get("TILIK_BACKUP_DIR", VAR_DIR / "backups"))

# Errors to Sentry (sentry-sdk) only when SENTRY_DSN is set; no personal data is sent (tilik/core/observability.py).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "").strip()
SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "production")
SENTRY_TRACES_SAMPLE_RATE = float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
