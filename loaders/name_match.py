"""One name as a row wrote it against one name of the register: how close, and why.

Both names come taken apart by ``hub.names.parse``. Levels, best first:

- ``SAME``: the same distinctive words; blocks of words may stand in another order
  ("Gỗ Minh Phát" and "Minh Phát Gỗ", never "Phát Minh Gỗ").
- ``TYPO``: one word is not a word (not Vietnamese, unknown to the register) and is
  one edit from the register's ("Mihn" for "Minh"); or the words run together.
- ``NEAR``: anything else a reviewer may want to see; no rule links on it. A name
  with words left out is one of these, even generic ones: "Sản xuất Gỗ Minh Phát" and
  "Gỗ Minh Phát" may be two firms of one register.

Legal forms and branch markers must agree for any level above ``NEAR``; so must the
diacritics a row wrote on purpose. Every comparison says which words agreed and
what differed: that is the evidence stored on the link.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import IntEnum

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from hub.names import (
    FirmName,
    forms_agree,
    is_ambiguous,
    is_generic,
    is_syllable,
    marks_clash,
    term_options,
)


class Level(IntEnum):
    NEAR = 0
    TYPO = 1
    SAME = 2


@dataclass(frozen=True)
class Comparison:
    level: Level
    score: float  # 0..1, for ordering candidates in review
    contains: bool  # the register's name holds every word of the row's
    agreed: tuple[str, ...]
    differed: tuple[str, ...]


def compare(ref: FirmName, cand: FirmName, vocabulary: Collection[str] = ()) -> Comparison:
    """How ``ref`` (a row's name) stands against ``cand`` (a register name).

    ``vocabulary`` holds the register's words: a word found there is another name,
    never a typo.
    """
    r, c = _resolve_abbreviations(ref.terms, cand.terms)
    have, want = Counter(r), Counter(c)
    shared = have & want
    common = tuple(t for t in dict.fromkeys(r) if t in shared)
    differed: list[str] = []
    level, contains = _words_level(r, c, have, want, vocabulary, differed)
    differed.extend(_form_notes(ref, cand))
    if not forms_agree(ref.form, cand.form) or ref.branch != cand.branch:
        level = Level.NEAR
    clashes = _clashes(ref, cand)
    if clashes:
        differed.append("diacritics " + ", ".join(clashes))
        level = Level.NEAR
    agreed = common + ((f"form {ref.form}",) if ref.form and ref.form == cand.form else ())
    return Comparison(level, _score(level, ref, cand, r, c), contains, agreed, tuple(differed))


def _words_level(
    r: Sequence[str],
    c: Sequence[str],
    have: Counter[str],
    want: Counter[str],
    vocabulary: Collection[str],
    differed: list[str],
) -> tuple[Level, bool]:
    if not r:
        return Level.NEAR, False
    if have == want:
        if _order_agrees(r, c):
            if _distinct(r) != _distinct(c):
                differed.append("word order")
            return Level.SAME, True
        differed.append("word order changes the name")
        return Level.NEAR, True
    extra, missing = have - want, want - have
    if not extra:
        differed.append("register has more: " + " ".join(sorted(missing.elements())))
        return Level.NEAR, True
    if "".join(r) == "".join(c):
        differed.append(f"spacing {' '.join(r)} / {' '.join(c)}")
        return Level.TYPO, False
    if sum(extra.values()) == 1 and sum(missing.values()) == 1:
        (typed,), (meant,) = list(extra.elements()), list(missing.elements())
        if _is_typo(typed, meant, vocabulary):
            differed.append(f"typo {typed} for {meant}")
            return Level.TYPO, False
        differed.append(f"{typed} instead of {meant}")
        return Level.NEAR, False
    differed.append("not in the register's name: " + " ".join(sorted(extra.elements())))
    return Level.NEAR, False


def _is_typo(typed: str, meant: str, vocabulary: Collection[str]) -> bool:
    """A word that is no word, within one edit (two for long words) of the register's."""
    if typed in vocabulary or is_syllable(typed) or is_generic(typed) or is_generic(meant):
        return False
    if any(ch.isdigit() for ch in typed + meant):
        return False  # "Minh Phát 2" is not "Minh Phát 3"
    allowed = 2 if min(len(meant), len(typed)) >= 7 else 1
    return len(meant) >= 3 and OSA.distance(typed, meant) <= allowed


def _distinct(terms: Sequence[str]) -> list[str]:
    """The words that name the firm, in order (generic words may stand anywhere)."""
    return [t for t in terms if not is_generic(t)]


def _order_agrees(r: Sequence[str], c: Sequence[str]) -> bool:
    """Same order, or one block of words moved past another, one of them at least two
    words long: "Thực phẩm Minh Phát" / "Minh Phát Thực phẩm", not "Phát Minh"."""
    a, b = _distinct(r), _distinct(c)
    if a == b:
        return True
    n = len(a)
    for i in range(n):
        for j in range(i + 1, n):
            for k in range(j + 1, n + 1):
                if j - i < 2 and k - j < 2:
                    continue
                if a[:i] + a[j:k] + a[i:j] + a[k:] == b:
                    return True
    return False


def _resolve_abbreviations(
    r: Sequence[str], c: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Read an abbreviation with several meanings ("ĐT") as the one the other name has."""
    if not any(is_ambiguous(t) for t in (*r, *c)):
        return tuple(r), tuple(c)

    def read(terms: Sequence[str], other: Sequence[str]) -> tuple[str, ...]:
        present = set(other)
        out = []
        for term in terms:
            options = term_options(term)
            out.append(next((o for o in options if o in present), term))
        return tuple(out)

    return read(r, c), read(c, r)


def _form_notes(ref: FirmName, cand: FirmName) -> list[str]:
    notes = []
    if ref.form != cand.form:
        notes.append(f"legal form {ref.form or 'not given'} / {cand.form or 'not given'}")
    if ref.branch != cand.branch:
        notes.append("branch / head office")
    return notes


def _clashes(ref: FirmName, cand: FirmName) -> list[str]:
    """Words both names wrote with different diacritics on purpose."""
    if not ref.marked or not cand.marked:
        return []
    theirs: dict[str, list[str]] = {}
    for term, mark in zip(cand.terms, cand.marks, strict=True):
        theirs.setdefault(term, []).append(mark)
    return [
        f"{mark[:-1]} / {theirs[term][0][:-1]}"
        for term, mark in zip(ref.terms, ref.marks, strict=True)
        if term in theirs and all(marks_clash(mark, other) for other in theirs[term])
    ]


def _score(
    level: Level, ref: FirmName, cand: FirmName, r: Sequence[str], c: Sequence[str]
) -> float:
    if level == Level.SAME:
        return 1.0 if ref.form == cand.form else 0.97
    if level == Level.TYPO:
        return 0.85
    similarity = 0.8 * fuzz.token_sort_ratio(" ".join(r), " ".join(c)) / 100
    if not forms_agree(ref.form, cand.form) or ref.branch != cand.branch:
        similarity -= 0.08
    return round(max(0.0, similarity), 3)
