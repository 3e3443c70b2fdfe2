"""The date a build carries: SOURCE_DATE_EPOCH's (the reproducible-builds convention) when
set, else now, in UTC. Read at call time."""

import os
from datetime import datetime, timezone


def source_date():
    """SOURCE_DATE_EPOCH as a UTC datetime, or None when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from None


def build_day():
    """The build's day as YYYY-MM-DD (UTC): a day, not a time, so pages built on one day
    are the same bytes and the page cache holds for the day."""
    when = source_date() or datetime.now(timezone.utc)
    return when.strftime("%Y-%m-%d")
