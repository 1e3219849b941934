"""Serbian is written in two scripts with a one-to-one alphabet (Vuk's: one letter per sound).
The shop keeps its Serbian in Latin and shows Cyrillic (language "sr") by transliterating it,
so nothing is translated twice. Pure functions; placeholders, tags, entities and addresses
inside a text are left as they are, because code and browsers read them."""

import re

CYRILLIC_LANGUAGE = "sr"

_LOWER_PAIRS = (
    ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("đ", "ђ"), ("e", "е"),
    ("ž", "ж"), ("z", "з"), ("i", "и"), ("j", "ј"), ("k", "к"), ("l", "л"), ("lj", "љ"),
    ("m", "м"), ("n", "н"), ("nj", "њ"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"),
    ("t", "т"), ("ć", "ћ"), ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "ц"), ("č", "ч"),
    ("dž", "џ"), ("š", "ш"),
)  # fmt: skip
_TO_CYRILLIC = {}
for _latin, _cyrillic in _LOWER_PAIRS:
    _TO_CYRILLIC[_latin] = _cyrillic
    _TO_CYRILLIC[_latin.capitalize()] = _cyrillic.upper()
    _TO_CYRILLIC[_latin.upper()] = _cyrillic.upper()
_TO_LATIN = {cyrillic: latin for latin, cyrillic in _LOWER_PAIRS}
_TO_LATIN.update({cyrillic.upper(): latin.capitalize() for latin, cyrillic in _LOWER_PAIRS})

# Names and codes that Serbian Cyrillic text keeps in Latin, exactly as spelled: the brand,
# the payment provider and card schemes, currency codes, file and protocol names.
KEPT_IN_LATIN = (
    "C'est Moi Art Jewelry", "C’est Moi Art Jewelry", "C'est Moi", "C’est Moi", "C EST MOI ART JEWELERY", "C EST MOI",
    "Mollie", "DinaCard", "Mastercard", "Visa", "RSD", "EUR", "PDF", "HTTPS", "SSL", "PKI",
)  # fmt: skip
_KEPT = "|".join(re.escape(name) for name in KEPT_IN_LATIN)
KEPT_IN_LATIN_PATTERN = re.compile(rf"(?<!\w)(?:{_KEPT})(?!\w)")
# Left untouched: printf and str.format placeholders, HTML tags and entities, addresses,
# backslash escapes of message catalogs (\n), and the names above (case-sensitive).
_PROTECTED = (
    rf"(?-i:(?<!\w)(?:{_KEPT})(?!\w))|"
    r"\\.|%\([^)]*\)[#0 +-]*\d*(?:\.\d+)?[sdfir]|%[sdfir%]|\{[^{}\s]*\}|<[^>]*>|&#?\w+;"
    r"|https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+"
)
_LATIN_TEXT = re.compile(rf"({_PROTECTED})|(dž|lj|nj|[abcčćdđefghijklmnoprsštuvzž])", re.IGNORECASE)
_CYRILLIC_TEXT = re.compile(rf"({_PROTECTED})|([{''.join(_TO_LATIN)}])")


def to_cyrillic(text: str) -> str:
    """Serbian Latin → Cyrillic: "Ljubičasta ogrlica" → "Љубичаста огрлица", "LJUBAV" → "ЉУБАВ".
    Letters outside the Serbian alphabet (q, w, x, y) stay Latin."""

    def replace(match: re.Match) -> str:
        if match.group(1):
            return match.group(1)
        letters = match.group(2)
        # "lJ" is no Serbian letter (one is "Lj" or "LJ"): its parts are two letters.
        if len(letters) == 2 and letters[0].islower() and letters[1].isupper():
            return _TO_CYRILLIC[letters[0]] + _TO_CYRILLIC[letters[1]]
        return _TO_CYRILLIC[letters]

    return _LATIN_TEXT.sub(replace, text)


def to_latin(text: str) -> str:
    """Serbian Cyrillic → Latin: "Љубав" → "Ljubav", and in capitals "ЉУБАВ" → "LJUBAV"."""

    def replace(match: re.Match) -> str:
        if match.group(1):
            return match.group(1)
        letter = match.group(2)
        latin = _TO_LATIN[letter]
        if len(latin) == 2 and letter.isupper():
            following = text[match.end() : match.end() + 1]
            preceding = text[match.start() - 1 : match.start()] if match.start() else ""
            if following.isupper() or (not following.isalpha() and preceding.isupper()):
                return latin.upper()
        return latin

    return _CYRILLIC_TEXT.sub(replace, text)


def in_active_script(text, language: str):
    """`text` as shown in `language`: transliterated when that is Serbian Cyrillic."""
    if language == CYRILLIC_LANGUAGE and isinstance(text, str):
        return to_cyrillic(text)
    return text


def cyrillic_message_catalog(latin_po: str) -> str:
    """The Cyrillic gettext catalog (locale/sr) made from the Serbian Latin one: every
    translation transliterated whole (a tag or placeholder may span the file's wrapped
    lines), message ids and the header kept, the language renamed."""
    output: list[str] = []
    translation: list[str] = []  # [keyword, quoted part, quoted part, ...]
    is_header = True

    def flush():
        nonlocal is_header
        if not translation:
            return
        keyword, *parts = translation
        text = "".join(part[1:-1] for part in parts)
        if is_header:
            output.append(keyword)
            output.extend(p.replace("Language: sr_Latn", "Language: sr") for p in parts)
            is_header = False
        else:
            output.append(f'{keyword} "{to_cyrillic(text)}"')
        translation.clear()

    for line in latin_po.splitlines():
        if line.startswith("msgstr"):
            flush()
            keyword, _, quoted = line.partition(" ")
            translation.extend([keyword, quoted])
        elif line.startswith('"') and translation:
            translation.append(line)
        else:
            flush()
            output.append(line)
    flush()
    return "\n".join(output) + "\n"
