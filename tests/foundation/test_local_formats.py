"""Dates are written by the language's format module (cestmoi/formats/<language>/formats.py),
never by a format spelled out in a template or in Python: a hard-coded "d.m.Y" shows English
readers "05.12.2026" and Serbian readers a date without pravopis' spaces ("5. 12. 2026.")."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {".venv", "tests", "bench", "devtools", "node_modules", "var", "static", ".git"}
# Named formats, times of day and the ISO date of a machine-read address (?day=2026-12-05).
ALLOWED_DATE_ARGUMENTS = re.compile(
    r"(SHORT_)?DATE(TIME)?_FORMAT|MONTH_DAY_FORMAT|YEAR_MONTH_FORMAT|H:i(:s)?|Y-m-d|c"
)
TEMPLATE_DATE_FILTER = re.compile(r"\|date:[\"']([^\"']*)[\"']")
# strftime / f-string formats that write a day, month and year for people to read.
PYTHON_DATE_FORMAT = re.compile(r"%d[./ -]+%m|%m/%d|%-?d\.\s?%-?m\.|\bj\.\s?n\.\s?Y\b|\bd\.m\.Y\b")


def _files(*suffixes):
    for path in BASE_DIR.rglob("*"):
        relative = path.relative_to(BASE_DIR)
        if relative.parts[0] in SKIPPED_DIRS or not path.is_file():
            continue
        if path.suffix in suffixes:
            yield relative, path.read_text(encoding="utf-8", errors="replace")


def test_templates_use_only_named_date_formats():
    offending = [
        (str(relative), argument)
        for relative, text in _files(".html", ".txt", ".xml")
        for argument in TEMPLATE_DATE_FILTER.findall(text)
        if not ALLOWED_DATE_ARGUMENTS.fullmatch(argument)
    ]
    assert offending == []


def test_python_builds_no_date_for_people_with_a_spelled_out_format():
    offending = [
        f"{relative}:{number}"
        for relative, text in _files(".py")
        # The format modules themselves say how dates are read from forms.
        if relative.parts[:2] != ("cestmoi", "formats")
        for number, line in enumerate(text.splitlines(), start=1)
        if PYTHON_DATE_FORMAT.search(line)
    ]
    assert offending == []
