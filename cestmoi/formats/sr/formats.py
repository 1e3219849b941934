"""Serbian in Cyrillic writes dates and amounts as in Latin."""

from cestmoi.formats.sr_Latn.formats import *  # noqa: F403 - the same formats, by design
