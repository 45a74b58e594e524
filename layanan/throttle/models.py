from django.db import models


class Counter(models.Model):
    """Hits of one key in one fixed window; used when Redis is not configured.

    django-ratelimit refuses the database cache (its increment is not atomic),
    so the database fallback counts with an atomic UPDATE … SET count = count + 1.
    """

    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="throttle_one_counter_per_window")]
        indexes = [models.Index(fields=["window_start"])]
