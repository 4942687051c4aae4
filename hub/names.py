"""Vietnamese business names, taken apart for matching.

A firm's name is read as: a branch marker (``Chi nhánh``, ``CN``), a legal form
(``Công ty TNHH``, ``CTCP``, ``DNTN``, ``HTX``, ``Co., Ltd``...), the distinctive
words (trade words and the proper name, in any order), and qualifiers (a place in
brackets, ``tại Bình Dương`` or ``- Chi nhánh Dĩ An`` after a branch marker).

``parse`` returns those parts with every spelling of one thing made one term: the
legal forms and the common trade abbreviations (``SX`` = ``Sản xuất``, ``TM-DV``,
``XNK``, ``C.TY``...) are one vocabulary, read in both directions, so ``Cty TNHH SX TM
Gỗ Minh Phát`` and ``Công ty trách nhiệm hữu hạn Sản xuất Thương mại Gỗ Minh Phát``
give the same parts. Terms are folded (no case, no diacritics); ``marks`` keeps each
word's diacritics beside it, for telling ``Tiến`` from ``Tiên`` when a row has them.

An abbreviation with several readings (``ĐT``: đầu tư or điện tử) is kept as a term
that agrees with any of them (``term_options``); nothing here guesses between them.
Stored names are never changed: this is the matching form only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from hub.text import fold

# Legal forms: folded spellings -> one form each. ``company`` is "công ty" with no
# type: a TNHH, a CP or a partnership, but neither a DNTN nor an HTX.
_FORMS: dict[str, tuple[str, ...]] = {
    "tnhh1tv": (
        "tnhh mtv",
        "tnhh 1tv",
        "tnhh 1 tv",
        "tnhh mot tv",
        "tnhh mot thanh vien",
        "tnhh 1 thanh vien",
        "trach nhiem huu han mot thanh vien",
        "trach nhiem huu han 1 thanh vien",
        "trach nhiem huu han mtv",
        "one member co ltd",
        "one member limited liability company",
        "single member limited liability company",
    ),
    "tnhh": (
        "tnhh",
        "trach nhiem huu han",
        "tnhh hai thanh vien",
        "tnhh 2tv",
        "tnhh hai thanh vien tro len",
        "limited liability company",
        "company limited",
        "co ltd",
        "ltd",
        "llc",
        "limited",
    ),
    "cp": ("cp", "co phan", "jsc", "joint stock company", "jsco", "j s c"),
    "dntn": ("dntn", "doanh nghiep tu nhan", "dn tu nhan", "doanh nghiep tn", "dn tn"),
    "htx": ("htx", "hop tac xa", "co operative", "cooperative"),
    "hopdanh": ("hop danh", "partnership"),
    "company": ("cong ty", "cty", "cong ti", "company", "ct"),
}
# "Công ty" with no type may be any of these. A single-member TNHH is not a TNHH here:
# registers and agencies keep "TNHH MTV" as a form of its own, and a name under the
# other one may be another firm (a person decides, in review).
_COMPANY_TYPES = frozenset({"tnhh", "tnhh1tv", "cp", "hopdanh", "company"})

# Trade words and their abbreviations: each group is one term (its key). Vietnamese
# spellings carry their diacritics, so "Văn Tài" (a person's name) is never read as
# "vận tải" when a row writes the marks.
_TERMS: dict[str, tuple[str, ...]] = {
    "sx": ("sản xuất", "sx", "production", "manufacturing"),
    "tm": ("thương mại", "tm", "trading", "commerce", "commercial"),
    "dv": ("dịch vụ", "dv", "service", "services"),
    "xnk": ("xuất nhập khẩu", "xnk", "import export"),
    "xk": ("xuất khẩu", "xk", "export"),
    "nk": ("nhập khẩu", "nk", "import"),
    "xd": ("xây dựng", "xd", "construction"),
    "kd": ("kinh doanh", "kd"),
    "pt": ("phát triển", "pt", "development"),
    "tb": ("thiết bị", "tb", "equipment"),
    "vl": ("vật liệu", "vl", "materials"),
    "dautu": ("đầu tư", "investment"),
    "dientu": ("điện tử", "electronics"),
    "daotao": ("đào tạo", "training"),
    "congnghe": ("công nghệ", "technology"),
    "congnghiep": ("công nghiệp", "industrial", "industry"),
    "vantai": ("vận tải", "transport"),
    "vattu": ("vật tư",),
    "kythuat": ("kỹ thuật", "kĩ thuật", "technical"),
}
# Abbreviations that may stand for several terms.
_AMBIGUOUS = {
    "dt": ("dautu", "dientu", "daotao"),
    "cn": ("congnghe", "congnghiep"),
    "vt": ("vantai", "vattu"),
    "kt": ("kythuat",),
}
# Words that say what a firm does in general, not which firm it is: they may stand
# anywhere in a name, a slip in one is not a slip in the name, and they alone never
# select candidates. (Left out, they still make another name: the register may hold
# both "Sản xuất Gỗ Minh Phát" and "Gỗ Minh Phát".)
GENERIC = frozenset({"sx", "tm", "dv", "xnk", "xk", "nk", "kd", "pt", "dautu"})

_BRANCH = ("chi nhanh", "van phong dai dien", "vpdd", "branch")
_BRANCH_WORDS = frozenset(m.split()[0] for m in _BRANCH) | {"cn"}
# Pieces a run-together token may be made of: "TMDV", "SXTMXNK", "CTCP", "CTYTNHH".
_UNITS = frozenset(
    {"sx", "tm", "dv", "xnk", "xk", "nk", "xd", "kd", "tb", "vl", "dt", "cn", "vt", "kt", "pt"}
    | {"cty", "ct", "tnhh", "cp", "mtv", "1tv", "dntn", "htx"}
)

_BRACKETS = re.compile(r"[(\[{]([^)\]}]*)[)\]}]?")
_SEPARATOR = re.compile(r"\s+[-–]\s+|\s*[,;]\s*")
# A dot after a lone letter joins it to what follows: C.TY, T.N.H.H, H.T.X.
_INITIAL_DOT = re.compile(r"(?<=\b\w)\.(?=\w)")
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}


@dataclass(frozen=True)
class FirmName:
    """A firm's name taken apart (see the module docstring)."""

    form: str | None  # tnhh, tnhh1tv, cp, dntn, htx, hopdanh, company, or None
    branch: bool
    terms: tuple[str, ...]  # the distinctive words, folded, abbreviations as terms
    places: tuple[str, ...]  # folded words of the qualifiers
    marks: tuple[str, ...]  # per term: its diacritics as written ("" when none/unknown)
    tail: int = 0  # the last terms may be a place set off by a dash or a comma
    bare: bool = False  # this reading sets that place aside (``readings``)

    @property
    def marked(self) -> bool:
        """True when the name was written with diacritics (so they can be compared)."""
        return any(self.marks)

    def readings(self) -> tuple[FirmName, ...]:
        """The name as written, and, when it ends in a place set off by a dash or a comma
        ("Tân Tiến Bao Bì - Dĩ An"), the name without it (the place as a qualifier): which
        one a register name matches is the comparison's business, not the parser's."""
        if not self.tail:
            return (self,)
        cut = len(self.terms) - self.tail
        places = self.places + self.terms[cut:]
        bare = FirmName(
            self.form, self.branch, self.terms[:cut], places, self.marks[:cut], bare=True
        )
        return (self, bare)


def forms_agree(a: str | None, b: str | None) -> bool:
    """Whether two legal forms may be one firm's (an absent form agrees with any)."""
    if a is None or b is None or a == b:
        return True
    if "company" in (a, b):
        return (b if a == "company" else a) in _COMPANY_TYPES
    return False


def term_options(term: str) -> tuple[str, ...]:
    """The terms an abbreviation may stand for (a plain term stands for itself)."""
    return _AMBIGUOUS.get(term, (term,))


def is_ambiguous(term: str) -> bool:
    return term in _AMBIGUOUS


def is_generic(term: str) -> bool:
    return term in GENERIC


@lru_cache(maxsize=4096)
def parse(name: str) -> FirmName:
    """Take a firm's name apart; an empty name gives no terms."""
    text = unicodedata.normalize("NFC", name).lower()
    places: list[str] = []
    for inner in _BRACKETS.findall(text):
        places.extend(fold(inner).split())
    text = _BRACKETS.sub(" ", text)
    place_words = _place_tail(text)
    text = _INITIAL_DOT.sub("", text).replace("&", " ")
    folded, marked = _tokens(re.split(r"[^\w]+", text))
    branch, folded, marked, branch_places = _branch(folded, marked)
    places.extend(branch_places)
    form, folded, marked = _legal_form(folded, marked)
    terms, marks = _terms(folded, marked)
    size = len(place_words)
    tail = size if 0 < size < len(terms) and terms[-size:] == place_words else 0
    return FirmName(form, branch, tuple(terms), tuple(places), tuple(marks), tail)


# Steps of ``parse`` ------------------------------------------------------------------


def _place_tail(text: str) -> list[str]:
    """The folded words of a place set off at the end ("Tân Tiến Bao Bì - Dĩ An",
    "..., Bình Dương"): the part after the last spaced dash or comma, when it names an
    administrative unit. A stray dash inside a name ("Gốm sứ - Bảo Hòa") looks alike,
    so the words stay in the name too (``FirmName.readings``)."""
    parts = _SEPARATOR.split(text)
    if len(parts) < 2 or not parts[-1].strip() or not "".join(parts[:-1]).strip():
        return []
    from hub.geo.units import resolve_unit  # the unit catalogue loads on first use

    return fold(parts[-1]).split() if resolve_unit(parts[-1]) else []


def _tokens(words: list[str]) -> tuple[list[str], list[str]]:
    """Folded tokens and each one's diacritics; run-together abbreviations split
    ("tmdv" -> "tm", "dv"), the connector "và" dropped."""
    tokens: list[str] = []
    marks: list[str] = []
    for word in words:
        pieces, mark = _word(word)
        tokens.extend(pieces)
        marks.extend([mark] if len(pieces) == 1 else [""] * len(pieces))
    return tokens, marks


@lru_cache(maxsize=65536)
def _word(word: str) -> tuple[tuple[str, ...], str]:
    """One written word's folded pieces and diacritics (words repeat: cached)."""
    parts = fold(word).split()
    mark = _mark_signature(word)
    if not parts or (parts == ["va"] and mark in ("", "va1")):
        return (), ""
    return (_segment(parts[0]) if len(parts) == 1 else tuple(parts)), mark


@lru_cache(maxsize=2048)
def _segment(token: str) -> tuple[str, ...]:
    """``token`` as two or more known pieces, or as itself when it is not made of them."""
    if len(token) < 4 or token in _UNITS:
        return (token,)
    best: dict[int, tuple[str, ...]] = {0: ()}
    for end in range(1, len(token) + 1):
        for start in range(max(0, end - 4), end):
            if start in best and token[start:end] in _UNITS:
                best[end] = (*best[start], token[start:end])
                break
    pieces = best.get(len(token))
    return pieces if pieces and len(pieces) > 1 else (token,)


def _mark_signature(word: str) -> str:
    """A word's diacritics as letters-with-quality-marks plus its tone number.

    ``hoà`` and ``hòa`` (old and new tone placement) give the same signature; a word
    without any mark gives "" (nothing to compare).
    """
    decomposed = unicodedata.normalize("NFD", word)
    tone = 0
    letters = []
    for ch in decomposed:
        if ch in _TONES:
            tone = _TONES[ch]
        else:
            letters.append(ch)
    base = unicodedata.normalize("NFC", "".join(letters))
    if tone == 0 and base.isascii():
        return ""
    return f"{base}{tone}"


def _branch(tokens: list[str], marks: list[str]) -> tuple[bool, list[str], list[str], list[str]]:
    """Remove a branch marker; what follows ``tại``, or a trailing marker, is a place."""
    if _BRANCH_WORDS.isdisjoint(tokens):
        return False, tokens, marks, []
    for marker in _BRANCH:
        at = _find(tokens, marker.split())
        if at is None:
            continue
        size = len(marker.split())
        before, after = tokens[:at], tokens[at + size :]
        if at > 0 and not _find(after, ["cong", "ty"]) and not _starts_form(after):
            # "Công ty TNHH X - Chi nhánh Dĩ An": the words after the marker are a place.
            return True, before, marks[:at], after
        return (True, *_place_after_tai(before + after, marks[:at] + marks[at + size :]))
    if tokens[:1] == ["cn"] and len(tokens) > 1 and _starts_form(tokens[1:]):
        return (True, *_place_after_tai(tokens[1:], marks[1:]))
    return False, tokens, marks, []


def _place_after_tai(tokens: list[str], marks: list[str]) -> tuple[list[str], list[str], list[str]]:
    """A branch's "... tại Bình Dương": the words after the last "tại" are a place
    (never "Tài", a name: the marks tell them apart when the row has them)."""
    for cut in range(len(tokens) - 2, 0, -1):
        if tokens[cut] == "tai" and marks[cut] in ("", "tai5"):
            return tokens[:cut], marks[:cut], tokens[cut + 1 :]
    return tokens, marks, []


def _starts_form(tokens: list[str]) -> bool:
    return any(tokens[: len(s.split())] == s.split() for s in _ALL_FORM_SPELLINGS)


def _legal_form(tokens: list[str], marks: list[str]) -> tuple[str | None, list[str], list[str]]:
    """Remove every legal-form phrase; the most specific one found is the form."""
    form: str | None = None
    kept: list[str] = []
    kept_marks: list[str] = []
    i = 0
    while i < len(tokens):
        match = _form_at(tokens, i)
        if match is None:
            kept.append(tokens[i])
            kept_marks.append(marks[i])
            i += 1
            continue
        found, size = match
        if form is None or form == "company" or (form == "tnhh" and found == "tnhh1tv"):
            form = found if found != "company" or form is None else form
        i += size
    return form, kept, kept_marks


def _form_at(tokens: list[str], i: int) -> tuple[str, int] | None:
    for words, form in _FORMS_BY_FIRST.get(tokens[i], ()):
        if tokens[i : i + len(words)] != list(words):
            continue
        if words == ("ct",) and not (i + 1 < len(tokens) and _form_at(tokens, i + 1)):
            continue  # "CT" is "công ty" only before a form ("CT TNHH")
        if form == "tnhh" and tokens[i + len(words) : i + len(words) + 1] == ["mtv"]:
            return "tnhh1tv", len(words) + 1
        return form, len(words)
    if tokens[i] == "mtv" and i > 0:  # "TNHH ... MTV" split by a dash or a typo
        return "tnhh1tv", 1
    if tokens[i] == "ctcp":
        return "cp", 1
    if tokens[i] == "cty" or tokens[i] == "ctty":
        return "company", 1
    return None


def _terms(tokens: list[str], marks: list[str]) -> tuple[list[str], list[str]]:
    """Trade phrases and abbreviations as one term each, other words as they are."""
    terms: list[str] = []
    term_marks: list[str] = []
    i = 0
    while i < len(tokens):
        found = _term_at(tokens, marks, i)
        if found is None:
            terms.append(tokens[i])
            term_marks.append(marks[i])
            i += 1
        else:
            terms.append(found[0])
            term_marks.append("")
            i += found[1]
    return terms, term_marks


def _term_at(tokens: list[str], marks: list[str], i: int) -> tuple[str, int] | None:
    """The term whose spelling starts at ``i`` (the longest), allowing in a phrase of
    two or more words one slip of the fingers in one word ("Xây dựựng")."""
    slipped = None
    nearby = _TERMS_BY_WORD.get((0, tokens[i]), [])
    if i + 1 < len(tokens):
        nearby = nearby + _TERMS_BY_WORD.get((1, tokens[i + 1]), [])
    for words, word_marks, term in nearby:
        size = len(words)
        here, here_marks = tokens[i : i + size], marks[i : i + size]
        if len(here) < size or any(map(marks_clash, here_marks, word_marks)):
            continue
        if here == list(words):
            return term, size
        if slipped is None and size > 1 and _one_slip(here, words):
            slipped = (term, size)
    return slipped


def _one_slip(tokens: list[str], words: tuple[str, ...]) -> bool:
    """One word of the phrase one edit off and no Vietnamese word at all ("Xây dựựng",
    "Xuất nhập hkẩu"); a real word is another word ("Nông nghiệp" is not "công nghiệp",
    "Kho van Lai" is not "vận tải")."""
    differ = [(t, w) for t, w in zip(tokens, words, strict=True) if t != w]
    if len(differ) != 1:
        return False
    typed, meant = differ[0]
    return len(meant) >= 3 and OSA.distance(typed, meant) == 1 and not is_syllable(typed)


def _find(tokens: list[str], words: list[str]) -> int | None:
    for i in range(len(tokens) - len(words) + 1):
        if tokens[i : i + len(words)] == words:
            return i
    return None


# Longest spellings first, so "tnhh mot thanh vien" wins over "tnhh".
_FORM_SPELLINGS: list[tuple[str, str]] = sorted(
    ((spelling, form) for form, spellings in _FORMS.items() for spelling in spellings),
    key=lambda pair: -len(pair[0].split()),
)
_ALL_FORM_SPELLINGS = [s for s, _ in _FORM_SPELLINGS] + ["cty", "ctcp"]
_TERM_SPELLINGS: list[tuple[tuple[str, ...], tuple[str, ...], str]] = sorted(
    [
        (tuple(fold(spelling).split()), tuple(map(_mark_signature, spelling.split())), term)
        for term, spellings in [*_TERMS.items(), *((a, (a,)) for a in _AMBIGUOUS)]
        for spelling in spellings
    ],
    key=lambda entry: -len(entry[0]),
)
# Spellings that hold a word at a place (0: first, 1: second), longest first: a phrase
# with one slip still has its first or its second word right.
_TERMS_BY_WORD: dict[tuple[int, str], list[tuple[tuple[str, ...], tuple[str, ...], str]]] = {}
for _entry in _TERM_SPELLINGS:
    for _place, _first in enumerate(_entry[0][:2]):
        _TERMS_BY_WORD.setdefault((_place, _first), []).append(_entry)
_FORMS_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _spelling, _form in _FORM_SPELLINGS:
    _FORMS_BY_FIRST.setdefault(_spelling.split()[0], []).append((tuple(_spelling.split()), _form))


# Vietnamese syllables once folded: an onset and a rhyme from these lists, spelt by the
# c/k, g/gh and ng/ngh rules. A word outside them is no Vietnamese word: a typing slip
# (or a foreign word), never another firm's name.
_ONSETS = "ngh ng nh ch gh gi kh ph th tr qu b c d g h k l m n p r s t v x".split() + [""]
_RHYMES = frozenset(
    """a ac ach ai am an ang anh ao ap at au ay e ec ech em en eng enh eo ep et eu
    i ia ich iec iem ien ieng iep iet ieu im in inh ip it iu
    o oa oac oach oai oam oan oang oanh oao oap oat oay oc oe oen oeo oet oi om on ong
    ooc oong op ot u ua uan uang uac uat uay uc ue uech uen uenh ui um un ung uo uoc
    uoi uom uon uong uop uot uou up ut uu uy uya uych uyen uyet uynh uyt uyu
    y yen yet yeu ynh""".split()
)
_FRONT = ("e", "i", "y")


def is_syllable(token: str) -> bool:
    """Whether a folded token could be a Vietnamese syllable ("tien" yes, "tieen" no)."""
    for onset in _ONSETS:
        if not token.startswith(onset):
            continue
        rhyme = token[len(onset) :]
        if rhyme in _RHYMES and _spelt_right(onset, rhyme):
            return True
    return False


def _spelt_right(onset: str, rhyme: str) -> bool:
    front = rhyme.startswith(_FRONT)
    if onset in ("k", "gh", "ngh"):
        return front
    if onset == "c" or onset == "ng":
        return not front
    return not (onset == "g" and rhyme.startswith("e"))


def marks_clash(a: str, b: str) -> bool:
    """Whether two spellings of one folded word carry different diacritics, each
    written on purpose: two different tones, or two different vowel marks on one
    letter ("Tiền" and "Tiến"; "Tân" and "Tăn"). A mark left out is no clash."""
    if not a or not b or a == b:
        return False
    tone_a, tone_b = int(a[-1]), int(b[-1])
    if tone_a and tone_b and tone_a != tone_b:
        return True
    return any(x != y and not x.isascii() and not y.isascii() for x, y in zip(a, b, strict=False))
