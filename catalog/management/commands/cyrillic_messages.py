"""Make the Serbian Cyrillic messages (locale/sr) from the Serbian Latin ones, so that nothing
is translated twice. Run after adding Latin translations; the result is committed, and
tests/foundation/test_translations.py fails while it is out of date."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from cestmoi.scripts import cyrillic_message_catalog

LATIN = Path("sr_Latn") / "LC_MESSAGES" / "django.po"
CYRILLIC = Path("sr") / "LC_MESSAGES" / "django.po"


class Command(BaseCommand):
    help = "Write locale/sr (Cyrillic) from locale/sr_Latn by transliteration and compile it."

    def handle(self, *args, **options):
        locale = Path(settings.LOCALE_PATHS[0])
        target = locale / CYRILLIC
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(cyrillic_message_catalog((locale / LATIN).read_text()))
        call_command("compilemessages", locale=["sr"], verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Wrote {target.relative_to(settings.BASE_DIR)}."))
