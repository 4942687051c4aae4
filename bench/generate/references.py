"""A labelled set of name-only references to the world's firms: how well does linking do?

Each ``Reference`` is a firm's name as another agency's clerk might write it, with no
tax code (sometimes an address), and the tax code a careful person would link it to:
``expected=None`` marks a decoy that must not link (a firm the register does not hold,
or a name several firms share). Categories:

- spellings of a register firm: trade words abbreviated (SX, TM, DV, XNK, XD, ĐT),
  legal forms abbreviated (Cty, C.TY, CTCP, DNTN, HTX, TNHH MTV / 1TV) or spelled out,
  the legal form left out, punctuation and case, no diacritics, a place in brackets
  (or after a dash or a comma),
  the trade words moved after the name, one typing slip, two of those at once, an
  address beside the name, a branch named with its place, twins told apart by address;
- decoys: the same words under another legal form, another distinctive word or trade
  word, a name twins share with no address, an unqualified branch of a firm with
  several, and firms from elsewhere.

Ground truth comes from the generator (legal form and core of each firm), never from
the hub's own name handling.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from .chains import CHAINS, TRADE_ROLES
from .draw import seeded
from .mess import strip_marks, variant
from .model import Firm, World
from .names import fold
from .vocabulary import BRAND_A, BRAND_B, GENERAL_PROFILES, OUTSIDER_BRANDS, QUALIFIERS


@dataclass(frozen=True)
class Reference:
    name: str
    address: str | None
    expected: str | None  # the firm's tax code; None: must not link
    category: str


_TRADE_ABBREVIATIONS = (
    ("Xuất nhập khẩu", ("XNK",)),
    ("Sản xuất", ("SX", "Sx")),
    ("Thương mại", ("TM", "T.M")),
    ("Dịch vụ", ("DV", "D.V")),
    ("Xây dựng", ("XD",)),
    ("Đầu tư", ("ĐT", "DT")),
)
_FORM_SHORT = {
    "Công ty TNHH MTV": ("Cty TNHH MTV", "C.TY TNHH MTV", "Công ty TNHH 1TV", "CTY TNHH MTV"),
    "Công ty TNHH Một thành viên": ("Cty TNHH MTV", "Cty TNHH 1TV"),
    "Công ty TNHH": ("Cty TNHH", "C.TY TNHH", "CTY TNHH", "Cty. TNHH", "CT TNHH", "C.ty TNHH"),
    "Công ty Cổ phần": ("CTCP", "Cty CP", "C.TY CP", "Công ty CP", "Cty Cổ phần"),
    "Doanh nghiệp tư nhân": ("DNTN", "D.N.T.N", "DN tư nhân"),
    "Hợp tác xã": ("HTX", "H.T.X"),
}
_FORM_LONG = {
    "TNHH MTV": ("trách nhiệm hữu hạn một thành viên", "TNHH một thành viên"),
    "TNHH": ("Trách nhiệm hữu hạn", "trách nhiệm hữu hạn"),
    "DNTN": ("Doanh nghiệp tư nhân",),
    "HTX": ("Hợp tác xã",),
    "Cổ phần": ("cổ phần",),
}
_OTHER_FORM = {
    "TNHH": ("Công ty Cổ phần", "CTCP", "DNTN", "HTX", "Công ty TNHH MTV"),
    "TNHH MTV": ("Công ty Cổ phần", "Cty CP", "Hợp tác xã", "Công ty TNHH"),
    "CP": ("Công ty TNHH", "Cty TNHH", "DNTN", "HTX"),
    "DNTN": ("Công ty Cổ phần", "HTX", "Hợp tác xã"),
    "HTX": ("Công ty Cổ phần", "DNTN", "Doanh nghiệp tư nhân"),
}
_FAMILY = {"TNHH": "TNHH", "TNHH MTV": "TNHH MTV", "CP": "CP", "DNTN": "DNTN", "HTX": "HTX"}
# The key to the right of each letter (to the left at a row's end): a slipped finger.
_NEIGHBOURS = {
    row[i]: row[i + 1] if i + 1 < len(row) else row[i - 1]
    for row in ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    for i in range(len(row))
}


def _trade_words() -> list[str]:
    words = {w for p in GENERAL_PROFILES for w in p.words} | set(QUALIFIERS)
    for chain in CHAINS:
        words |= set(chain.farm_words) | set(chain.processor_words)
    for role_words, _, _ in TRADE_ROLES.values():
        words |= set(role_words)
    return sorted(words, key=lambda w: (-len(w), w))


_TRADE = _trade_words()


def linking_set(world: World, seed: int, size: int) -> list[Reference]:
    """About ``size`` references to ``world.firms``, the same for the same seed."""
    return _Builder(world, seeded(seed, "linking")).build(size)


class _Builder:
    def __init__(self, world: World, rng: random.Random) -> None:
        self.rng = rng
        self.world = world
        twins = {f for pair in world.twins for f in pair}
        self.plain = [f for f in world.firms if f not in twins and f.head is None]
        self.branches: dict[Firm, list[Firm]] = {}
        for firm in world.firms:
            if firm.head is not None:
                self.branches.setdefault(firm.head, []).append(firm)
        # (legal-form family, folded core) of every firm: what a decoy must not name.
        self.held = {(_FAMILY[f.legal_form], fold(f.core)) for f in world.firms}
        self.cores = {fold(f.core) for f in world.firms}

    def build(self, size: int) -> list[Reference]:
        makers: list[tuple[str, int, Callable[[], Reference | None]]] = [
            ("abbreviated_trade_words", 8, self.trade_abbreviated),
            ("abbreviated_legal_form", 8, self.form_abbreviated),
            ("spelled_out_legal_form", 6, self.form_spelled_out),
            ("no_legal_form", 7, self.no_form),
            ("punctuation_case", 7, self.punctuation_case),
            ("no_diacritics", 7, self.no_diacritics),
            ("bracketed_place", 7, self.bracketed_place),
            ("word_order", 7, self.word_order),
            ("typo", 7, self.typo),
            ("two_changes", 8, self.two_changes),
            ("with_address", 5, self.with_address),
            ("branch_with_place", 3, self.branch_with_place),
            ("twin_by_address", 2, self.twin_by_address),
            ("decoy_other_legal_form", 6, self.other_form),
            ("decoy_other_distinctive_word", 6, self.other_word),
            ("decoy_other_trade_word", 3, self.other_trade_word),
            ("decoy_shared_name", 3, self.shared_name),
            ("decoy_unqualified_branch", 2, self.unqualified_branch),
            ("decoy_outsider", 3, self.outsider),
        ]
        total = sum(weight for _, weight, _ in makers)
        out: list[Reference] = []
        for category, weight, make in makers:
            wanted = max(1, round(size * weight / total))
            made = 0
            for _ in range(wanted * 20):
                if made == wanted:
                    break
                ref = make()
                if ref is not None:
                    out.append(Reference(ref.name, ref.address, ref.expected, category))
                    made += 1
        self.rng.shuffle(out)
        return out

    # Spellings of a register firm ---------------------------------------------------

    def firm(self) -> Firm:
        return self.rng.choice(self.plain)

    def _as(self, firm: Firm, name: str | None, address: str | None = None) -> Reference | None:
        if name is None or name == firm.name:
            return None
        return Reference(name, address, firm.tax_code, "")

    def trade_abbreviated(self) -> Reference | None:
        firm = self.firm()
        return self._as(firm, _abbreviate_trade(self.rng, firm.name))

    def form_abbreviated(self) -> Reference | None:
        firm = self.firm()
        return self._as(firm, _swap_form(self.rng, firm.name, _FORM_SHORT))

    def form_spelled_out(self) -> Reference | None:
        firm = self.firm()
        return self._as(firm, _swap_form(self.rng, firm.name, _FORM_LONG))

    def no_form(self) -> Reference | None:
        firm = self.firm()
        return self._as(firm, firm.core)

    def punctuation_case(self) -> Reference | None:
        firm = self.firm()
        name = firm.name
        style = self.rng.randrange(4)
        if style == 0:
            name = name.upper()
        elif style == 1:
            name = name.lower()
        words = name.split()
        cut = self.rng.randrange(1, len(words))
        glue = self.rng.choice((" - ", ", ", ". ", " -", "  "))
        return self._as(firm, " ".join(words[:cut]) + glue + " ".join(words[cut:]) + ".")

    def no_diacritics(self) -> Reference | None:
        firm = self.firm()
        name = strip_marks(firm.name)
        return self._as(firm, name.upper() if self.rng.random() < 0.4 else name)

    def bracketed_place(self) -> Reference | None:
        firm = self.firm()
        place = self.rng.choice((firm.ward.short, firm.ward.district_short, "Bình Dương"))
        opening, closing = self.rng.choice(
            ((" (", ")"), (" [", "]"), (" ( ", " )"), (" - ", ""), (", ", ""))
        )
        return self._as(firm, f"{firm.name}{opening}{place}{closing}")

    def word_order(self) -> Reference | None:
        firm = self.firm()
        moved = _trade_last(firm.core)
        return self._as(firm, moved and firm.name.replace(firm.core, moved))

    def typo(self) -> Reference | None:
        firm = self.firm()
        return self._as(firm, _typo(self.rng, firm.name, firm.core))

    def two_changes(self) -> Reference | None:
        firm = self.firm()
        name = variant(self.rng, firm.name)
        name = _abbreviate_trade(self.rng, name) or _swap_form(self.rng, name, _FORM_SHORT) or name
        return self._as(firm, name)

    def with_address(self) -> Reference | None:
        firm = self.firm()
        name = _swap_form(self.rng, firm.name, _FORM_SHORT) or strip_marks(firm.name)
        return self._as(firm, name, firm.address)

    def branch_with_place(self) -> Reference | None:
        heads = [h for h, bs in self.branches.items() if len(bs) == 1]
        if not heads:
            return None
        branch = self.branches[self.rng.choice(heads)][0]
        head = branch.head
        assert head is not None
        head_name = _swap_form(self.rng, head.name, _FORM_SHORT) or head.name
        name = self.rng.choice(
            (f"CN {head_name} ({branch.ward.district_short})", f"Chi nhánh {head_name}")
        )
        return Reference(name, None, branch.tax_code, "")

    def twin_by_address(self) -> Reference | None:
        pairs = [p for p in self.world.twins if p[0].ward.short != p[1].ward.short]
        if not pairs:
            return None
        firm = self.rng.choice(self.rng.choice(pairs))
        return Reference(firm.core, firm.address, firm.tax_code, "")

    # Decoys -------------------------------------------------------------------------

    def other_form(self) -> Reference | None:
        firm = self.firm()
        form = self.rng.choice(_OTHER_FORM[firm.legal_form])
        family = _family_of(form)
        if (family, fold(firm.core)) in self.held:
            return None
        return Reference(f"{form} {firm.core}", None, None, "")

    def other_word(self) -> Reference | None:
        firm = self.firm()
        words = firm.core.split()
        brand = [i for i, w in enumerate(words) if w in BRAND_A or w in BRAND_B]
        if not brand:
            return None
        i = self.rng.choice(brand)
        words[i] = self.rng.choice([w for w in BRAND_A + BRAND_B if fold(w) != fold(words[i])])
        core = " ".join(words)
        if fold(core) in self.cores:
            return None
        return Reference(firm.name.replace(firm.core, core), None, None, "")

    def other_trade_word(self) -> Reference | None:
        firm = self.firm()
        trade = next((w for w in _TRADE if firm.core.startswith(w + " ")), None)
        if trade is None:
            return None
        other = self.rng.choice([w for w in _TRADE if w not in trade and trade not in w])
        core = other + firm.core[len(trade) :]
        if fold(core) in self.cores:
            return None
        return Reference(firm.name.replace(firm.core, core), None, None, "")

    def shared_name(self) -> Reference | None:
        if not self.world.twins:
            return None
        first, _ = self.rng.choice(self.world.twins)
        name = first.core if self.rng.random() < 0.7 else strip_marks(first.core).upper()
        return Reference(name, None, None, "")

    def unqualified_branch(self) -> Reference | None:
        heads = [h for h, bs in self.branches.items() if len(bs) > 1]
        if not heads:
            return None
        head = self.rng.choice(heads)
        return Reference(f"Chi nhánh {head.name}", None, None, "")

    def outsider(self) -> Reference | None:
        firm = self.firm()
        trade = next((w for w in _TRADE if firm.core.startswith(w + " ")), "Thương mại")
        core = f"{trade} {self.rng.choice(OUTSIDER_BRANDS)}"
        if fold(core) in self.cores:
            return None
        return Reference(f"{self.rng.choice(_FORM_SHORT['Công ty TNHH'])} {core}", None, None, "")


# Spelling changes -------------------------------------------------------------------


def _abbreviate_trade(rng: random.Random, name: str) -> str | None:
    found = [
        (long, shorts) for long, shorts in _TRADE_ABBREVIATIONS if long.lower() in name.lower()
    ]
    if not found:
        return None
    glue = rng.choice((" ", "-", " - ", "&"))
    out = name
    for long, shorts in found:
        out = re.sub(re.escape(long), rng.choice(shorts), out, flags=re.IGNORECASE)
    # "SX TM" as the clerk runs them together
    return re.sub(r"\b(SX|TM|DV|XNK|XD) (?=(SX|TM|DV|XNK|XD)\b)", lambda m: m.group(1) + glue, out)


def _swap_form(rng: random.Random, name: str, table: dict[str, tuple[str, ...]]) -> str | None:
    for spelling, others in table.items():
        if spelling in name:
            return name.replace(spelling, rng.choice(others), 1)
    return None


def _trade_last(core: str) -> str | None:
    """The trade words moved after the proper name ("Gỗ Minh Phát" -> "Minh Phát Gỗ")."""
    for lead in [*QUALIFIERS, ""]:
        if lead and not core.startswith(lead + " "):
            continue
        rest = core[len(lead) :].strip()
        trade = next((w for w in _TRADE if rest.startswith(w + " ")), None)
        if trade and rest != trade:
            name = rest[len(trade) :].strip()
            return " ".join(p for p in (lead, name, trade) if p)
    return None


def _typo(rng: random.Random, name: str, core: str) -> str | None:
    """One slip of the fingers in a word of the firm's own name."""
    words = core.split()
    long = [i for i, w in enumerate(words) if len(w) >= 4]
    if not long:
        return None
    i = rng.choice(long)
    word = words[i]
    at = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        word = word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]
    elif kind == 1:
        word = word[:at] + word[at] + word[at:]
    elif kind == 2:
        word = word[:at] + word[at + 1 :]
    else:
        key = _NEIGHBOURS.get(word[at].lower(), "a")
        word = word[:at] + key + word[at + 1 :]
    words[i] = word
    return name.replace(core, " ".join(words))


def _family_of(form: str) -> str:
    folded = fold(form)
    if "mtv" in folded.split() or "1tv" in folded.split() or "mot thanh vien" in folded:
        return "TNHH MTV"
    if "tnhh" in folded:
        return "TNHH"
    if "cp" in folded.split() or "co phan" in folded or folded == "ctcp":
        return "CP"
    return "DNTN" if "tu nhan" in folded or "dntn" in folded else "HTX"
