"""The copies of a publication repeat it: each printable view its page, each table's CSV its sheet of the workbook.

This is what lets the attack tests (test_differencing.py) read only the pages, workbooks and API answers: a figure
that changed in a copy has changed in its original.
"""

from __future__ import annotations

from app.models import CampaignStatus
from tests.privacy.readings import Reading, publications_of, read_one, without_source
from tests.privacy.test_differencing import attacked_network


def _comparable(value: str):
    """A figure as a number when it is one (the CSV writes 3,4 where the workbook holds 3.4), else its text."""
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return value


def _cells(reading: Reading) -> set[tuple[str, str, object]]:
    return {(row, column, _comparable(value)) for (_, row, column), value in without_source(reading).items() if row}


def _sheets(reading: Reading) -> list[set[tuple[str, str, object]]]:
    names = {place.section for place in reading if place.section}
    return [_cells({p: v for p, v in reading.items() if p.section == name}) for name in sorted(names)]


def _status(reading: Reading) -> str:
    return next(value for place, value in reading.items() if place.column == "statut")


def test_printable_views_and_csv_files_repeat_their_page_and_workbook(client, make, db, login):
    """Read on a closed campaign, where every table has figures (the copies are drawn by the same code either way)."""
    world = attacked_network(make, CampaignStatus.CLOSED)
    login("coordinator", world["network"])
    originals: dict[str, Reading] = {}
    for copy, original in publications_of(db.session, world["now"]).copies:
        if original not in originals:
            originals[original] = read_one(client, original)
        read = read_one(client, copy)
        if ".csv" in copy:
            # a table the dashboard does not hold (no second instrument: no items) has no CSV, and no sheet either
            if _status(read) == "200":
                assert _status(originals[original]) == "200", copy
                assert _cells(read) in _sheets(originals[original]), f"{copy} is no sheet of {original}"
            continue
        assert _status(read) == _status(originals[original]), copy
        page, printed = without_source(originals[original]), without_source(read)
        differing = sorted(key for key in set(page) | set(printed) if page.get(key) != printed.get(key))
        assert not differing, (copy, [(key, page.get(key), printed.get(key)) for key in differing[:10]])
