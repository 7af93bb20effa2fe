"""Essen's districts (Stadtteile), boroughs (Stadtbezirke) and postal codes, with fuzzy lookup."""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

logger = logging.getLogger(__name__)

__all__ = [
    "BOROUGHS",
    "DISTRICTS",
    "POSTAL_CODES",
    "AreaMatch",
    "District",
    "district_by_name",
    "exact_area",
    "find_area_in_text",
    "fold",
    "haversine_km",
    "is_essen_postal_code",
    "resolve_area",
]

DEFAULT_MIN_SCORE = 85.0
"""Fuzzy score (0..100) below which a district name is not accepted."""


@dataclass(frozen=True)
class District:
    """One of Essen's 50 Stadtteile."""

    name: str
    borough: str
    postal_codes: tuple[str, ...]
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class AreaMatch:
    """The result of looking up a district name or postal code."""

    district: str
    """The main Stadtteil the query stands for."""
    borough: str
    """The Stadtbezirk of `district`, e.g. "Stadtbezirk II"."""
    postal_codes: tuple[str, ...]
    """The queried postal code, or the postal codes of the matched district(s)."""
    districts: tuple[str, ...]
    """All Stadtteile the query stands for (several for a postal code or "Altenessen")."""
    score: float
    """100 for an exact name, alias or postal code; lower for a fuzzy match."""
    postal_code: str | None = None
    """The postal code if the query was one."""
    lat: float | None = None
    lon: float | None = None
    """Approximate centre (about 1 km), only where the reference gives a place there."""
    alternatives: tuple[str, ...] = ()
    """Other districts a fuzzy query fits almost as well ("Schonebeck": Schönebeck)."""


# Boroughs and their districts, from the city's division (9 Stadtbezirke, 50 Stadtteile).
BOROUGHS: dict[str, tuple[str, ...]] = {
    "Stadtbezirk I": (
        "Stadtkern",
        "Ostviertel",
        "Nordviertel",
        "Westviertel",
        "Südviertel",
        "Südostviertel",
        "Huttrop",
        "Frillendorf",
    ),
    "Stadtbezirk II": ("Rüttenscheid", "Rellinghausen", "Bergerhausen", "Stadtwald"),
    "Stadtbezirk III": (
        "Altendorf",
        "Frohnhausen",
        "Holsterhausen",
        "Fulerum",
        "Haarzopf",
        "Margarethenhöhe",
    ),
    "Stadtbezirk IV": (
        "Bochold",
        "Borbeck-Mitte",
        "Bedingrade",
        "Schönebeck",
        "Frintrop",
        "Dellwig",
        "Gerschede",
        "Bergeborbeck",
    ),
    "Stadtbezirk V": ("Altenessen-Nord", "Altenessen-Süd", "Karnap", "Vogelheim"),
    "Stadtbezirk VI": ("Katernberg", "Stoppenberg", "Schonnebeck"),
    "Stadtbezirk VII": ("Steele", "Kray", "Freisenbruch", "Horst", "Leithe"),
    "Stadtbezirk VIII": (
        "Burgaltendorf",
        "Byfang",
        "Heisingen",
        "Kupferdreh",
        "Überruhr-Hinsel",
        "Überruhr-Holthausen",
    ),
    "Stadtbezirk IX": ("Bredeney", "Fischlaken", "Heidhausen", "Kettwig", "Schuir", "Werden"),
}

# Postal code -> main districts. Postal areas do not follow district borders; approximate.
POSTAL_CODES: dict[str, tuple[str, ...]] = {
    "45127": ("Stadtkern",),
    "45128": ("Südviertel",),
    "45130": ("Rüttenscheid",),
    "45131": ("Rüttenscheid",),
    "45133": ("Bredeney",),
    "45134": ("Stadtwald",),
    "45136": ("Bergerhausen",),
    "45138": ("Huttrop",),
    "45139": ("Frillendorf",),
    "45141": ("Stoppenberg",),
    "45143": ("Altendorf",),
    "45144": ("Frohnhausen",),
    "45145": ("Frohnhausen",),
    "45147": ("Holsterhausen",),
    "45149": ("Haarzopf", "Margarethenhöhe", "Fulerum"),
    "45219": ("Kettwig",),
    "45239": ("Werden", "Heidhausen", "Fischlaken"),
    "45257": ("Kupferdreh", "Byfang"),
    "45259": ("Heisingen",),
    "45276": ("Steele",),
    "45277": ("Überruhr-Hinsel", "Überruhr-Holthausen"),
    "45279": ("Freisenbruch", "Horst"),
    "45289": ("Burgaltendorf",),
    "45307": ("Kray", "Leithe"),
    "45309": ("Schonnebeck",),
    "45326": ("Altenessen-Süd",),
    "45327": ("Katernberg",),
    "45329": ("Altenessen-Nord", "Karnap"),
    "45355": ("Borbeck-Mitte", "Bedingrade"),
    "45356": ("Bochold", "Bergeborbeck", "Vogelheim"),
    "45357": ("Dellwig", "Gerschede"),
    "45359": ("Frintrop", "Schönebeck"),
}

# Approximate centres (WGS84, about 1 km): the Bürgermobil's places from the reference.
# Districts without a known place stay without coordinates.
_COORDINATES: dict[str, tuple[float, float]] = {
    "Borbeck-Mitte": (51.474, 6.950),  # Neuer Markt
    "Werden": (51.388, 7.004),  # Werdener Markt
    "Schonnebeck": (51.482, 7.058),  # Karl-Meyer-Platz
    "Katernberg": (51.492, 7.043),  # Katernberger Markt
    "Haarzopf": (51.420, 6.953),  # Fulerumer Straße 221
    "Stadtkern": (51.456, 7.014),  # Kennedyplatz
    "Frohnhausen": (51.447, 6.975),  # Frohnhauser Platz
    "Kettwig": (51.362, 6.944),  # Bürgermeister-Fiedler-Platz
    "Steele": (51.450, 7.077),  # Dreiringplatz
    "Frintrop": (51.480, 6.925),  # Frintroper Straße 411
    "Rüttenscheid": (51.437, 7.005),  # Rüttenscheider Platz
    "Überruhr-Hinsel": (51.426, 7.085),  # Schulte-Hinsel-Straße
    "Freisenbruch": (51.452, 7.100),  # Philosophenweg 33
    "Kupferdreh": (51.392, 7.082),  # Kupferdreher Markt
}

# Where a name stands for several districts, the reference's place there (Altenessener Markt).
_ALIAS_COORDINATES: dict[str, tuple[float, float]] = {"altenessen": (51.491, 7.009)}

# Names people use for one or several districts. `text_ok`: also searched inside longer texts.
_ALIASES: dict[str, tuple[tuple[str, ...], bool]] = {
    "Rü": (("Rüttenscheid",), False),
    "Rue": (("Rüttenscheid",), False),
    "Borbeck": (("Borbeck-Mitte",), True),
    "Altenessen": (("Altenessen-Nord", "Altenessen-Süd"), True),
    "Überruhr": (("Überruhr-Hinsel", "Überruhr-Holthausen"), True),
    "Hinsel": (("Überruhr-Hinsel",), True),
    "Holthausen": (("Überruhr-Holthausen",), True),
    "Innenstadt": (("Stadtkern",), True),
    "Stadtmitte": (("Stadtkern",), True),
    "City": (("Stadtkern",), False),
    "Zentrum": (("Stadtkern",), False),
    "Essen-Mitte": (("Stadtkern",), False),
    "Margaretenhöhe": (("Margarethenhöhe",), True),
    "Margarethenhoehe": (("Margarethenhöhe",), True),
    "Kettwig vor der Brücke": (("Kettwig",), True),
}

# Neighbouring towns and their districts that look like Essen names ("Wattenscheid").
_NOT_ESSEN = frozenset(
    {
        "bochum",
        "wattenscheid",
        "oberhausen",
        "muelheim",
        "muelheim an der ruhr",
        "bottrop",
        "gelsenkirchen",
        "gladbeck",
        "velbert",
        "heiligenhaus",
        "ratingen",
        "hattingen",
        "duisburg",
        "dortmund",
        "herne",
        "mettmann",
        "sprockhoevel",
        "witten",
    }
)

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_WORD = re.compile(r"[^a-z0-9]+")
_POSTAL_IN_TEXT = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_STREET_WORDS = frozenset(
    {"str", "strasse", "weg", "platz", "allee", "ring", "gasse", "ufer", "damm", "pfad", "chaussee"}
)
# District names that are also common first names: in a text only as "Essen-Horst".
_TEXT_NEEDS_ESSEN = frozenset({"horst"})
_FILLER = frozenset({"essen", "in", "im", "am", "nach", "bei", "stadtteil", "bezirk", "the"})


def fold(text: str) -> str:
    """Lower-case, fold umlauts (ä→ae …), drop other accents and punctuation."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_FOLD)
    if not text.isascii():  # ASCII has no accents to drop (most messages, once umlauts are folded)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text).strip()


def _build_districts() -> dict[str, District]:
    """Join boroughs, postal codes and coordinates into District records."""
    codes: dict[str, list[str]] = {}
    for code, names in POSTAL_CODES.items():
        for name in names:
            codes.setdefault(name, []).append(code)
    result: dict[str, District] = {}
    for borough, names in BOROUGHS.items():
        for name in names:
            lat, lon = _COORDINATES.get(name, (None, None))
            result[name] = District(name, borough, tuple(codes.get(name, ())), lat, lon)
    return result


DISTRICTS: dict[str, District] = _build_districts()
"""All 50 Stadtteile by their official name."""

# folded name or alias -> (districts, text_ok)
_INDEX: dict[str, tuple[tuple[str, ...], bool]] = {
    **{fold(name): ((name,), True) for name in DISTRICTS},
    **{fold(alias): value for alias, value in _ALIASES.items()},
}
_MAX_NGRAM = max(len(key.split()) for key in _INDEX)


def district_by_name(name: str) -> District | None:
    """Return the District with exactly this official name, if any."""
    return DISTRICTS.get(name)


def is_essen_postal_code(code: str) -> bool:
    """Tell whether `code` is one of Essen's postal codes."""
    return code.strip() in POSTAL_CODES


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat = rlat2 - rlat1
    dlon = math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _match(
    districts: tuple[str, ...],
    score: float,
    postal_code: str | None = None,
    key: str | None = None,
    alternatives: tuple[str, ...] = (),
) -> AreaMatch:
    """Build an AreaMatch for one or several districts (`key`: the matched folded name)."""
    main = DISTRICTS[districts[0]]
    lat, lon = main.lat, main.lon
    if key in _ALIAS_COORDINATES:
        lat, lon = _ALIAS_COORDINATES[key]
    if postal_code is not None:
        codes: tuple[str, ...] = (postal_code,)
    else:
        codes = tuple(dict.fromkeys(c for d in districts for c in DISTRICTS[d].postal_codes))
    return AreaMatch(
        district=main.name,
        borough=main.borough,
        postal_codes=codes,
        districts=districts,
        score=score,
        postal_code=postal_code,
        lat=lat,
        lon=lon,
        alternatives=alternatives,
    )


def _postal_match(code: str) -> AreaMatch | None:
    """Look up an Essen postal code."""
    names = POSTAL_CODES.get(code)
    return _match(names, 100.0, code) if names else None


def _strip_filler(tokens: list[str]) -> list[str]:
    """Drop words like "Essen", "in", "am" around a district name."""
    kept = [t for t in tokens if t not in _FILLER]
    return kept or tokens


def exact_area(name: str) -> AreaMatch | None:
    """Look up an official district name, an alias or a postal code, without fuzziness."""
    text = name.strip()
    if re.fullmatch(r"\d{5}", text):
        return _postal_match(text)
    key = " ".join(_strip_filler(fold(text).split()))
    hit = _INDEX.get(key)
    return _match(hit[0], 100.0, key=key) if hit else None


def resolve_area(text: str, min_score: float = DEFAULT_MIN_SCORE) -> AreaMatch | None:
    """Find the Essen district or postal code a short text names, tolerating typos."""
    stripped = text.strip()
    if not stripped:
        return None
    codes = _POSTAL_IN_TEXT.findall(stripped)
    if codes:  # a postal code decides; one that is not Essen's means "not in Essen"
        return next((m for m in map(_postal_match, codes) if m is not None), None)
    exact = exact_area(stripped)
    if exact is not None:
        return exact
    query = " ".join(_strip_filler(fold(stripped).split()))
    if len(query) < 4 or query in _NOT_ESSEN:
        return None
    scored: list[tuple[float, int, str]] = []
    for key in _INDEX:
        score = float(fuzz.ratio(query, key))
        if len(query) >= 5 and key.startswith(query):
            score = max(score, 90.0)
        scored.append((score, -abs(len(key) - len(query)), key))
    scored.sort(reverse=True)
    best_score, _, best_key = scored[0]
    if best_score < min_score:
        return None
    names = _INDEX[best_key][0]
    others = tuple(
        dict.fromkeys(
            d
            for score, _, key in scored[1:]
            if score >= best_score - 2.0
            for d in _INDEX[key][0]
            if d not in names
        )
    )
    return _match(names, round(best_score, 1), key=best_key, alternatives=others)


def _ngrams(tokens: list[str]) -> Iterable[tuple[int, int, str]]:
    """Yield (start, length, text) for all n-grams, longest first."""
    for n in range(min(_MAX_NGRAM, len(tokens)), 0, -1):
        for i in range(len(tokens) - n + 1):
            yield i, n, " ".join(tokens[i : i + n])


def find_area_in_text(text: str) -> AreaMatch | None:
    """Find the Essen area in a longer text such as an address; a postal code wins."""
    codes = _POSTAL_IN_TEXT.findall(text)
    for code in codes:
        postal = _postal_match(code)
        if postal is not None:
            return postal
    if codes:
        return None  # an address with a postal code elsewhere is not in Essen
    tokens = fold(text).split()
    # (after "Essen", position, score, folded key)
    found: list[tuple[int, int, float, str]] = []
    covered: set[int] = set()
    for start, n, gram in _ngrams(tokens):
        if covered.intersection(range(start, start + n)):
            continue
        hit = _INDEX.get(gram)
        if hit is None or not hit[1]:
            continue
        after_essen = 1 if start > 0 and tokens[start - 1] == "essen" else 0
        if gram in _TEXT_NEEDS_ESSEN and not after_essen:
            continue
        found.append((after_essen, start, 100.0, gram))
        covered.update(range(start, start + n))
    if not found:
        for i, token in enumerate(tokens):
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if len(token) < 6 or nxt in _STREET_WORDS or token.endswith(("strasse", "str")):
                continue
            for key, (_names, text_ok) in _INDEX.items():
                score = float(fuzz.ratio(token, key))
                if text_ok and " " not in key and key not in _TEXT_NEEDS_ESSEN and score >= 90:
                    found.append((0, i, score, key))
    if not found:
        return None
    _after, _start, score, key = max(found)
    return _match(_INDEX[key][0], round(score, 1), key=key)
