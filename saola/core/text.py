"""Vietnamese text helpers: search folding that ignores diacritics, case and spacing."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s.]")


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d), collapse whitespace.

    "Đăng ký  khai sinh" and "dang ky khai sinh" fold to the same string, so people can
    search the way they type, with or without a Vietnamese keyboard.
    """
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = _NON_WORD.sub(" ", text.lower())
    return _SPACES.sub(" ", text).strip()


def search_terms(query: str, *, max_terms: int = 8) -> list[str]:
    """Split a user query into folded terms (at most `max_terms`, duplicates dropped)."""
    seen: list[str] = []
    for term in fold(query).split(" "):
        if term and term not in seen:
            seen.append(term)
    return seen[:max_terms]
