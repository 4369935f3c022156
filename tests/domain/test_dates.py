"""Dates are limited to a sensible range, with a message naming the field and the range."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from shapely.geometry import Point

from geo.domain import validation
from geo.domain.model import UnsafePlace, ValidationError
from tests import fixture_data as fx


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", date(1989, 12, 31),
                                   datetime(9999, 1, 1)])
def test_dates_outside_the_range_are_refused_with_field_and_range(value):
    earliest, latest = validation.date_range()
    with pytest.raises(ValidationError) as refused:
        validation.as_date("reported_date", value)
    assert refused.value.field == "reported_date"
    assert earliest.isoformat() in refused.value.message
    assert latest.isoformat() in refused.value.message
    with pytest.raises(ValidationError, match="outside"):
        validation.as_datetime("updated_at", value if not isinstance(value, date) or
                               isinstance(value, datetime) else datetime(value.year, 1, 1))


def test_the_range_is_1990_to_ten_years_ahead():
    earliest, latest = validation.date_range(date(2026, 2, 28))
    assert (earliest, latest) == (date(1990, 1, 1), date(2036, 2, 28))
    assert validation.date_range(date(2028, 2, 29))[1] == date(2038, 2, 28)
    assert validation.as_date("d", "2016-05-01") == date(2016, 5, 1)


def test_a_record_with_a_year_0001_date_is_refused():
    with pytest.raises(ValidationError, match="reported_date"):
        UnsafePlace(kommun_kod="1270", geometry=Point(fx.TOMELILLA), category="lighting",
                    source="survey", reported_date="0001-01-01", description="x")
