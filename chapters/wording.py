"""French words shared by the pages and the pictures: dates."""

MONTHS = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
).split()


def french_date(iso: str) -> str:
    """``2021-05-04`` -> ``4 mai 2021`` (the text as given when it is not an ISO date)."""
    try:
        year, month, day = (int(part) for part in str(iso).split("-"))
        return f"{'1er' if day == 1 else day} {MONTHS[month - 1]} {year}"
    except (ValueError, IndexError):
        return str(iso)
