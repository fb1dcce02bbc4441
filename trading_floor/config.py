"""Settings from the environment, with embedded defaults that just work on a first run."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEARCH_BACKENDS = ("whoosh", "postgres")
FLOOR_ENVS = ("development", "production")


class ConfigError(RuntimeError):
    """A setting the floor cannot start with; the message names the variable and what it takes."""


def _instance_secret(instance_path: Path) -> str:
    """A secret key generated once and kept in instance/, so sessions survive restarts."""
    instance_path.mkdir(parents=True, exist_ok=True)
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int, minimum: int = 1) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ConfigError(f"{name}={value!r}: a whole number is expected") from None
    if number < minimum:
        raise ConfigError(f"{name}={value!r}: at least {minimum} is expected")
    return number


def _choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise ConfigError(f"{name}={value!r}: expected one of {', '.join(choices)}")
    return value


def load_config(instance_path: Path) -> dict:
    """Every setting of the floor, read from the environment here and nowhere else."""
    env = os.environ
    floor_env = env.get("FLOOR_ENV", "development").strip().lower()
    if floor_env not in FLOOR_ENVS:
        raise ConfigError(f"FLOOR_ENV={floor_env!r}: expected one of {', '.join(FLOOR_ENVS)}")
    production = floor_env == "production"
    secret = env.get("SECRET_KEY")
    if production and (not secret or len(secret) < 32):
        raise RuntimeError(
            "SECRET_KEY must be set to a random value of at least 32 characters in production"
        )
    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'floor.db'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql://" + database_url[len("postgres://"):]
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    return {
        "FLOOR_ENV": "production" if production else "development",
        "SECRET_KEY": secret or _instance_secret(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SEARCH_BACKEND": env.get("SEARCH_BACKEND", "whoosh").strip().lower(),
        "SEARCH_INDEX_DIR": env.get("SEARCH_INDEX_DIR", str(ROOT / "search_index")),
        "SEARCH_BUILD_PROCS": _int("SEARCH_BUILD_PROCS", min(2, os.cpu_count() or 1)),
        "DEMO": env.get("DEMO", "1").strip().lower() not in {"0", "false", "no", "off"},
        "UPLOAD_DIR": env.get("UPLOAD_DIR", str(instance_path / "uploads")),
        "OUTBOX_DIR": env.get("OUTBOX_DIR", str(instance_path / "outbox")),
        # full reports of refused import files, kept a day for their download (core/import_reports)
        "IMPORT_REPORT_DIR": env.get("IMPORT_REPORT_DIR", str(instance_path / "import_reports")),
        # uploaded import files waiting for their job (imports/runs), removed once it ran
        "IMPORT_FILE_DIR": env.get("IMPORT_FILE_DIR", str(instance_path / "import_files")),
        "MAIL_SERVER": env.get("MAIL_SERVER"),
        "MAIL_PORT": _int("MAIL_PORT", 587),
        "MAIL_USERNAME": env.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD"),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", True),
        "MAIL_SENDER": env.get("MAIL_SENDER", "San TMDT Hung Yen <no-reply@sangiaodich.hungyen.gov.vn>"),
        "RATELIMIT_STORAGE_URI": env.get("REDIS_URL", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT", "5 per minute"),
        # the partner and seller APIs: one budget per key or token
        "API_RATE_LIMIT": env.get("API_RATE_LIMIT", "600 per minute"),
        # seller API photos by URL: private/loopback/link-local addresses only for tests
        "PHOTO_FETCH_ALLOW_PRIVATE": _bool("PHOTO_FETCH_ALLOW_PRIVATE", False),
        "LOGIN_ACCOUNT_RATE_LIMIT": env.get("LOGIN_ACCOUNT_RATE_LIMIT", "30 per hour"),
        # reverse proxies in front of the floor whose X-Forwarded-For/-Proto are trusted
        # (1 behind one nginx); 0 = none, the client address is the connection's
        "TRUSTED_PROXIES": _int("TRUSTED_PROXIES", 0, minimum=0),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", production),
        # Strict-Transport-Security: a year in production (served over HTTPS), off otherwise
        "HSTS_SECONDS": _int("HSTS_SECONDS", 365 * 24 * 3600 if production else 0, minimum=0),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # the floor's address in e-mails written by jobs (digests), outside any request
        "FLOOR_BASE_URL": env.get("FLOOR_BASE_URL", "http://localhost:5000").rstrip("/"),
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "PASSWORD_HASH_METHOD": "scrypt",
        "MAX_CONTENT_LENGTH": 45 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "LANGUAGES": ["vi", "en"],
        "PROVINCE_CODE": 33,
        "LISTING_AUTO_PUBLISH": _bool("LISTING_AUTO_PUBLISH", False),
        # feeds and sitemaps: seconds public caches may keep them; URLs per sitemap chunk
        "FEED_MAX_AGE": _int("FEED_MAX_AGE", 900),
        "SITEMAP_CHUNK": min(50_000, _int("SITEMAP_CHUNK", 50_000)),
        # webhooks: loopback/private receivers only when allowed (tests, local trials)
        "WEBHOOKS_ALLOW_PRIVATE": _bool("WEBHOOKS_ALLOW_PRIVATE", False),
        "WEBHOOKS_TIMEOUT": _int("WEBHOOKS_TIMEOUT", 10),
        "WEBHOOKS_DEAD_AFTER": _int("WEBHOOKS_DEAD_AFTER", 86400),
        "STRIPE_SECRET_KEY": env.get("STRIPE_SECRET_KEY"),
        "STRIPE_PUBLISHABLE_KEY": env.get("STRIPE_PUBLISHABLE_KEY"),
        "STRIPE_WEBHOOK_SECRET": env.get("STRIPE_WEBHOOK_SECRET"),
        "STRIPE_API_BASE": env.get("STRIPE_API_BASE"),
        "STRIPE_JS_URL": env.get("STRIPE_JS_URL", "https://js.stripe.com/v3/"),
        "ACCESS_EVENT_RETENTION_DAYS": _int("ACCESS_EVENT_RETENTION_DAYS", 400),
                # the Department's contacts on "Liên hệ" (demo values until a deployment sets them)
        "DEPARTMENT_NAME": env.get("DEPARTMENT_NAME", "Sở Công Thương tỉnh Hưng Yên"),
        "DEPARTMENT_NAME_EN": env.get("DEPARTMENT_NAME_EN",
                                      "Hưng Yên Department of Industry and Trade"),
        "DEPARTMENT_ADDRESS": env.get("DEPARTMENT_ADDRESS",
                                      "Khu trung tâm hành chính tỉnh, phường Phố Hiến, tỉnh Hưng Yên"),
        "DEPARTMENT_PHONE": env.get("DEPARTMENT_PHONE", "0221 3 555 000"),
        "DEPARTMENT_EMAIL": env.get("DEPARTMENT_EMAIL", "lienhe@sangiaodich.hungyen.gov.vn"),
        "DEPARTMENT_HOURS": env.get("DEPARTMENT_HOURS", "Thứ Hai – Thứ Sáu, 7:30–11:30 và 13:30–17:00"),
        "DEPARTMENT_HOURS_EN": env.get("DEPARTMENT_HOURS_EN",
                                       "Monday – Friday, 7:30–11:30 and 13:30–17:00"),
        "DEPARTMENT_WEBSITE": env.get("DEPARTMENT_WEBSITE", ""),
        # the unit operating the floor and its registration with the Ministry's e-commerce portal
        # (online.gov.vn), shown in every footer and on "Giới thiệu"; demo values until set
        "OPERATOR_NAME": env.get("OPERATOR_NAME", "Trung tâm Xúc tiến Thương mại tỉnh Hưng Yên"),
        "OPERATOR_ADDRESS": env.get("OPERATOR_ADDRESS",
                                    "Khu trung tâm hành chính tỉnh, phường Phố Hiến, tỉnh Hưng Yên"),
        "OPERATOR_PHONE": env.get("OPERATOR_PHONE", "0221 3 555 001"),
        "OPERATOR_EMAIL": env.get("OPERATOR_EMAIL", "vanhanh@sangiaodich.hungyen.gov.vn"),
        "OPERATOR_REGISTRATION": env.get("OPERATOR_REGISTRATION", ""),
        "OPERATOR_REGISTRATION_URL": env.get("OPERATOR_REGISTRATION_URL", ""),
        # figures of the law kept as settings (README "Quy chế, khiếu nại và dữ liệu cá nhân")
        "RULES_NOTICE_DAYS": _int("RULES_NOTICE_DAYS", 5),
        "ORDER_ANSWER_HOURS": _int("ORDER_ANSWER_HOURS", 12),
        # read on-floor notifications are deleted after this many days (the retention job)
        "NOTIFICATION_RETENTION_DAYS": _int("NOTIFICATION_RETENTION_DAYS", 365),
        # hours from an authority's takedown request to the takedown
        "AUTHORITY_TAKEDOWN_HOURS": _int("AUTHORITY_TAKEDOWN_HOURS", 24),
        # days an enterprise has to answer a complaint before an officer may mediate
        "COMPLAINT_ANSWER_DAYS": _int("COMPLAINT_ANSWER_DAYS", 5),
        # days a mediation may run before the register shows it overdue
        "COMPLAINT_MEDIATION_DAYS": _int("COMPLAINT_MEDIATION_DAYS", 30),
        # background jobs (trading_floor/jobs): huey on SQLite in instance/, on Redis when set
        "JOBS_REDIS_URL": env.get("JOBS_REDIS_URL") or env.get("REDIS_URL"),
        "JOBS_SQLITE_PATH": env.get("JOBS_SQLITE_PATH", str(instance_path / "jobs.db")),
        "JOBS_QUEUE_NAME": env.get("JOBS_QUEUE_NAME", "trading-floor"),
        "JOBS_IMMEDIATE": _bool("JOBS_IMMEDIATE", False),
        "JOBS_WORKERS": _int("JOBS_WORKERS", 2),
        "JOBS_MAX_ATTEMPTS": _int("JOBS_MAX_ATTEMPTS", 5),
        # observability (trading_floor/core/requestlog.py, core/metrics.py)
        "LOG_FORMAT": _choice("LOG_FORMAT", ("json", "text"), "json" if production else "text"),
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO").strip().upper(),
        "ACCESS_LOG": _bool("ACCESS_LOG", True),
        "METRICS_ALLOWED_NETWORKS": [n.strip() for n in env.get(
            "METRICS_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128").split(",") if n.strip()],
    }


def validate(config: dict) -> None:
    """Checks the settings the app starts with (after any override): a clear error, not a surprise
    later (e.g. SEARCH_BACKEND=postgresql silently running Whoosh)."""
    backend = config.get("SEARCH_BACKEND")
    if backend not in SEARCH_BACKENDS:
        raise ConfigError(f"SEARCH_BACKEND={backend!r}: expected one of {', '.join(SEARCH_BACKENDS)}")
    if backend == "postgres" and not str(config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        raise ConfigError("SEARCH_BACKEND='postgres' needs DATABASE_URL to be a PostgreSQL database")
