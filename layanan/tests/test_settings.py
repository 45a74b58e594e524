"""Settings read from the environment behave as documented.

Each case starts a fresh Python process, because settings are read once at
import time and the variables under test must be set before that.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
# Database 15 keeps test keys away from anything a developer stores in Redis.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def run_python(tmp_path, *args, **env_overrides):
    env = {
        k: v for k, v in os.environ.items()
        if k not in {"REDIS_URL", "SECRET_KEY", "LAYANAN_ENV", "ALLOWED_HOSTS", "DEBUG",
                     "SEARCH_LOG_RETENTION_DAYS"}
    }
    env.update(DJANGO_SETTINGS_MODULE="layanan.settings", LAYANAN_VAR_DIR=str(tmp_path), **env_overrides)
    return subprocess.run(
        [sys.executable, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def production_env(**extra):
    return {
        "LAYANAN_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
        **extra,
    }


def redis_is_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def test_redis_url_switches_cache_and_sessions_to_redis(tmp_path):
    result = run_python(
        tmp_path, "-c",
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND']); print(s.CACHES['default']['LOCATION']); print(s.SESSION_ENGINE)",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django_redis.cache.RedisCache",
        "redis://127.0.0.1:6379/3",
        "django.contrib.sessions.backends.cache",
    ]


def test_without_redis_url_cache_is_local_memory_and_sessions_use_the_database(tmp_path):
    result = run_python(
        tmp_path, "-c",
        "from django.conf import settings as s; print(s.CACHES['default']['BACKEND']); print(s.SESSION_ENGINE)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.contrib.sessions.backends.db",
    ]


def test_cache_and_sessions_round_trip_through_a_real_redis(tmp_path):
    if not redis_is_reachable():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is not reachable at {TEST_REDIS_URL}; CI must start it.")
        pytest.skip(f"Redis is not reachable at {TEST_REDIS_URL} (set TEST_REDIS_URL or start Redis)")
    key = f"settings-test-{secrets.token_hex(4)}"
    script = f"""
import django
django.setup()
from django.core.cache import cache
from django.contrib.sessions.backends.cache import SessionStore
cache.set({key!r}, "ok", 30)
assert cache.get({key!r}) == "ok"
cache.delete({key!r})
session = SessionStore()
session["who"] = "warga"
session.save()
assert SessionStore(session_key=session.session_key)["who"] == "warga"
session.delete()
print("round trip ok")
"""
    result = run_python(tmp_path, "-c", script, REDIS_URL=TEST_REDIS_URL)
    assert result.returncode == 0, result.stderr
    assert "round trip ok" in result.stdout


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    result = run_python(
        tmp_path, "manage.py", "check", "--deploy", "--fail-level", "WARNING", **production_env()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env()
    del env["SECRET_KEY"]
    result = run_python(tmp_path, "manage.py", "check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    env = production_env()
    del env["ALLOWED_HOSTS"]
    result = run_python(tmp_path, "manage.py", "check", **env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_turns_debug_off_and_cookies_secure(tmp_path):
    result = run_python(
        tmp_path, "-c",
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)",
        **production_env(DEBUG="1"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True"]


def test_the_search_log_retention_period_comes_from_the_environment_and_must_be_a_day_or_more(tmp_path):
    code = ("import django; django.setup(); from django.conf import settings;"
            " print(settings.LAYANAN_SEARCH_LOG_RETENTION_DAYS)")
    assert run_python(tmp_path, "-c", code).stdout.strip() == "365"
    assert run_python(tmp_path, "-c", code, SEARCH_LOG_RETENTION_DAYS="90").stdout.strip() == "90"
    for wrong in ("0", "-5", "a year"):
        refused = run_python(tmp_path, "-c", code, SEARCH_LOG_RETENTION_DAYS=wrong)
        assert refused.returncode != 0
        assert "SEARCH_LOG_RETENTION_DAYS must be a whole number of days, 1 or more" in refused.stderr
