"""Vietnamese text: stored as given (NFC, trimmed); matched through folded forms.

``clean`` is what gets stored. ``fold`` is the matching form: lower case, no
diacritics, ``đ`` as ``d``, punctuation as spaces. ``name_key`` also canonicalises
the legal-form words of firm names, so ``Công ty TNHH``, ``Cty TNHH`` and ``TNHH``
compare equal.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Invisible format characters (Unicode category Cf): zero-width spaces and joiners, the
# bidirectional marks, embeddings, overrides and isolates (U+200B-200F, U+202A-202E,
# U+2060-2064, U+2066-206F, U+061C), a BOM inside text (U+FEFF), the soft hyphen...
# They change how text looks or sorts without being seen; none belongs in a name or code.
_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def clean(value: object) -> str | None:
    """NFC, control and invisible format characters removed, whitespace collapsed;
    None when blank (also when nothing visible is left)."""
    if value is None:
        return None
    if isinstance(value, str) and _already_clean(value):
        return value or None
    text = unicodedata.normalize("NFC", str(value))
    text = _INVISIBLE.sub("", _CONTROL.sub("", text))
    text = _SPACES.sub(" ", text).strip()
    return text or None


def _already_clean(text: str) -> bool:
    """True for text ``clean`` would return unchanged (most cells): no work to do."""
    return (
        text.isprintable()  # no control or format characters, no spaces other than " "
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
        and unicodedata.is_normalized("NFC", text)
    )


class _FoldTable(dict[int, str]):
    """Each character's folded form, worked out the first time it is met."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        folded = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
        self[code] = folded.replace("đ", "d")
        return self[code]


_FOLD_TABLE = _FoldTable()


def fold(value: object) -> str:
    """Lower case, no diacritics, ``đ`` = ``d``, runs of anything else as one space."""
    if value is None:
        return ""
    text = str(value).lower().translate(_FOLD_TABLE)
    return _NON_WORD.sub(" ", text).strip()


# Spellings of legal forms, folded, longest first, mapped to one token each.
_LEGAL_FORMS: list[tuple[str, str]] = sorted(
    [
        ("cong ty trach nhiem huu han mot thanh vien", "tnhh1tv"),
        ("cong ty tnhh mot thanh vien", "tnhh1tv"),
        ("cong ty tnhh mtv", "tnhh1tv"),
        ("cty tnhh mtv", "tnhh1tv"),
        ("tnhh mot thanh vien", "tnhh1tv"),
        ("tnhh mtv", "tnhh1tv"),
        ("tnhh 1tv", "tnhh1tv"),
        ("tnhh 1 tv", "tnhh1tv"),
        ("cong ty trach nhiem huu han", "tnhh"),
        ("trach nhiem huu han", "tnhh"),
        ("cong ty tnhh", "tnhh"),
        ("cty tnhh", "tnhh"),
        ("ct tnhh", "tnhh"),
        ("cong ty co phan", "cp"),
        ("cty co phan", "cp"),
        ("cong ty cp", "cp"),
        ("cty cp", "cp"),
        ("ctcp", "cp"),
        ("co phan", "cp"),
        ("doanh nghiep tu nhan", "dntn"),
        ("dntn", "dntn"),
        ("hop tac xa", "htx"),
        ("htx", "htx"),
        ("cong ty hop danh", "hopdanh"),
        ("chi nhanh", "cn"),
        ("cong ty", ""),
        ("cty", ""),
    ],
    key=lambda pair: -len(pair[0]),
)
_LEGAL_FORM_RE = re.compile(
    r"\b(" + "|".join(re.escape(spelling) for spelling, _ in _LEGAL_FORMS) + r")\b"
)
_LEGAL_FORM_TOKEN = dict(_LEGAL_FORMS)


def name_key(value: object) -> str:
    """The matching form of a firm's name (see the module docstring)."""
    folded = fold(value)
    canon = _LEGAL_FORM_RE.sub(lambda m: " " + _LEGAL_FORM_TOKEN[m.group(1)] + " ", folded)
    return _SPACES.sub(" ", canon).strip()


def standard_keys(code: object) -> list[str]:
    """Match keys of a standard's code: folded, and without a national adoption prefix.

    ``TCVN ISO 9001:2015`` gives ``tcvn iso 9001 2015`` and ``iso 9001 2015``, so a
    prefix query ``iso 9001`` finds it (see ``standard_matches``).
    """
    folded = fold(code)
    keys = [folded] if folded else []
    for prefix in ("tcvn ", "qcvn ", "bs en ", "en ", "bs "):
        if folded.startswith(prefix) and folded[len(prefix) :][:3] in {"iso", "iec"}:
            keys.append(folded[len(prefix) :])
    return keys


def standard_query(text: object) -> str:
    """The folded prefix a ``standard`` filter matches against ``standard_keys``."""
    return fold(text)
