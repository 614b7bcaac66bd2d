"""Vietnamese text normalisation for search: people type without diacritics."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics and map đ to d: "Quy trình Đào tạo" -> "quy trinh dao tao"."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def search_terms(query: str | None) -> list[str]:
    """The folded words of a query, in order, without punctuation."""
    return _WORD.findall(fold(query))


def nfc(text: str) -> str:
    """Store text composed (NFC), whatever the keyboard produced."""
    return unicodedata.normalize("NFC", text)
