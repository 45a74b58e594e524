"""Working days for the agencies' answer targets.

A working day is Monday to Friday. Public holidays (libur nasional, cuti
bersama) are not modelled: they change every year by joint ministerial
decree, so a question asked before a long holiday can show as overdue a few
days early. docs/community.md says so.

Counting follows the usual reading of "within N working days": the day the
question arrives is day 0, and the target is the end of the N-th working day
after it. A question asked on Friday with a 3-day target is due on Wednesday;
one asked on Saturday or Sunday is due on Wednesday too.
"""

from datetime import date, datetime, timedelta

from django.utils import timezone

SATURDAY = 5  # date.weekday(): Monday is 0


def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (`start` itself never counts)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` <= `start`)."""
    if end <= start:
        return 0
    full_weeks, extra = divmod((end - start).days, 7)
    count = full_weeks * 5
    day = start + timedelta(days=full_weeks * 7)
    for _ in range(extra):
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def local_date(moment: datetime) -> date:
    """The calendar date of `moment` in the portal's time zone (Asia/Jakarta)."""
    return timezone.localtime(moment).date()


def answer_due_date(asked_at: datetime, target_days: int) -> date:
    """The last day on which an official answer meets the agency's target."""
    return add_working_days(local_date(asked_at), target_days)


def is_overdue(asked_at: datetime, target_days: int, now: datetime | None = None) -> bool:
    """True once the due date has passed (the whole due day still counts as in time)."""
    return local_date(now or timezone.now()) > answer_due_date(asked_at, target_days)
