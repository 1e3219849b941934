"""Every user-facing string exists in all three languages: English is the source, Serbian
Latin is translated by hand (every string the code marks has a translation), and Serbian
Cyrillic is the Latin catalogue transliterated (locale/sr is up to date with it)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.utils import translation
from django.views import defaults

from cestmoi.scripts import cyrillic_message_catalog

ROOT = Path(settings.BASE_DIR)
LATIN = ROOT / "locale" / "sr_Latn" / "LC_MESSAGES" / "django.po"
CYRILLIC = ROOT / "locale" / "sr" / "LC_MESSAGES" / "django.po"
NOT_SOURCE = shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "__pycache__", "tests")


def untranslated(po_text: str) -> list[str]:
    """The message ids of entries without a translation, or only a guessed (fuzzy) one."""
    missing = []
    for entry in po_text.split("\n\n")[1:]:
        msgid = "".join(re.findall(r'^(?:msgid|")\s*"?(.*)"$', entry.split("msgstr")[0], re.M))
        translations = re.findall(r'^msgstr(?:\[\d\])? "(.*)"\n?((?:".*"\n?)*)', entry, re.M)
        if "#, fuzzy" in entry or any(not (first or rest) for first, rest in translations):
            missing.append(msgid)
    return missing


def test_every_marked_string_has_a_serbian_translation(tmp_path):
    # makemessages on a copy: it rewrites the catalogue it reads, which must stay hand-kept.
    copy = tmp_path / "shop"
    shutil.copytree(ROOT, copy, ignore=NOT_SOURCE, symlinks=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "sr_Latn", "--no-obsolete", "-v0"],
        cwd=copy,
        check=True,
    )
    extracted = (copy / "locale" / "sr_Latn" / "LC_MESSAGES" / "django.po").read_text()
    assert untranslated(extracted) == []


def test_every_marked_javascript_string_has_a_serbian_translation(tmp_path):
    """Strings the scripts mark with gettext() (the djangojs domain), should any appear."""
    copy = tmp_path / "shop"
    shutil.copytree(ROOT, copy, ignore=NOT_SOURCE, symlinks=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-d", "djangojs", "-l", "sr_Latn", "-v0"],
        cwd=copy,
        check=True,
    )
    extracted = copy / "locale" / "sr_Latn" / "LC_MESSAGES" / "djangojs.po"
    if not any("gettext(" in script.read_text() for script in (ROOT / "static").rglob("*.js")):
        return  # no script shows text of its own today
    assert untranslated(extracted.read_text()) == []


def test_the_cyrillic_catalogue_is_the_latin_one_transliterated():
    expected = cyrillic_message_catalog(LATIN.read_text())
    assert CYRILLIC.read_text() == expected, "run: manage.py cyrillic_messages"
    assert 'msgstr "Ваша корпа је празна."' in expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "handler",
    [
        lambda request: defaults.bad_request(request, SuspiciousOperation()),
        lambda request: defaults.permission_denied(request, PermissionDenied()),
        lambda request: defaults.page_not_found(request, Http404()),
        defaults.server_error,
    ],
    ids=["400", "403", "404", "500"],
)
def test_the_error_pages_speak_the_visitors_language(rf, handler):
    """The shop's own error pages, as Django's handlers render them: Django's bare fallbacks
    ("Bad Request (400)", "403 Forbidden") are English whatever the visitor reads."""
    pages = {}
    for language in ("en", "sr-latn"):
        request = rf.get("/")
        request.user = AnonymousUser()
        request.session = {}
        with translation.override(language):
            html = handler(request).content.decode()
        assert f'<html lang="{language}">' in html
        pages[language] = re.search(r"<h1>(.*?)</h1>", html).group(1)
    assert pages["sr-latn"] != pages["en"], pages
