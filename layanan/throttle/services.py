"""Rate limits per user and per IP address.

Redis counts when REDIS_URL is set (atomic INCR with an expiry); otherwise the
database does (atomic UPDATE on a counter row per fixed window). Limits are
"N per period" and come from settings.LAYANAN_RATE_LIMITS, so tests and
deployments can change them without code.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import Counter


@dataclass
class RateLimited(Exception):
    """Too many `action`s; `retry_after` seconds until the window ends."""

    action: str
    retry_after: int


def _parse(rate: str) -> tuple[int, int]:
    """'10/h' → (10, 3600)."""
    count, _, period = rate.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[-1]] * int(period[:-1] or 1)
    return int(count), seconds


def client_ip(request) -> str:
    """The client's address; behind a proxy, set LAYANAN_TRUSTED_PROXY_COUNT."""
    proxies = getattr(settings, "LAYANAN_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _hit_redis(key: str, period: int) -> int:
    from django_redis import get_redis_connection

    conn = get_redis_connection("default")
    pipe = conn.pipeline()
    pipe.incr(key)
    pipe.expire(key, period, nx=True)
    return pipe.execute()[0]


def _hit_database(key: str, window_start: datetime) -> int:
    updated = Counter.objects.filter(key=key, window_start=window_start).update(count=F("count") + 1)
    if not updated:
        try:
            with transaction.atomic():
                Counter.objects.create(key=key, window_start=window_start, count=1)
                return 1
        except IntegrityError:  # another request created it first
            Counter.objects.filter(key=key, window_start=window_start).update(count=F("count") + 1)
    return Counter.objects.get(key=key, window_start=window_start).count


def hit(action: str, ident: str, rate: str, *, now=None) -> None:
    """Count one `action` by `ident`; raise RateLimited past the limit."""
    limit, period = _parse(rate)
    now = now or timezone.now()
    epoch = int(now.timestamp())
    window = epoch - epoch % period
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]  # no raw IPs or ids in keys
    key = f"throttle:{action}:{digest}:{window}"
    if settings.REDIS_URL:
        count = _hit_redis(key, period)
    else:
        count = _hit_database(key, datetime.fromtimestamp(window, tz=dt_timezone.utc))
    if count > limit:
        raise RateLimited(action, retry_after=window + period - epoch)


def check(request, action: str) -> None:
    """Apply the per-user and per-IP limits for `action` to this request."""
    rates = settings.LAYANAN_RATE_LIMITS[action]
    if request.user.is_authenticated and "user" in rates:
        hit(f"{action}:user", str(request.user.pk), rates["user"])
    if "ip" in rates:
        hit(f"{action}:ip", client_ip(request), rates["ip"])


def purge_old_counters(older_than=timedelta(days=2)) -> int:
    return Counter.objects.filter(window_start__lt=timezone.now() - older_than).delete()[0]
