"""What a complaint's and a withdrawal's timelines have in common: each step is a row written
once, in the order it happened, never edited."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseEvent(models.Model):
    """One step on a case's timeline; the case (its foreign key) and the kinds of step are the
    concrete model's."""

    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ("at", "pk")
