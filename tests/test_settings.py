"""The settings a deployment reads from its environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from bottleneck_site.env import cache_from_url

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "kP3v9-QxL2m_Zt8rWc4yNb6Hs1Jd7Fg0Ae5Ui2Oo9Rl4Tk8Ym3Vn6Bq1Xw7Cz0E",
    "ALLOWED_HOSTS": "informationbottleneck.example",
    "DJANGO_SSL_REDIRECT": "1",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
    "SITE_URL": "https://informationbottleneck.example",
}


def run_manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_checks_pass_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_stops_start_up_with_a_clear_error():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    "name, value, message",
    [
        (
            "PUBLIC_PAGE_LOCAL_MEGABYTES",
            "32MB",
            "PUBLIC_PAGE_LOCAL_MEGABYTES must be a whole number",
        ),
        ("FEED_MAX_EPISODES", "-5", "FEED_MAX_EPISODES must be a whole number of 0 or more"),
        ("PUBLIC_PAGE_VERSION_SECONDS", "nan", "PUBLIC_PAGE_VERSION_SECONDS must be a number"),
    ],
)
def test_a_mistyped_number_stops_start_up_naming_the_setting(name, value, message):
    result = run_manage("check", env={**PRODUCTION_ENV, name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_redis_url_selects_djangos_redis_cache():
    config = cache_from_url("redis://cache.internal:6379/0")
    assert config["BACKEND"] == "bottleneck_site.cache.ForgivingRedisCache"  # Django's, forgiving
    assert config["LOCATION"] == "redis://cache.internal:6379/0"


def test_no_cache_url_gives_local_memory():
    assert cache_from_url("")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_unknown_cache_url_is_refused():
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url("memcached://127.0.0.1:11211")


def test_database_connections_persist_and_are_health_checked(settings):
    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True


def test_every_environment_variable_is_in_env_example():
    import re

    read = set()
    for path in ("bottleneck_site/settings.py", "gunicorn.conf.py"):
        source = (ROOT / path).read_text()
        read |= set(
            re.findall(
                r"""(?:environ\.get|env_bool|env_list|env_number|env_choice|database_from_url)\(\s*["']([A-Z_]+)["']""",
                source,
            )
        )
    example = (ROOT / ".env.example").read_text()
    documented = set(re.findall(r"^([A-Z_]+)=", example, re.MULTILINE))
    assert read - {"REDIS_URL"} <= documented, read - documented


def test_a_log_level_in_lower_case_is_accepted():
    result = run_manage("check", env={**PRODUCTION_ENV, "DJANGO_LOG_LEVEL": "info"})
    assert result.returncode == 0, result.stderr[-600:]


def test_an_unknown_log_level_stops_start_up_naming_the_setting():
    result = run_manage("check", env={**PRODUCTION_ENV, "DJANGO_LOG_LEVEL": "verbose"})
    assert result.returncode != 0
    assert "DJANGO_LOG_LEVEL must be one of DEBUG, INFO" in result.stderr


def test_a_malformed_database_url_stops_start_up_naming_the_setting():
    env = {**PRODUCTION_ENV, "DATABASE_URL": "postgresql://bottleneck@db:54e2/site"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DATABASE_URL is not a database URL" in result.stderr


def test_a_site_url_left_local_fails_the_deploy_check():
    """Feeds, the sitemap and JSON-LD are built on it, and the feed's podcast:guid comes
    from it for good."""
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SITE_URL"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "episodes.W001" in result.stdout + result.stderr
