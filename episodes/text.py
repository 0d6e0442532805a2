"""Text as editors paste it, made fit for every place the site writes it."""

import re
import unicodedata

# Control characters: XML 1.0 has no place for them (Django's feed writer raises on them)
# and HTML counts them as errors. Word's line break (a vertical tab) and the form feed of
# text copied from a PDF stand for new lines; the others stand for nothing. Nor has XML
# a place for U+FFFE and U+FFFF (a byte-swapped byte order mark, in pasted text) or for
# lone surrogates: one in a title would make the whole feed unreadable.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
NEW_LINES = {"\x0b", "\x0c"}


def without_control_characters(text):
    return CONTROL_CHARACTERS.sub(lambda match: "\n" if match[0] in NEW_LINES else "", text)


def name_order(name):
    """Where a name goes in an index a reader scans: without regard to case or accents,
    so "danah boyd" and "Émile Borel" come before "Zoe Adams" (code point order put them
    after "Z")."""
    letters = unicodedata.normalize("NFKD", name)
    return "".join(c for c in letters if not unicodedata.combining(c)).casefold(), name
