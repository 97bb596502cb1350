"""Synthetic micro-data for the 2025 annual report (FPS Chancellery of the Prime Minister).

Every row produced here is invented. Only the totals are real: the generator is
built so that the aggregates reproduce the figures published in the
Jaarverslag 2025, chapter "Cijfers". Output is fully determined by the seed.

Regenerate with:  python -m figures.sample --out data/raw/2025 [--seed N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import string
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from figures.registry import DATE, REGISTRY
from figures.xlsx import fixed_bytes

# ---------------------------------------------------------------------------
# Published targets (Jaarverslag 2025, chapter "Cijfers")
# ---------------------------------------------------------------------------

YEAR = 2025
REFERENCE_DATE = dt.date(2025, 12, 31)

# Age bands in completed years on REFERENCE_DATE, both ends inclusive.
AGE_BANDS: dict[tuple[int, int], int] = {
    (19, 29): 21,
    (30, 40): 19,
    (41, 51): 34,
    (52, 65): 47,
}

# (women, men) per level. No staff member is registered with gender "X".
GENDER_BY_LEVEL: dict[str, tuple[int, int]] = {
    "A": (32, 24),
    "B": (13, 11),
    "C": (11, 5),
    "D": (15, 10),
}

TRAINING_DAYS = 395
TRAINING_PEOPLE = 51
TRAINING_LEAVERS = 2  # trainees who left during the year, absent from staff.xlsx
TRAINING_COURSES = 59

# (meeting count, e_procedure count) per body.
MEETINGS: dict[str, tuple[int, int]] = {
    "ministerraad": (44, 16),
    "overlegcomite": (14, 10),
    "comite_a": (9, 0),
    "sectorcomite_i": (0, 0),
    "nvr": (7, 5),
    "sciv": (16, 4),
    "cciv": (11, 0),
    "cov": (10, 0),
}

# Published as "just under one million" words.
TRANSLATION_WORDS = 987_312

# (group, code, label_nl, label_fr, label_en, amount_eur) in publication order.
BUDGET: list[tuple[str, str, str, str, str, int]] = [
    ("chancellery", "CH01", "Beleidsorganen van de eerste minister",
     "Organes stratégiques du Premier ministre",
     "Policy bodies of the Prime Minister", 4_639_816),
    ("chancellery", "CH02", "Beleidsorganen van de staatssecretarissen",
     "Organes stratégiques des secrétaires d'État",
     "Policy bodies of the Secretaries of State", 127_596),
    ("chancellery", "CH03", "FOD Kanselarij van de Eerste Minister",
     "SPF Chancellerie du Premier Ministre",
     "FPS Chancellery of the Prime Minister", 33_077_089),
    ("chancellery", "CH04", "Politie", "Police", "Police", 13_077_488),
    ("chancellery", "CH05", "Federale culturele instellingen",
     "Institutions culturelles fédérales",
     "Federal cultural institutions", 69_484_812),
    ("chancellery", "CH06", "Vakbondspremies", "Primes syndicales",
     "Trade union bonuses", 16_731_452),
    ("chancellery", "CH07", "Zetelbeleid", "Politique de siège",
     "Host-nation (seat) policy", 44_561_435),
    ("services", "SV01", "Vaste Nationale Cultuurpactcommissie (VNC)",
     "Commission nationale permanente du Pacte culturel (CNPPC)",
     "Permanent National Cultural Pact Commission (PNCPC)", 384_029),
    ("services", "SV02", "Auditcomité van de Federale Overheid (ACFO)",
     "Comité d'audit de l'Administration fédérale (CAAF)",
     "Audit Committee of the Federal Government (ACFG)", 297_482),
    ("services", "SV03", "Federaal Instituut voor Duurzame Ontwikkeling (FIDO)",
     "Institut fédéral pour le Développement durable (IFDD)",
     "Federal Institute for Sustainable Development (FISD)", 2_191_293),
    ("services", "SV04", "Centrum voor Cybersecurity België (CCB)",
     "Centre pour la Cybersécurité Belgique (CCB)",
     "Centre for Cybersecurity Belgium (CCB)", 31_304_640),
    ("services", "SV05", "Federale Interne Audit (FIA)",
     "Audit interne fédéral (AIF)",
     "Federal Internal Audit (FIA)", 61_852),
]

# (beneficiary, activity_nl, activity_fr, activity_en, amount_eur) in publication order.
SUBSIDIES: list[tuple[str, str, str, str, int]] = [
    ("Bal national vzw", "Bal national", "Bal national", "National Ball", 40_000),
    ("Internationale Muziekwedstrijd Koningin Elisabeth",
     "Concert preludium tot de nationale feestdag, 20 juli in Bozar",
     "Concert prélude à la fête nationale, le 20 juillet à Bozar",
     "Prelude concert to the National Day, 20 July at Bozar", 22_000),
    ("S.I. Brussels Promotion", "Vuurwerk van 21 juli",
     "Feu d'artifice du 21 juillet", "21 July fireworks", 50_000),
    ("Koning Boudewijnstichting – Prins Filipfonds", "Belgodyssee",
     "Belgodyssée", "Belgodyssey", 30_000),
    ("Belgisch Olympisch en Interfederaal Comité vzw",
     '"Belgium Pub" in Milaan ter gelegenheid van de Olympische Winterspelen',
     "« Belgium Pub » à Milan à l'occasion des Jeux olympiques d'hiver",
     '"Belgium Pub" in Milan for the Winter Olympic Games', 25_000),
]

# The communication campaigns as the report quantifies them (Jaarverslag 2025,
# "Imago van het land" and "Awards"): one row per campaign, measure, channel and
# country. Where the report says "meer dan" (more than), the value is the number
# printed; the published file reconciles it as a lower bound.
_OSAKA = ("osaka_videos", "Promotie van België op de Wereldtentoonstelling in Osaka: vier video's",
          "Promotion de la Belgique à l’Exposition universelle d’Osaka : quatre vidéos",
          "Promotion of Belgium at the World Expo in Osaka: four videos")
_PRESS_TRIP = ("press_trip_biopharma", "Persreis biofarma (25-29 augustus)",
               "Voyage de presse biopharma (25-29 août)", "Biopharma press trip (25-29 August)")
_NATIONAL_DAY = ("national_day_osaka", "Belgian National Day op 14 september in Osaka",
                 "Belgian National Day le 14 septembre à Osaka", "Belgian National Day, 14 September, Osaka")
_PARTY = ("belgian_party", "Belgian Party op 21 juli (vierde editie)",
          "Belgian Party le 21 juillet (quatrième édition)", "Belgian Party, 21 July (fourth edition)")
_PARTY_2024 = ("belgian_party_2024", "Belgian Party 2024 (goud op de Belgian Event Awards)",
               "Belgian Party 2024 (or aux Belgian Event Awards)", "Belgian Party 2024 (gold at the Belgian Event Awards)")
# (campaign names, measure, channel, country, value, unit)
CAMPAIGNS: list[tuple] = [
    (*_OSAKA, "views", "social_media", None, 150_412, "number"),             # "meer dan 150.000 views"
    (*_OSAKA, "reach", "social_media", "JP", 4_500_000, "number"),
    (*_PRESS_TRIP, "articles", "press", "BE", 12, "number"),
    (*_PRESS_TRIP, "reach", "press", "BE", 3_180_000, "number"),
    (*_PRESS_TRIP, "media_value", "press", "BE", 20_200, "eur"),
    (*_PRESS_TRIP, "articles", "press", "JP", 14, "number"),
    (*_PRESS_TRIP, "reach", "press", "JP", 153_412_000, "number"),           # "meer dan 153 miljoen"
    (*_NATIONAL_DAY, "reach", "video", "JP", 1_180_000, "number"),           # the aftermovie
    (*_NATIONAL_DAY, "full_views", "video", "JP", 21_204, "number"),
    (*_NATIONAL_DAY, "articles", "press", "FR+BE", 23, "number"),
    (*_NATIONAL_DAY, "reach", "press", "FR+BE", 16_600_000, "number"),
    (*_NATIONAL_DAY, "media_value", "press", "FR+BE", 65_300, "eur"),
    (*_NATIONAL_DAY, "articles", "press", "JP", 8, "number"),
    (*_NATIONAL_DAY, "reach", "press", "JP", 21_800_000, "number"),
    (*_NATIONAL_DAY, "positive_mentions", "social_media", None, 176, "number"),
    (*_NATIONAL_DAY, "potential_reach", "social_media", None, 41_000_000, "number"),
    (*_PARTY, "spectators", "event", "BE", 100_000, "number"),
    (*_PARTY_2024, "spectators", "event", "BE", 100_000, "number"),
    (*_PARTY_2024, "tv_viewers", "television", "BE", 1_000_000, "number"),
]

# The names the tuples above do not carry: the budget lines and activities in German, the
# beneficiaries' own names in French, German and English (their official names where they have
# one), and the campaigns in German; keyed by the code or the Dutch name the tuples carry.
BUDGET_DE = {
    "CH01": "Strategieorgane des Premierministers",
    "CH02": "Strategieorgane der Staatssekretäre",
    "CH03": "FÖD Kanzlei des Premierministers",
    "CH04": "Polizei",
    "CH05": "Föderale Kultureinrichtungen",
    "CH06": "Gewerkschaftsprämien",
    "CH07": "Sitzpolitik",
    "SV01": "Ständige Nationale Kulturpaktkommission (SNKPK)",
    "SV02": "Auditausschuss der Föderalverwaltung (AAFV)",
    "SV03": "Föderales Institut für Nachhaltige Entwicklung (FINE)",
    "SV04": "Zentrum für Cybersicherheit Belgien (CCB)",
    "SV05": "Föderales Internes Audit (FIA)",
    "SV06": "Agentur für Administrative Vereinfachung (AAV)",
}
# beneficiary: (French, German, English)
BENEFICIARY_NAMES = {
    "Bal national vzw": ("Bal national asbl", "Bal national VoG", "Bal national"),
    "Internationale Muziekwedstrijd Koningin Elisabeth": (
        "Concours musical international Reine Elisabeth", "Internationaler Musikwettbewerb Königin Elisabeth",
        "Queen Elisabeth Competition"),
    "S.I. Brussels Promotion": ("S.I. Brussels Promotion", "S.I. Brussels Promotion", "S.I. Brussels Promotion"),
    "Koning Boudewijnstichting – Prins Filipfonds": (
        "Fondation Roi Baudouin – Fonds Prince Philippe", "König-Baudouin-Stiftung – Prinz-Philippe-Fonds",
        "King Baudouin Foundation – Prince Philippe Fund"),
    "Belgisch Olympisch en Interfederaal Comité vzw": (
        "Comité Olympique et Interfédéral Belge asbl", "Belgisches Olympisches und Interföderales Komitee VoG",
        "Belgian Olympic and Interfederal Committee"),
    "Belgian Paralympic Committee vzw": (
        "Belgian Paralympic Committee asbl", "Belgian Paralympic Committee VoG", "Belgian Paralympic Committee"),
}
ACTIVITY_DE = {
    "Bal national": "Bal national",
    "Concert preludium tot de nationale feestdag, 20 juli in Bozar":
        "Konzert als Auftakt zum Nationalfeiertag, 20. Juli im Bozar",
    "Vuurwerk van 21 juli": "Feuerwerk vom 21. Juli",
    "Belgodyssee": "Belgodyssee",
    '"Belgium Pub" in Milaan ter gelegenheid van de Olympische Winterspelen':
        "„Belgium Pub“ in Mailand anlässlich der Olympischen Winterspiele",
    "Belgium House op de Paralympische Spelen in Parijs": "Belgium House bei den Paralympischen Spielen in Paris",
}
CAMPAIGN_DE = {
    _OSAKA[1]: "Werbung für Belgien auf der Weltausstellung in Osaka: vier Videos",
    _PRESS_TRIP[1]: "Pressereise Biopharma (25.–29. August)",
    _NATIONAL_DAY[1]: "Belgian National Day am 14. September in Osaka",
    _PARTY[1]: "Belgian Party am 21. Juli (vierte Ausgabe)",
    _PARTY_2024[1]: "Belgian Party 2024 (Gold bei den Belgian Event Awards)",
    "Belgian Party op 21 juli (tweede editie)": "Belgian Party am 21. Juli (zweite Ausgabe)",
    "Belgian Party op 21 juli (derde editie)": "Belgian Party am 21. Juli (dritte Ausgabe)",
}


def _budget(lines: list) -> pd.DataFrame:
    frame = pd.DataFrame(lines, columns=["group", "code", "label_nl", "label_fr", "label_en", "amount_eur"])
    return frame.assign(label_de=frame["code"].map(BUDGET_DE))[COLUMNS["budget"]]


def _subsidies(rows: list) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["beneficiary", "activity_nl", "activity_fr", "activity_en", "amount_eur"])
    names = frame["beneficiary"].map(BENEFICIARY_NAMES)
    return frame.assign(beneficiary_fr=[n[0] for n in names], beneficiary_de=[n[1] for n in names],
                        beneficiary_en=[n[2] for n in names],
                        activity_de=frame["activity_nl"].map(ACTIVITY_DE))[COLUMNS["subsidies"]]


def _campaigns(rows: list) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["campaign", "campaign_nl", "campaign_fr", "campaign_en", "measure",
                                        "channel", "country", "value", "unit"])
    return frame.assign(campaign_de=frame["campaign_nl"].map(CAMPAIGN_DE))[COLUMNS["campaigns"]]


# ---------------------------------------------------------------------------
# Output contract: the registry's sources, every column (optional ones too)
# ---------------------------------------------------------------------------

COLUMNS: dict[str, list[str]] = {name: source.column_names for name, source in REGISTRY.sources.items()}
SOURCES = list(COLUMNS)
DATE_COLUMNS = {c.name for source in REGISTRY.sources.values() for c in source.columns if c.kind == DATE}

# openpyxl stamps the wall-clock time into docProps/core.xml and every zip
# entry; pinning both makes regenerated workbooks byte-identical.
FIXED_DOC_TIME = dt.datetime(2026, 1, 15, 0, 0, 0)

# 59 distinct course titles (one per course_id).
COURSE_TITLES = [
    "Excel basis", "Excel gevorderd", "Word voor gevorderden", "Outlook efficiënt",
    "PowerPoint presenteren", "Power BI introductie", "Timemanagement",
    "Stressmanagement", "Assertiviteit", "Feedback geven en ontvangen",
    "Leidinggeven aan teams", "Coachend leidinggeven", "Projectmanagement basis",
    "Projectmanagement gevorderd", "Agile werken", "Veranderingsmanagement",
    "Efficiënt vergaderen", "Klantgericht schrijven", "Heldere taal",
    "Notuleren", "Onderhandelen", "Conflicthantering", "Presentatietechnieken",
    "Brandpreventie", "Eerste hulp (EHBO)", "Evacuatieleider", "Ergonomie op kantoor",
    "Welzijn op het werk", "Informatieveiligheid", "Phishing herkennen",
    "GDPR in de praktijk", "Overheidsopdrachten", "Federale begrotingscyclus",
    "Interne controle", "Risicobeheer", "Integriteit en deontologie",
    "Diversiteit en inclusie", "Frans niveau 1", "Frans niveau 2", "Frans niveau 3",
    "Nederlands niveau 1", "Nederlands niveau 2", "Duits conversatie",
    "Engels conversatie", "Taalexamen Selor voorbereiding", "Wetgevingstechniek",
    "Protocol en ceremonieel", "Crisiscommunicatie", "Sociale media",
    "Archiefbeheer", "Digitaal documentbeheer", "Onthaal nieuwe medewerkers",
    "Telewerk en hybride samenwerken", "Loopbaanplanning", "Pensioenvoorbereiding",
    "Mindfulness", "Timemanagement voor leidinggevenden",
    "Klantvriendelijk telefoneren", "Teambuilding",
]
# Course lengths in days (halves allowed); short courses dominate.
COURSE_LENGTHS = [0.5, 1, 1.5, 2, 3, 5, 10]
COURSE_LENGTH_WEIGHTS = [18, 30, 8, 18, 12, 5, 2]

# (source, target) language pairs; the bulk is nl<->fr.
LANGUAGE_PAIRS = [("nl", "fr"), ("fr", "nl"), ("nl", "de"), ("fr", "de"),
                  ("nl", "en"), ("fr", "en"), ("en", "nl"), ("en", "fr"),
                  ("de", "nl"), ("de", "fr")]
LANGUAGE_PAIR_WEIGHTS = [42, 38, 4, 3, 4, 3, 2, 2, 1, 1]
TEXT_TYPES = ["legal", "political", "general"]
TEXT_TYPE_WEIGHTS = [45, 25, 30]
MIN_WORDS, MAX_WORDS = 50, 20_000

# Belgian public holidays in 2025 (no sessions, courses or deliveries).
PUBLIC_HOLIDAYS = {
    dt.date(2025, 1, 1), dt.date(2025, 4, 21), dt.date(2025, 5, 1),
    dt.date(2025, 5, 29), dt.date(2025, 6, 9), dt.date(2025, 7, 21),
    dt.date(2025, 8, 15), dt.date(2025, 11, 11), dt.date(2025, 12, 25),
}


# ---------------------------------------------------------------------------
# Earlier years, made up: the same generator with plausible drift (a few people in
# and out, one body with more e-procedures, one budget line moved), so that a
# render of 2025 has a year to compare with and trends to show. Nothing of them
# is published; their folders' README says they are synthetic.
# ---------------------------------------------------------------------------

def belgian_holidays(year: int) -> frozenset[dt.date]:
    """Belgian public holidays of `year` that fall on a weekday (Easter Monday, Ascension, Whit Monday)."""
    from dateutil.easter import easter

    sunday = easter(year)
    days = {dt.date(year, 1, 1), sunday + dt.timedelta(days=1), dt.date(year, 5, 1),
            sunday + dt.timedelta(days=39), sunday + dt.timedelta(days=50), dt.date(year, 7, 21),
            dt.date(year, 8, 15), dt.date(year, 11, 1), dt.date(year, 11, 11), dt.date(year, 12, 25)}
    return frozenset(d for d in days if d.weekday() < 5)


@dataclass(frozen=True)
class Targets:
    """What a sample year's workbooks add up to."""

    year: int
    age_bands: dict
    gender_by_level: dict
    training_days: float
    training_people: int
    training_leavers: int
    training_courses: int
    meetings: dict
    translation_words: int
    budget: list
    subsidies: list
    campaigns: list
    holidays: frozenset


TARGETS_2025 = Targets(YEAR, AGE_BANDS, GENDER_BY_LEVEL, TRAINING_DAYS, TRAINING_PEOPLE, TRAINING_LEAVERS,
                       TRAINING_COURSES, MEETINGS, TRANSLATION_WORDS, BUDGET, SUBSIDIES, CAMPAIGNS,
                       frozenset(PUBLIC_HOLIDAYS))


def _moved(lines: list, factor: float, moved: dict[str, float]) -> list:
    """Budget lines of another year: every amount times `factor`, some times their own factor (in euro)."""
    return [(*line[:5], round(line[5] * moved.get(line[1], factor))) for line in lines]


_PARTY_2023 = ("belgian_party_2023", "Belgian Party op 21 juli (tweede editie)",
               "Belgian Party le 21 juillet (deuxième édition)", "Belgian Party, 21 July (second edition)")
_PARTY_2024_EDITION = ("belgian_party", "Belgian Party op 21 juli (derde editie)",
                       "Belgian Party le 21 juillet (troisième édition)", "Belgian Party, 21 July (third edition)")
_DAV_2024 = ("services", "SV06", "Dienst Administratieve Vereenvoudiging (DAV)",
             "Agence pour la Simplification administrative (ASA)", "Agency for Administrative Simplification (AAS)",
             412_300)

TARGETS = {
    2023: Targets(
        2023, {(19, 29): 18, (30, 40): 21, (41, 51): 33, (52, 65): 42},
        {"A": (30, 22), "B": (12, 12), "C": (11, 6), "D": (14, 7)},
        331, 46, 1, 52,
        {"ministerraad": (45, 9), "overlegcomite": (11, 6), "comite_a": (10, 0), "sectorcomite_i": (1, 0),
         "nvr": (5, 2), "sciv": (12, 5), "cciv": (9, 0), "cov": (11, 0)},
        902_118,
        _moved(BUDGET[:5] + [BUDGET[6]] + BUDGET[7:], 0.94, {"CH05": 0.91, "SV04": 0.83})
        + [(*_DAV_2024[:5], 398_650)],
        [SUBSIDIES[0][:4] + (38_000,), SUBSIDIES[1][:4] + (20_000,), SUBSIDIES[2][:4] + (45_000,),
         SUBSIDIES[3][:4] + (30_000,)],
        [(*_PARTY_2023, "spectators", "event", "BE", 80_000, "number")],
        belgian_holidays(2023)),
    2024: Targets(
        2024, {(19, 29): 20, (30, 40): 20, (41, 51): 33, (52, 65): 45},
        {"A": (31, 23), "B": (13, 11), "C": (12, 5), "D": (14, 9)},
        362, 48, 1, 55,
        {"ministerraad": (46, 12), "overlegcomite": (12, 7), "comite_a": (8, 0), "sectorcomite_i": (1, 0),
         "nvr": (6, 3), "sciv": (14, 6), "cciv": (10, 0), "cov": (9, 0)},
        931_540,
        _moved(BUDGET, 0.97, {"CH07": 0.86, "SV04": 0.92}) + [_DAV_2024],
        [SUBSIDIES[0][:4] + (40_000,), SUBSIDIES[1][:4] + (22_000,), SUBSIDIES[2][:4] + (45_000,),
         SUBSIDIES[3][:4] + (30_000,),
         ("Belgian Paralympic Committee vzw", "Belgium House op de Paralympische Spelen in Parijs",
          "Belgium House aux Jeux paralympiques de Paris", "Belgium House at the Paris Paralympic Games", 20_000)],
        [(*_PARTY_2024_EDITION, "spectators", "event", "BE", 100_000, "number"),
         (*_PARTY_2024_EDITION, "tv_viewers", "television", "BE", 1_000_000, "number")],
        belgian_holidays(2024)),
    2025: TARGETS_2025,
}

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def _working_days(t: "Targets") -> list[dt.date]:
    """Weekdays of the year that are not Belgian public holidays."""
    start = dt.date(t.year, 1, 1)
    days = (start + dt.timedelta(days=i) for i in range((dt.date(t.year + 1, 1, 1) - start).days))
    return [d for d in days if d.weekday() < 5 and d not in t.holidays]


def _random_date_in_year(rng: random.Random, year: int) -> dt.date:
    start = dt.date(year, 1, 1)
    length = (dt.date(year + 1, 1, 1) - start).days
    return start + dt.timedelta(days=rng.randrange(length))


def _pseudonymous_ids(rng: random.Random, n: int) -> list[str]:
    """Random-looking 6-character ids; no ambiguous characters (0/O, 1/I)."""
    alphabet = "".join(c for c in string.ascii_uppercase + string.digits if c not in "0O1I")
    ids: list[str] = []
    seen: set[str] = set()
    while len(ids) < n:
        candidate = "S" + "".join(rng.choice(alphabet) for _ in range(5))
        if candidate not in seen:
            seen.add(candidate)
            ids.append(candidate)
    return ids


# ---------------------------------------------------------------------------
# Frame builders
# ---------------------------------------------------------------------------

def _build_staff(rng: random.Random, staff_ids: list[str], t: "Targets") -> pd.DataFrame:
    year = t.year
    # Age on 31 December = REFERENCE year - birth year, whatever the birth day,
    # so the birth year alone fixes the band. Band edges are pinned explicitly,
    # with birthdays on 1 January and 31 December and one leap-day birth, so
    # that a sloppy "completed years" computation shows up in the totals.
    pinned_births = [
        dt.date(year - 19, 12, 31), dt.date(year - 19, 1, 1),
        dt.date(year - 29, 12, 31), dt.date(year - 29, 1, 1),
        dt.date(year - 30, 12, 31), dt.date(year - 30, 1, 1),
        dt.date(year - 40, 12, 31), dt.date(year - 40, 1, 1),
        dt.date(year - 41, 12, 31), dt.date(year - 41, 1, 1),
        dt.date(year - 51, 12, 31), dt.date(year - 51, 1, 1),
        dt.date(year - 52, 12, 31), dt.date(year - 52, 1, 1),
        dt.date(year - 65, 12, 31), dt.date(year - 65, 1, 1),
        dt.date(1988, 2, 29),
    ]
    births: list[dt.date] = []
    for (low, high), count in t.age_bands.items():
        in_band = [b for b in pinned_births if low <= year - b.year <= high]
        births += in_band
        for _ in range(count - len(in_band)):
            births.append(_random_date_in_year(rng, year - rng.randint(low, high)))

    # Gender/level combinations are shuffled independently of age so that
    # every level spans the whole age range.
    profiles = [(gender, level)
                for level, (women, men) in t.gender_by_level.items()
                for gender, count in (("F", women), ("M", men))
                for _ in range(count)]
    assert len(profiles) == len(births) == len(staff_ids)
    rng.shuffle(births)
    rng.shuffle(profiles)

    rows = [(sid, birth, gender, level)
            for sid, birth, (gender, level) in zip(staff_ids, births, profiles)]
    rows.sort(key=lambda r: r[0])
    frame = pd.DataFrame(rows, columns=COLUMNS["staff"])
    frame["birth_date"] = pd.to_datetime(frame["birth_date"])
    return frame


def _build_training(rng: random.Random, staff_ids: list[str],
                    leaver_ids: list[str], t: "Targets") -> pd.DataFrame:
    year, n_courses = t.year, t.training_courses
    trainees = rng.sample(staff_ids, t.training_people - len(leaver_ids)) + leaver_ids
    rng.shuffle(trainees)

    # Each course has a fixed length and one to three sessions in the year.
    # Index 0 is forced to half a day so the total can always be closed exactly.
    lengths = [0.5] + rng.choices(COURSE_LENGTHS, COURSE_LENGTH_WEIGHTS, k=n_courses - 1)
    rng.shuffle(lengths)
    weekdays = [d for d in _working_days(t) if d < dt.date(year, 12, 15)]
    courses = []
    for i, (title, length) in enumerate(zip(COURSE_TITLES, lengths), start=1):
        sessions = sorted(rng.sample(weekdays, rng.randint(1, 3)))
        courses.append((f"OPL-{i:03d}", title, length, sessions))

    pairs: set[tuple[str, int]] = set()
    rows: list[tuple[str, int]] = []

    def enrol(person: str, course: int) -> bool:
        if (person, course) in pairs:
            return False
        pairs.add((person, course))
        rows.append((person, course))
        return True

    # Coverage first: every course gets a participant, every trainee a course.
    for c in range(n_courses):
        enrol(trainees[c % len(trainees)], c)
    for person in trainees[n_courses:]:
        enrol(person, rng.randrange(n_courses))

    # Then add random participations until the published day total is hit.
    # All lengths are multiples of 0.5 and a 0.5-day course exists, so the
    # remainder can always be filled exactly.
    remaining = t.training_days - sum(courses[c][2] for _, c in rows)
    assert remaining >= 0
    while remaining > 0:
        fitting = [c for c in range(n_courses) if courses[c][2] <= remaining]
        course = rng.choice(fitting)
        if enrol(rng.choice(trainees), course):
            remaining -= courses[course][2]

    records = []
    for person, c in rows:
        course_id, title, length, sessions = courses[c]
        records.append((person, course_id, title, rng.choice(sessions), float(length)))
    records.sort(key=lambda r: (r[3], r[1], r[0]))
    frame = pd.DataFrame(records, columns=COLUMNS["training"])
    frame["start_date"] = pd.to_datetime(frame["start_date"])
    return frame


def _build_meetings(rng: random.Random, t: "Targets") -> pd.DataFrame:
    weekdays = _working_days(t)
    # The Council of Ministers meets on Fridays (44 of the year's ~51 usable ones).
    fridays = [d for d in weekdays if d.weekday() == 4]
    rows = []
    for body, (n_meetings, n_eproc) in t.meetings.items():
        pool = fridays if body == "ministerraad" else weekdays
        rows += [(body, d, "meeting") for d in rng.sample(pool, n_meetings)]
        rows += [(body, d, "e_procedure") for d in rng.sample(weekdays, n_eproc)]
    rows.sort(key=lambda r: (r[1], list(t.meetings).index(r[0]), r[2]))
    frame = pd.DataFrame(rows, columns=COLUMNS["meetings"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def _draw_word_count(rng: random.Random) -> int:
    # Log-normal: many short notes, a long tail of legal texts (median ~270
    # words). Out-of-range draws are redrawn rather than clipped, to avoid
    # artificial spikes at the bounds.
    while True:
        words = round(rng.lognormvariate(5.6, 1.1))
        if MIN_WORDS <= words <= MAX_WORDS:
            return words


def _build_translations(rng: random.Random, t: "Targets") -> pd.DataFrame:
    # Draw jobs until the remainder fits in a single job, which closes the
    # total exactly. A draw is only accepted if it leaves at least MIN_WORDS.
    words: list[int] = []
    remaining = t.translation_words
    while remaining > MAX_WORDS:
        w = _draw_word_count(rng)
        if remaining - w >= MIN_WORDS:
            words.append(w)
            remaining -= w
    words.append(remaining)
    rng.shuffle(words)

    weekdays = _working_days(t)
    jobs = []
    for w in words:
        source, target = rng.choices(LANGUAGE_PAIRS, LANGUAGE_PAIR_WEIGHTS)[0]
        text_type = rng.choices(TEXT_TYPES, TEXT_TYPE_WEIGHTS)[0]
        jobs.append((rng.choice(weekdays), source, target, text_type, w))
    jobs.sort(key=lambda j: j[0])  # stable: ids follow delivery order
    rows = [(f"T{t.year % 100:02d}-{i:05d}", *job) for i, job in enumerate(jobs, start=1)]
    frame = pd.DataFrame(rows, columns=COLUMNS["translations"])
    frame["delivered"] = pd.to_datetime(frame["delivered"])
    return frame


def _staff(rng: random.Random, shared: dict, t: "Targets") -> pd.DataFrame:
    ids = _pseudonymous_ids(rng, sum(t.age_bands.values()) + t.training_leavers)
    shared["staff_ids"], shared["leaver_ids"] = ids[:-t.training_leavers], ids[-t.training_leavers:]
    return _build_staff(rng, shared["staff_ids"], t)


# One builder per source of the registry, called in the registry's order with one random
# generator (the order of the draws is what makes the sample reproducible) and a dict the
# builders share (training draws its trainees from the staff ids).
BUILDERS = {
    "staff": _staff,
    "training": lambda rng, shared, t: _build_training(rng, shared["staff_ids"], shared["leaver_ids"], t),
    "meetings": lambda rng, shared, t: _build_meetings(rng, t),
    "translations": lambda rng, shared, t: _build_translations(rng, t),
    "budget": lambda rng, shared, t: _budget(t.budget),
    "subsidies": lambda rng, shared, t: _subsidies(t.subsidies),
    "campaigns": lambda rng, shared, t: _campaigns(t.campaigns),
}


def build_sample(seed: int | None = None, year: int = YEAR) -> dict[str, pd.DataFrame]:
    """Return a synthetic frame for every source of the registry for `year` (2023, 2024 or 2025), keyed by
    source name; the seed is the year unless given."""
    missing = [name for name in SOURCES if name not in BUILDERS and REGISTRY.sources[name].sample is None]
    if missing:
        raise KeyError(f"no sample rows for the source(s) {', '.join(missing)}: declare them in the source "
                       f"(Source.sample) or add a builder to BUILDERS in figures/sample.py")
    targets = TARGETS[year]
    rng = random.Random(year if seed is None else seed)
    shared: dict = {}
    return {name: BUILDERS[name](rng, shared, targets) if name in BUILDERS else _declared(name, year)
            for name in SOURCES}


def _declared(name: str, year: int) -> pd.DataFrame:
    """The sample rows a source declares (`Source.sample`), with its columns."""
    frame = pd.DataFrame(list(REGISTRY.sources[name].sample(year)), columns=COLUMNS[name])
    dates = [c for c in frame if c in DATE_COLUMNS]
    return frame.astype({c: "datetime64[ns]" for c in dates}) if dates else frame


# ---------------------------------------------------------------------------
# Excel output
# ---------------------------------------------------------------------------

def _cell_value(value):
    # Excel cells want plain Python values: dates as datetime.date, numbers
    # as int/float (numpy scalars are unwrapped).
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value


def _workbook_bytes(name: str, frame: pd.DataFrame) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = name
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append([_cell_value(v) for v in row])

    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    ws.freeze_panes = "A2"
    for idx, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(idx)
        if column in DATE_COLUMNS:
            for (cell,) in ws.iter_rows(min_row=2, min_col=idx, max_col=idx):
                cell.number_format = "yyyy-mm-dd"
            width = 12
        else:
            width = max([len(str(column))] + [len(str(v)) for v in frame[column]])
        ws.column_dimensions[letter].width = min(max(width, len(column)) + 2, 80)

    return fixed_bytes(wb, FIXED_DOC_TIME, creator="figures.sample")


def write_sample(out_dir: Path, seed: int | None = None, year: int = YEAR) -> list[Path]:
    """Write one workbook per source of the registry for `year` into out_dir; return the written paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in build_sample(seed, year).items():
        path = out_dir / f"{name}.xlsx"
        path.write_bytes(_workbook_bytes(name, frame))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m figures.sample",
        description="Write the synthetic source workbooks of a sample year (2025: only totals are real; "
                    "2023 and 2024: made up).")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--year", type=int, default=YEAR, choices=sorted(TARGETS), help="the year (default 2025)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: the year)")
    args = parser.parse_args(argv)
    for path in write_sample(args.out, args.seed, args.year):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
