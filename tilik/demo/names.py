"""Synthetic names: Balinese-style and other Indonesian names built from invented parts.

Given names are stitched together from syllables, so a name may sound real but is never taken from a
list of people. Any resemblance to a real person is a coincidence of common name parts.
"""

from __future__ import annotations

import random

# Balinese birth-order names (anak ke-1 … ke-4), with the male "I" / female "Ni" article.
BIRTH_ORDER = ("Wayan", "Putu", "Gede", "Made", "Kadek", "Nengah", "Nyoman", "Komang", "Ketut")
BIRTH_ORDER_WEIGHTS = (22, 14, 6, 18, 10, 3, 10, 7, 10)
# Caste titles (a minority of names); male, female.
TITLES = (
    ("Ida Bagus", "Ida Ayu"),
    ("Anak Agung Ngurah", "Anak Agung Ayu"),
    ("I Gusti Ngurah", "I Gusti Ayu"),
    ("I Dewa Gede", "Desak Made"),
    ("Gusti Putu", "Gusti Ayu Made"),
)

_STEMS = (
    "Ari",
    "Sua",
    "Wira",
    "Dharma",
    "Adi",
    "Sukma",
    "Parta",
    "Jaya",
    "Gita",
    "Mer",
    "Budi",
    "Sudi",
    "Arta",
    "Kerta",
    "Suka",
    "Sri",
    "Ratna",
    "Sant",
    "Wid",
    "Pra",
    "Yoga",
    "Krisna",
    "Indra",
    "Surya",
    "Maha",
    "Nata",
    "Eka",
    "Dwi",
    "Tri",
    "Catur",
    "Dana",
    "Wisnu",
    "Bayu",
    "Rai",
    "Juli",
    "Asta",
)
_MALE_ENDINGS = (
    "jana",
    "wan",
    "dana",
    "yasa",
    "arta",
    "tama",
    "putra",
    "diana",
    "sana",
    "wirawan",
    "arsa",
    "gama",
    "atmaja",
    "pramana",
    "dhana",
    "kusuma",
    "sastra",
    "dinata",
    "wibawa",
    "nanda",
)
_FEMALE_ENDINGS = (
    "wati",
    "yanti",
    "sari",
    "dewi",
    "rini",
    "asih",
    "santhi",
    "pratiwi",
    "lestari",
    "utami",
    "ningsih",
    "diani",
    "astuti",
    "widari",
    "puspita",
    "kartika",
    "suari",
    "yuni",
    "antari",
    "sita",
)
_MALE_SECOND = ("Putra", "Saputra", "Pratama", "Wibawa", "Adnyana", "Suputra", "Mahardika", "Wijaya")
_FEMALE_SECOND = ("Putri", "Pratiwi", "Sari", "Dewi", "Lestari", "Anggreni", "Utami", "Maharani")

# Other Indonesian names (about one ASN in five in the demo city).
_OTHER_MALE_FIRST = (
    "Agus",
    "Andi",
    "Bambang",
    "Dedi",
    "Eko",
    "Fajar",
    "Hendra",
    "Joko",
    "Rizky",
    "Yohanes",
    "Yosef",
    "Rahmat",
    "Taufik",
    "Arif",
    "Benny",
    "Stefanus",
    "Hasan",
    "Yudi",
)
_OTHER_FEMALE_FIRST = (
    "Siti",
    "Rina",
    "Dewi",
    "Maria",
    "Fitri",
    "Yuliana",
    "Nurul",
    "Wulan",
    "Agustina",
    "Rahayu",
    "Theresia",
    "Intan",
    "Novita",
    "Lusiana",
    "Ratih",
    "Anisa",
)
_OTHER_FAMILY_STEMS = (
    "Pras",
    "Sant",
    "Wahy",
    "Nugr",
    "Hid",
    "Kurn",
    "Set",
    "Sir",
    "Har",
    "Simanj",
    "Lub",
    "Tamb",
    "Mak",
    "Rum",
    "Pan",
)
_OTHER_FAMILY_ENDINGS = (
    "etyo",
    "oso",
    "udi",
    "oho",
    "ayat",
    "iawan",
    "iadi",
    "egar",
    "untak",
    "is",
    "unan",
    "assa",
    "bela",
    "gabean",
    "ono",
)


def given_name(rng: random.Random, female: bool) -> str:
    """One invented Balinese-style given name, sometimes with a second part."""
    stem = rng.choice(_STEMS)
    ending = rng.choice(_FEMALE_ENDINGS if female else _MALE_ENDINGS)
    word = (stem + ending).capitalize()
    if rng.random() < 0.35:
        return f"{word} {rng.choice(_FEMALE_SECOND if female else _MALE_SECOND)}"
    return word


def person_name(rng: random.Random, *, female: bool) -> str:
    """A synthetic full name: mostly Balinese (article + birth order or a title), some other Indonesian."""
    roll = rng.random()
    if roll < 0.80:
        order = rng.choices(BIRTH_ORDER, weights=BIRTH_ORDER_WEIGHTS)[0]
        if female and rng.random() < 0.45:
            # Ni Luh (for the first-born daughter) is common; Ni Putu, Ni Made … otherwise.
            order = rng.choice(("Luh", "Luh Putu", "Luh Gede", "Putu", "Made", "Kadek", "Nyoman", "Ketut"))
        article = "Ni" if female else "I"
        return f"{article} {order} {given_name(rng, female)}"
    if roll < 0.86:
        male_title, female_title = rng.choice(TITLES)
        return f"{female_title if female else male_title} {given_name(rng, female)}"
    first = rng.choice(_OTHER_FEMALE_FIRST if female else _OTHER_MALE_FIRST)
    family = rng.choice(_OTHER_FAMILY_STEMS) + rng.choice(_OTHER_FAMILY_ENDINGS)
    return f"{first} {family}"


def facilitator_name(rng: random.Random) -> str:
    """A synthetic widyaiswara/narasumber with an academic degree."""
    female = rng.random() < 0.45
    name = person_name(rng, female=female)
    prefix = rng.choice(("", "", "Dr. ", "Drs. " if not female else "Dra. "))
    degree = rng.choice(
        (
            "S.Sos., M.Si.",
            "S.E., M.M.",
            "S.Kom., M.T.",
            "S.H., M.H.",
            "S.Psi., M.Psi.",
            "S.KM., M.Kes.",
            "S.STP., M.AP.",
        )
    )
    return f"{prefix}{name}, {degree}"


def email_local(name: str, number: int) -> str:
    """The local part of a synthetic e-mail address (domain demo.tilik.invalid, never deliverable)."""
    words = [w.lower() for w in name.replace(".", " ").replace(",", " ").split()]
    words = [w for w in words if w not in {"i", "ni", "dr"}]
    return f"{'.'.join(words[-2:])}.{number:04d}"
