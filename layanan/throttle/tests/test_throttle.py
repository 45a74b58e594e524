"""Rate limits count in the database by default and in Redis when configured."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from layanan.accounts.tests.factories import UserFactory
from layanan.throttle.models import Counter
from layanan.throttle.services import RateLimited, check, client_ip, hit

pytestmark = pytest.mark.django_db


def test_database_counter_allows_limit_then_refuses():
    now = timezone.now()
    for _ in range(3):
        hit("post:user", "42", "3/h", now=now)
    with pytest.raises(RateLimited) as excinfo:
        hit("post:user", "42", "3/h", now=now)
    assert 0 < excinfo.value.retry_after <= 3600
    assert Counter.objects.get().count == 4
    # Another user is counted separately, and a new window starts afresh.
    hit("post:user", "43", "3/h", now=now)
    hit("post:user", "42", "3/h", now=now + timedelta(hours=1))


def test_keys_hold_no_raw_identifiers():
    hit("post:ip", "203.0.113.9", "5/m")
    assert "203.0.113.9" not in Counter.objects.get().key


def test_check_applies_user_and_ip_limits(settings):
    settings.LAYANAN_RATE_LIMITS = {"post": {"user": "2/h", "ip": "3/h"}}
    factory = RequestFactory()
    alice, bob = UserFactory(), UserFactory()

    def request(user, ip="198.51.100.7"):
        r = factory.post("/", REMOTE_ADDR=ip)
        r.user = user
        return r

    check(request(alice), "post")
    check(request(alice), "post")
    with pytest.raises(RateLimited):
        check(request(alice), "post")  # alice's own limit
    check(request(bob), "post")  # the refused request stopped at alice's limit: the IP has seen 3
    with pytest.raises(RateLimited):
        check(request(UserFactory()), "post")  # same IP, another account: the IP limit holds
    check(request(UserFactory(), ip="198.51.100.8"), "post")


def test_client_ip_reads_forwarded_for_only_behind_trusted_proxies(settings):
    r = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5, 10.0.0.1")
    settings.LAYANAN_TRUSTED_PROXY_COUNT = 0
    assert client_ip(r) == "10.0.0.2"
    settings.LAYANAN_TRUSTED_PROXY_COUNT = 1
    assert client_ip(r) == "10.0.0.1"
    settings.LAYANAN_TRUSTED_PROXY_COUNT = 2
    assert client_ip(r) == "203.0.113.5"


def test_redis_counter_when_redis_is_configured(settings):
    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15").ping()
    except redis.exceptions.ConnectionError:
        pytest.fail("Redis is needed at 127.0.0.1:6379 for this test (make test starts it in CI).")
    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": settings.REDIS_URL}}
    from django_redis import get_redis_connection

    connection = get_redis_connection("default")
    connection.flushdb()
    for _ in range(2):
        hit("vote:user", "7", "2/m")
    with pytest.raises(RateLimited):
        hit("vote:user", "7", "2/m")
    assert not Counter.objects.exists()  # nothing went to the database
    keys = connection.keys("throttle:vote:user:*")
    assert len(keys) == 1 and 0 < connection.ttl(keys[0]) <= 60
