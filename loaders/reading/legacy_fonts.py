"""Text typed in the legacy Vietnamese fonts, TCVN3 and VNI, found and converted to Unicode.

Older government spreadsheets were typed with the ABC fonts (TCVN3, ``.VnTime``) or
VNI's (``VNI-Times``): the file holds Latin-1 letters and symbols that only the font
draws as Vietnamese (``C«ng ty TNHH Thùc phÈm``, ``Coâng ty TNHH Thöïc phaåm``). The
conversion tables are viparse's (``viparse.normalize``, MIT, pinned): each table maps
the surface characters back to Unicode; VNI gains ``ẳ``/``Ẳ``, the one pair its corpus
never met (the breve-hook mark ``ú``/``Ú`` in VNI's own layout).

How a text is judged: it is cut into words; a word is **Vietnamese** when it is one
well-formed syllable (an initial, a vowel group, a final; one tone mark, and only
sắc or nặng before a final ``c``, ``ch``, ``p``, ``t``). Text that is not Vietnamese
as it stands but is once converted through a table is evidence for that font; text
that is Vietnamese as it stands is Unicode. Words of plain ASCII (``TNHH``, ``ISO``)
say nothing either way.

``ColumnFonts`` decides per column, from the column's first cells that say anything,
and then holds every later cell to the decision: a legacy column converts each cell,
and refuses the file (naming the column) when one does not convert cleanly; a
Unicode column refuses a cell that is plainly legacy (a mixed column). Nothing is
ever stored half converted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from viparse.normalize.tables import Charmap, build_charmap, convert
from viparse.normalize.tcvn3 import TCVN3
from viparse.normalize.vni import VNI

_VNI = build_charmap("vni", [*VNI.pairs, ("aú", "ẳ"), ("AÚ", "Ẳ")])
FONTS: dict[str, Charmap] = {"TCVN3": TCVN3, "VNI": _VNI}
FONT_NAMES = {"TCVN3": "TCVN3 (ABC, .VnTime)", "VNI": "VNI (VNI-Times)"}

# A column is decided from this many of its cells that say something (or the rows
# read so far when fewer exist).
DECIDE_CELLS = 20

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_STOP_TONES = {"\u0301", "\u0323"}  # the only tones before a final c, ch, p, t
_LETTERS = frozenset("abcdefghiklmnopqrstuvxyăâđêôơư")
_VOWELS = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ "
    "uê ui uô uơ uy ưa ưi ươ ưu yê iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu"
).split()
_SYLLABLE = re.compile(
    "(ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?"
    "(" + "|".join(sorted(_VOWELS, key=len, reverse=True)) + ")"
    "(ch|ng|nh|[cmnpt])?"
)
# Words are cut at spaces, digits and ASCII punctuation; Latin-1 symbols stay in
# words, since the legacy fonts use them as letters (``«`` is ô in TCVN3).
_SPLIT = re.compile(r"[\s0-9!-/:-@\[-`{-~]+")


def is_syllable(word: str) -> bool:
    """Whether ``word`` is one well-formed Vietnamese syllable (any case)."""
    tones: list[str] = []
    kept: list[str] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        (tones if ch in _TONES else kept).append(ch)
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(kept))
    if not base or not set(base) <= _LETTERS:
        return False
    match = _SYLLABLE.fullmatch(base)
    if match is None:
        return False
    final = match.group(3)
    if final in ("c", "ch", "p", "t"):
        return bool(tones) and tones[0] in _STOP_TONES
    return True


def _words(text: str) -> list[str]:
    """The words beyond ASCII; a token without a letter (``·``, ``§``) is a symbol."""
    return [w for w in _SPLIT.split(text) if w and not w.isascii() and any(c.isalpha() for c in w)]


def _all_vietnamese(words: Iterable[str]) -> bool:
    return all(is_syllable(w) for w in words)


def convert_text(text: str, font: str) -> str:
    return convert(text, FONTS[font])


@dataclass(frozen=True)
class Verdict:
    """What one text says: Vietnamese as it is, and once converted through each font."""

    unicode: bool
    fonts: dict[str, bool]

    def evidence(self) -> list[str]:
        """The fonts this text is plainly typed in (not Vietnamese as it is, but is
        once converted)."""
        return [] if self.unicode else [f for f, ok in self.fonts.items() if ok]


def judge(text: str) -> Verdict | None:
    """None for text that says nothing (no word beyond ASCII).

    Text with a character beyond Latin-1 (``ư``, ``ạ``, ``đ``, ``–``...) is Unicode: the
    legacy fonts' text is single bytes, so it never holds one. Otherwise the text is
    Unicode when all its words are Vietnamese as they stand; a lone symbol (``Công ty
    Hòa Bình ·``) is no word, so it does not make a Unicode name look legacy. (Not "most
    words": VNI's ``Maõ soá thueá`` and TCVN3's ``Ghi chó néi bé`` have a majority of
    words that read as Vietnamese as they stand.)"""
    words = _words(text)
    if not words:
        return None
    if max(text) > "\u00ff":
        return Verdict(True, dict.fromkeys(FONTS, False))
    fonts = {font: _all_vietnamese(_words(convert_text(text, font))) for font in FONTS}
    return Verdict(_all_vietnamese(words), fonts)


def convert_header(name: str, font: str | None = None) -> tuple[str, str | None]:
    """A header cell in Unicode, and the font it was typed in (None: it was Unicode).
    ``font`` settles a cell that reads as Vietnamese through more than one table."""
    verdict = judge(name)
    fonts = verdict.evidence() if verdict else []
    if len(fonts) > 1 and font in fonts:
        fonts = [font]
    if len(fonts) != 1:
        return name, None
    return unicodedata.normalize("NFC", convert_text(name, fonts[0])), fonts[0]


def convert_headers(names: list[str], font: str | None = None) -> tuple[list[str], str | None]:
    """A header row in Unicode, and its legacy font. A short cell ("Quy moâ") may read
    as Vietnamese through both tables; the font the row's other cells (or the file's
    bytes, ``font``) plainly say decides it."""
    if font is None:
        plain = [f for name in names if (v := judge(name)) and len(f := v.evidence()) == 1]
        counts = {f[0]: plain.count(f) for f in plain}
        font = max(counts, key=lambda f: counts[f]) if counts else None
    converted = [convert_header(name, font) for name in names]
    found = next((f for _, f in converted if f), None)
    return [name for name, _ in converted], found


def font_of_sample(text: str) -> str | None:
    """The legacy font of a whole text, when its words plainly say one (bytes that are
    no Unicode encoding, decoded one byte a character)."""
    words = _words(text)
    if len(words) < 2:
        return None
    best: tuple[int, str] | None = None
    plain = sum(1 for w in words if is_syllable(w))
    for font in FONTS:
        converted = _words(convert_text(text, font))
        good = sum(1 for w in converted if is_syllable(w))
        if good >= 0.9 * len(converted) and good - plain >= max(2, len(words) // 5):
            best = max(best or (good, font), (good, font))
    return best[1] if best else None


@dataclass
class _Column:
    name: str
    font: str | None = None  # decided: "unicode" or a font
    seen: int = 0
    plain: int = 0  # cells Vietnamese as they are
    evidence: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FONTS, 0))
    clean: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FONTS, 0))

    def count(self, verdict: Verdict) -> None:
        self.seen += 1
        for font, ok in verdict.fonts.items():
            self.clean[font] += ok
            if ok and not verdict.unicode:
                self.evidence[font] += 1
        self.plain += verdict.unicode

    def decide(self, hint: str | None) -> str:
        font = max(FONTS, key=lambda f: (self.evidence[f], self.clean[f]))
        if self.evidence[font] > self.plain:
            return font
        if hint and self.seen and self.clean[hint] == self.seen:
            return hint  # every cell converts cleanly and the header was typed in it
        return "unicode"


class LegacyTextError(Exception):
    """A cell that breaks its column's font; the caller words the refusal."""

    def __init__(self, message_id: str, column: str, font: str, value: str) -> None:
        super().__init__(message_id)
        self.message_id, self.column, self.font, self.value = message_id, column, font, value


class ColumnFonts:
    """Per column: Unicode or a legacy font, decided from its first telling cells."""

    def __init__(self, header_font: str | None = None, file_font: str | None = None) -> None:
        self.hint = file_font or header_font
        self.file_font = file_font  # the bytes themselves were legacy: nothing is Unicode
        self.columns: dict[str, _Column] = {}
        self.converted: list[tuple[str, str]] = []  # (column, font), in decision order

    def observe(self, column: str, value: object) -> None:
        """Count a cell of the window before the decision."""
        if isinstance(value, str) and not value.isascii():
            verdict = judge(value)
            if verdict is not None:
                self._column(column).count(verdict)

    def ready(self) -> bool:
        return all(c.seen >= DECIDE_CELLS for c in self.columns.values())

    def decide(self) -> None:
        """Settle every column seen. A column whose every cell reads as Vietnamese both
        as it is and once converted ("nhá", "lín": nhỏ, lớn in TCVN3) follows the font
        the sheet's plainly legacy columns were typed in."""
        pending = [c for c in self.columns.values() if c.font is None and c.seen]
        for column in pending:
            column.font = self.file_font or column.decide(self.hint)
        fonts = {c.font for c in self.columns.values() if c.font not in (None, "unicode")}
        if self.hint is None and len(fonts) == 1:
            self.hint = fonts.pop()
            for column in pending:
                if column.font == "unicode":
                    column.font = column.decide(self.hint)
        for column in pending:
            if column.font != "unicode":
                self.converted.append((column.name, column.font or ""))

    def fix(self, column: str, value: object) -> object:
        """The cell in Unicode; LegacyTextError when it cannot be."""
        if not isinstance(value, str) or value.isascii():
            return value
        state = self._column(column)
        if state.font is None:
            verdict = judge(value)
            if verdict is None:
                return value
            state.count(verdict)
            self._settle(state)
        if state.font == "unicode":
            return self._unicode(state, value)
        as_is = not self.file_font and _all_vietnamese(_words(value))
        if as_is and max(value) > "\u00ff":
            return unicodedata.normalize("NFC", value)  # no legacy font holds it: Unicode
        converted = unicodedata.normalize("NFC", convert_text(value, state.font or ""))
        if _all_vietnamese(_words(converted)):
            return converted
        if as_is:
            return value  # retyped in Unicode: converting it would garble it
        raise LegacyTextError("legacy-font:unclean", column, state.font or "", value)

    def _unicode(self, state: _Column, value: str) -> str:
        if not _MARKERS.search(value):
            return value
        verdict = judge(value)
        fonts = verdict.evidence() if verdict else []
        if fonts:
            raise LegacyTextError("legacy-font:mixed", state.name, fonts[0], value)
        return value

    def _settle(self, state: _Column) -> None:
        state.font = self.file_font or state.decide(self.hint)
        if state.font != "unicode":
            self.converted.append((state.name, state.font))

    def _column(self, name: str) -> _Column:
        state = self.columns.get(name)
        if state is None:
            state = self.columns[name] = _Column(name)
        return state


def _marker_class() -> re.Pattern[str]:
    """Characters of the legacy tables that no Unicode Vietnamese word holds: a cheap
    test of a cell in a Unicode column before it is judged."""
    letters = set()
    for base in "aăâeêioôơuưy":
        for tone in ("", *_TONES):
            letters.add(unicodedata.normalize("NFC", base + tone))
    letters |= {ch.upper() for ch in letters} | set("đĐ")
    chars = {ch for charmap in FONTS.values() for seq, _ in charmap.pairs for ch in seq}
    markers = sorted(ch for ch in chars if not ch.isascii() and ch not in letters)
    return re.compile("[" + re.escape("".join(markers)) + "]")


_MARKERS = _marker_class()
