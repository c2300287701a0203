"""The webinar's structure, from the organiser's document to exports. Plain Python: no Flask."""
