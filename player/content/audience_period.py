"""The audience dashboard's period: the links (7 jours, 30 jours, 90 jours, tout) and a period
given by dates (``?du=2026-01-01&au=2026-01-31``), checked, with French refusals.

Days are the server's UTC dates, as the store counts them (chapters/audience).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from chapters.wording import french_date

CHOICES = {"7": 7, "30": 30, "90": 90}  # ?periode= → days, ending today
ALL = "tout"  # every day kept (the retention setting)
DEFAULT = "30"
LONGEST = 3660  # days a period by dates may span: ten years, far beyond any retention
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
LABELS = {"7": "7 jours", "30": "30 jours", "90": "90 jours", ALL: "Tout"}


class PeriodError(ValueError):
    """A period the dashboard cannot show; the message is French, for the page."""


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    choice: str | None  # "7", "30", "90", "tout", or None for a period by dates

    @property
    def query(self) -> dict[str, str]:
        """The address's parameters that give this period again (the CSV links keep it)."""
        if self.choice is not None:
            return {"periode": self.choice}
        return {"du": self.first.isoformat(), "au": self.last.isoformat()}

    @property
    def text(self) -> str:
        """``du 3 novembre 2026 au 2 décembre 2026``."""
        if self.first == self.last:
            return f"le {french_date(self.first.isoformat())}"
        return f"du {french_date(self.first.isoformat())} au {french_date(self.last.isoformat())}"


def today_utc() -> date:
    """The server's UTC date: the day the store files a beacon under."""
    return datetime.now(timezone.utc).date()


def _day(raw: str, name: str) -> date:
    raw = raw.strip()
    if not ISO_DAY.fullmatch(raw):
        raise PeriodError(f"Date « {raw[:40]} » illisible pour « {name} » : écrivez-la AAAA-MM-JJ "
                          "(par exemple 2026-01-31).")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise PeriodError(f"La date « {raw} » ({name}) n'existe pas dans le calendrier.") from None


def choose_period(args, today: date, retention_days: int) -> Period:
    """The period asked by the address's parameters ``periode``, ``du`` and ``au`` (a mapping
    of strings); 30 days ending today when none. PeriodError, in French, for anything else."""
    since, until = args.get("du"), args.get("au")
    if since is not None or until is not None:
        if not since:
            raise PeriodError("Donnez aussi la date de début (du=AAAA-MM-JJ).")
        first = _day(since, "du")
        last = _day(until, "au") if until else today
        if first > last:
            raise PeriodError(f"La date de début ({first.isoformat()}) est après la date de fin "
                              f"({last.isoformat()}).")
        if last > today:
            raise PeriodError(f"La date de fin ({last.isoformat()}) est dans le futur : "
                              f"aujourd'hui, nous sommes le {today.isoformat()} (UTC).")
        if (last - first).days >= LONGEST:
            raise PeriodError("Période trop longue : dix ans au plus.")
        return Period(first, last, None)
    choice = args.get("periode") or DEFAULT
    if choice == ALL:
        return Period(today - timedelta(days=max(retention_days, 1) - 1), today, ALL)
    if choice not in CHOICES:
        raise PeriodError(f"Période « {choice[:20]} » inconnue : 7, 30, 90 ou tout.")
    return Period(today - timedelta(days=CHOICES[choice] - 1), today, choice)
