"""Turns the plain text of a legal document into HTML paragraphs, headings and lists."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LIST_ITEM_PREFIX = "- "


def is_heading(line: str) -> bool:
    # "PIB: 107661603" is capitals too, but a field, not a heading.
    if ":" in line or len(line) > 120:
        return False
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def legal_text_to_html(text: str) -> SafeString:
    parts: list[str] = []
    list_open = False
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line:
            continue
        if line.startswith(LIST_ITEM_PREFIX):
            if not list_open:
                parts.append("<ul>")
                list_open = True
            parts.append(f"<li>{escape(line[len(LIST_ITEM_PREFIX) :])}</li>")
            continue
        if list_open:
            parts.append("</ul>")
            list_open = False
        if is_heading(line):
            parts.append(f"<h2>{escape(line.capitalize())}</h2>")
        else:
            parts.append(f"<p>{escape(line)}</p>")
    if list_open:
        parts.append("</ul>")
    # Every piece of text above went through escape(); only our own tags are unescaped.
    return mark_safe("\n".join(parts))  # nosec B308 B703: escaped above
