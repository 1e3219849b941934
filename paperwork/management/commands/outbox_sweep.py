"""Hand over the due outbox items now: what beat does every minute, for a shop running without
beat (the embedded default) or an operator who does not want to wait."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from paperwork.outbox import outbox_sweep


class Command(BaseCommand):
    help = "Hand over again the pending background tasks that are due."

    def handle(self, *args, **options):
        count = outbox_sweep(now=timezone.now())
        self.stdout.write(f"{count} background task(s) handed over.")
