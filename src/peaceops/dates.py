"""Dates with an honest precision: a day, a month or only a year.

Sources often give only "July 1992" or "1994"; inventing a day would be a
fabricated fact. :class:`PartialDate` keeps the precision and compares by the
interval it covers.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=False)
class PartialDate:
    """A calendar date known to the day, the month or the year."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a ``datetime.date``."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and 1000 <= value <= 9999:
            return cls(value)
        if not isinstance(value, str):
            raise ValueError(f"expected a date as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', found {value!r}")
        match = _PATTERN.match(value.strip())
        if not match:
            raise ValueError(f"expected a date as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', found {value!r}")
        year, month, day = (int(g) if g else None for g in match.groups())
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month} out of range in {value!r}")
        if day is not None:
            dt.date(year, month, day)  # raises ValueError for 1992-02-30
        return cls(year, month, day)

    def earliest(self) -> dt.date:
        """First day of the interval this date covers."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        """Last day of the interval this date covers."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
            json_schema_input_schema=core_schema.str_schema(pattern=_PATTERN.pattern),
        )
