from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class LegalDocumentKind(models.TextChoices):
    # The values double as the URL slugs, so they never change.
    TERMS = "terms-of-service", _("Terms of service")
    DATA_PROTECTION = "data-protection-rules", _("Personal data protection rules")
    PRIVACY = "privacy-policy", _("Privacy policy")


class LegalDocument(models.Model):
    """One published version of a legal text. Versions are never edited once customers
    may have accepted them: publish a new version instead (orders record the version)."""

    kind = models.CharField(_("kind"), max_length=40, choices=LegalDocumentKind.choices)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    published_on = models.DateField(
        _("published on"), help_text=_("The version is in force from this date.")
    )
    body = models.TextField(
        _("text"),
        help_text=_(
            "Plain text. A line in CAPITALS becomes a heading, a line starting with '- ' a list item."
        ),
    )
    owner_review = models.TextField(
        _("for the owner to check"),
        blank=True,
        help_text=_(
            "What was corrected or is doubtful in this version and needs the owner's (or a "
            "lawyer's) confirmation. Shown to staff only."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ("kind", "-version")
        constraints = [
            models.UniqueConstraint(fields=("kind", "version"), name="legal_document_kind_version"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"

    def get_absolute_url(self):
        return reverse("legal:document_version", args=(self.kind, self.version))

    def language_shown(self, language: str) -> str:
        """The language whose text a shopper reading `language` sees: Serbian (either script)
        when this version has a Serbian text, otherwise English, and the reverse."""
        serbian = language in ("sr", "sr-latn")
        if serbian and self.body_sr_latn:
            return language
        if not serbian and self.body_en:
            return "en"
        return "en" if serbian else "sr-latn"
