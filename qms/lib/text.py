"""Vietnamese text normalisation for search: people type without diacritics."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_PUNCTUATION = re.compile(r"[\W_]+")


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics and map đ to d: "Quy trình Đào tạo" -> "quy trinh dao tao"."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def searchable(code: str, *texts: str | None) -> str:
    """The folded search column of a coded object: the code, the code again as separate words,
    then the texts. PostgreSQL's parser keeps "30/2020/nd-cp" or "1.001193" as one token and
    reads "qt-01" as "qt" and the number "-01", which the words a person types ("qt 01",
    "30/2020") would never match; the separate words make them match."""
    folded = fold(code)
    return " ".join(
        part for part in [folded, _PUNCTUATION.sub(" ", folded), *map(fold, texts)] if part
    )


def search_terms(query: str | None) -> list[str]:
    """The folded words of a query, in order, without punctuation."""
    return _WORD.findall(fold(query))


def nfc(text: str) -> str:
    """Store text composed (NFC), whatever the keyboard produced."""
    return unicodedata.normalize("NFC", text)
