"""Rate limits on views, as a decorator."""

from functools import wraps

from django.shortcuts import render
from django.utils.decorators import method_decorator

from .services import RateLimited, check


def rate_limited(action: str, methods=("POST",)):
    """Refuse a request past the limits for `action` with a 429 page in the user's language."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                try:
                    check(request, action)
                except RateLimited as exc:
                    response = render(request, "throttle/429.html", {"retry_minutes": max(1, -(-exc.retry_after // 60))}, status=429)
                    response["Retry-After"] = str(exc.retry_after)
                    return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def rate_limited_class(action: str, methods=("POST",)):
    """The same for class-based views."""
    return method_decorator(rate_limited(action, methods), name="dispatch")
