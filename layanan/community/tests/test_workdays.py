"""Working days for the answer targets: Monday to Friday, the arrival day not counted."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from layanan.community.workdays import (
    add_working_days,
    answer_due_date,
    is_overdue,
    is_working_day,
    working_days_between,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
MONDAY = date(2025, 3, 3)
FRIDAY = date(2025, 3, 7)
SATURDAY = date(2025, 3, 8)
SUNDAY = date(2025, 3, 9)


def test_weekends_are_not_working_days():
    assert [is_working_day(MONDAY.replace(day=d)) for d in range(3, 10)] == [True] * 5 + [False, False]


@pytest.mark.parametrize("start, days, due", [
    (MONDAY, 0, MONDAY),
    (MONDAY, 3, date(2025, 3, 6)),       # Thursday
    (FRIDAY, 1, date(2025, 3, 10)),      # the next Monday
    (FRIDAY, 3, date(2025, 3, 12)),      # Wednesday
    (SATURDAY, 3, date(2025, 3, 12)),    # weekend arrivals start counting on Monday
    (SUNDAY, 1, date(2025, 3, 10)),
    (MONDAY, 10, date(2025, 3, 17)),     # two full weeks
])
def test_adding_working_days_skips_saturdays_and_sundays(start, days, due):
    assert add_working_days(start, days) == due


def test_negative_targets_are_refused():
    with pytest.raises(ValueError):
        add_working_days(MONDAY, -1)


@pytest.mark.parametrize("start, end, count", [
    (MONDAY, MONDAY, 0),
    (MONDAY, FRIDAY, 4),
    (FRIDAY, SUNDAY, 0),
    (FRIDAY, date(2025, 3, 10), 1),
    (MONDAY, date(2025, 3, 24), 15),
    (FRIDAY, MONDAY, 0),
])
def test_counting_working_days_between_two_dates(start, end, count):
    assert working_days_between(start, end) == count


def test_counting_agrees_with_adding_for_any_start_and_target():
    for offset in range(14):
        start = date.fromordinal(MONDAY.toordinal() + offset)
        for days in range(12):
            assert working_days_between(start, add_working_days(start, days)) == days


def test_due_date_uses_the_date_in_jakarta():
    # 20:00 UTC on Friday is already Saturday 03:00 in Jakarta.
    asked = datetime(2025, 3, 7, 20, 0, tzinfo=ZoneInfo("UTC"))
    assert answer_due_date(asked, 3) == date(2025, 3, 12)


def test_a_question_is_overdue_only_after_the_whole_due_day():
    asked = datetime(2025, 3, 7, 9, 0, tzinfo=JAKARTA)  # Friday, due Wednesday 12 March
    assert not is_overdue(asked, 3, now=datetime(2025, 3, 12, 23, 59, tzinfo=JAKARTA))
    assert is_overdue(asked, 3, now=datetime(2025, 3, 13, 0, 1, tzinfo=JAKARTA))
