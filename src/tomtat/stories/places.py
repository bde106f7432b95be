"""Places named in an article: Vietnamese provinces and districts, countries, foreign cities (data/places.tsv).

Two articles that report "a baby found abandoned" in Nam Định and in Phú Yên tell two events, however alike
their words; the province is the cheapest sure sign of that. A name counts only when a whole capitalised
run of words is a place (after a leading "tỉnh", "TP", "huyện"… is set aside), so "Thanh Hà" inside the
person's name "Nguyễn Thanh Hà" is not the district of Hải Dương; and where someone lives or comes from
("quê An Giang", "trú tại …") is not read. Names are compared by match key, so "Khánh Hoà" and "Khánh Hòa"
are one place. A district name shared by several provinces (Châu Thành) names all of them as possible,
and counts for a province only when it has one.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from ..text.normalize import match_key, nfc

DATA = os.path.join(os.path.dirname(__file__), "data", "places.tsv")
VIETNAM = "việt nam"
_WORD = re.compile(r"[^\W_]+(?:\.[^\W_]+)*")
# Where someone lives or comes from ("quê An Giang", "trú tại xã…, tỉnh Hưng Yên") is not where the event
# happened: from such a word to the end of its bracket or sentence, places are not read.
_RESIDENCE = re.compile(r"\b(?:[Qq]uê(?: quán| ở)?|[Tt]hường trú|[Tt]ạm trú|[Tt]rú|[Nn]gụ|[Nn]guyên quán)\b[^.;)\]\n]*")
_ABBREVIATION = re.compile(r"\b(TP|Tp|TX|Tx|Q|H)\.\s*")   # "TP. Hưng Yên": the stop ends no clause
_BREAK = re.compile(r"[.!?:;,()\[\]\"“”'‘’\n–—/|]|\s-\s")
# Words that open a capitalised run without being part of the place's name.
_TYPE_WORDS = ("thành phố", "tỉnh", "tp", "tp.", "huyện", "quận", "thị xã", "tx", "tx.", "h.", "q.",
               "thị trấn", "xã", "phường", "nước", "thủ đô")


@dataclass(frozen=True)
class Gazetteer:
    provinces: dict[str, str]               # match key → canonical province key
    districts: dict[str, frozenset[str]]    # match key → the provinces that have a district of that name
    foreign: dict[str, str]                 # match key → country key (a country names itself)


@lru_cache(maxsize=1)
def gazetteer(path: str = DATA) -> Gazetteer:
    """The place table: name, kind, parent and, for an alias ("TP.HCM", "Sài Gòn"), the name it stands for."""
    provinces: dict[str, str] = {}
    districts: dict[str, set[str]] = {}
    foreign: dict[str, str] = {}
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            name, kind, parent, same_as = (line.rstrip("\n").split("\t") + ["", "", ""])[:4]
            key = match_key(nfc(name))
            rows.append((key, kind.strip(), match_key(nfc(parent)), match_key(nfc(same_as)) or key))
    for key, kind, _parent, canon in rows:   # an alias (4th column) names the place it stands for
        if kind == "province":
            provinces.setdefault(key, canon)
    for key, kind, parent, canon in rows:
        if kind == "district" or (kind == "city" and parent in provinces):
            districts.setdefault(key, set()).add(provinces.get(parent, parent))
        elif kind == "country":
            foreign.setdefault(key, canon)
        elif kind == "city":
            foreign.setdefault(key, foreign.get(parent, parent))
    return Gazetteer(provinces, {k: frozenset(v) for k, v in districts.items()}, foreign)


@dataclass(frozen=True)
class Places:
    provinces: frozenset[str] = frozenset()    # Vietnamese provinces named, or implied by a district of one
    districts: frozenset[str] = frozenset()    # district names (match keys)
    countries: frozenset[str] = frozenset()    # foreign countries named, or implied by one of their cities


def _runs(text: str):
    """Capitalised runs of words within one clause (a comma, bracket or full stop ends a run)."""
    for clause in _BREAK.split(text):
        run: list[str] = []
        for m in _WORD.finditer(clause):
            word = m.group()
            if word[0].isupper():
                run.append(word)
                continue
            if run:
                yield run
            run = []
            if word.lower() in ("tỉnh", "huyện", "quận", "xã", "phường"):
                continue
        if run:
            yield run


# Words that may open a capitalised run before a place's name without being part of it: a sentence's opening
# preposition ("Tại Hà Nội, ..."), and the offices and works named for their province ("UBND TP Đà Nẵng",
# "TAND Hà Nội", "Sở GTVT Hà Nội", "trạm BOT Sóc Trăng"), found in VietNews leads. Sports clubs and teams (CLB,
# FC, ĐT) are left out: a club plays away from home, so its name does not say where a match was.
_HEAD_WORDS = frozenset(("tại", "ở", "từ", "theo", "sau", "ubnd", "hđnd", "tand", "vksnd", "viện", "ksnd", "sở",
                         "cục", "chi", "gtvt", "gd", "đt", "gdđt", "nn", "ptnt", "tn", "mt", "tnmt", "lđtbxh",
                         "csgt", "pccc", "bot", "thuế", "hđxx", "đoàn", "đbqh", "mttq", "bhxh", "ca", "tp"))


def _tails(run: list[str]):
    """The run's key, and the keys of what follows its opening head words ("Tại", "UBND", "Sở GTVT" ...)."""
    yield match_key(" ".join(run))
    for k, word in enumerate(run[:-1]):
        if match_key(word) not in _HEAD_WORDS or (word == "ĐT" and (k == 0 or run[k - 1] != "GD")):
            return
        yield match_key(" ".join(run[k + 1:]))


def _strip_type(key: str) -> str:
    for word in _TYPE_WORDS:
        if key.startswith(word + " "):
            return key[len(word) + 1:]
    return key


def find_places(text: str) -> Places:
    """The places named in `text` (whole capitalised runs only)."""
    table = gazetteer()
    provinces: set[str] = set()
    districts: set[str] = set()
    countries: set[str] = set()
    for run in _runs(_RESIDENCE.sub(" ", _ABBREVIATION.sub(r"\1 ", text))):
        for candidate in (c for key in _tails(run) for c in (key, _strip_type(key))):
            if candidate in table.provinces:
                provinces.add(table.provinces[candidate])
                break
            if candidate in table.districts:
                districts.add(candidate)
                owners = table.districts[candidate]
                if len(owners) == 1:
                    provinces.update(owners)
                break
            if candidate in table.foreign and candidate != VIETNAM:
                countries.add(table.foreign[candidate])
                break
    return Places(frozenset(provinces), frozenset(districts), frozenset(countries))
