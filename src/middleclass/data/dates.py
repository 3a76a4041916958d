"""Dates as decimal years and back (the time axis of every trend fit)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def decimal_year(dates: pd.Series) -> pd.Series:
    """Dates as fractional years (2020-07-02 -> about 2020.5)."""
    d = pd.to_datetime(dates)
    days = np.where(d.dt.is_leap_year, 366.0, 365.0)
    return d.dt.year + (d.dt.day_of_year - 1) / days


def date_to_year(date) -> float:
    """Timestamp or ISO string -> decimal year."""
    d = pd.Timestamp(date)
    days = 366 if d.is_leap_year else 365
    return d.year + (d.day_of_year - 1) / days


def year_to_date(year: float) -> pd.Timestamp | None:
    """Decimal year -> timestamp (None for nan)."""
    if year is None or not np.isfinite(year):
        return None
    y = int(math.floor(year))
    start = pd.Timestamp(year=y, month=1, day=1)
    days = 366 if pd.Timestamp(year=y, month=12, day=31).day_of_year == 366 else 365
    return start + pd.Timedelta(days=(year - y) * days)


def month_label(year: float) -> str:
    """Decimal year -> 'Jan 2028' with a no-break space, so a date never breaks across lines
    ('beyond the projection horizon' for nan)."""
    d = year_to_date(year)
    return d.strftime("%b\u00a0%Y") if d is not None else "beyond the projection horizon"


def day_label(date) -> str:
    """ISO date -> '30 November 2022' (no-break spaces: a date never breaks across lines)."""
    d = pd.Timestamp(date)
    return f"{d.day}\u00a0{d:%B}\u00a0{d:%Y}"
