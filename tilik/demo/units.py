"""The organisation tree of the synthetic Kota Denpasar (DOMAIN.md: OPD list, 4 kecamatan, 11 puskesmas).

``headcount`` is the unit's own staff at the default size of 3,000 ASN; the generator scales it to the
requested number of employees. ``profile`` picks the staffing mix in tilik.demo.people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tilik.org.choices import Kecamatan, UnitType
from tilik.org.models import Unit
from tilik.org.services import unit_create

PEMDA_CODE = "pemkot-denpasar"


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    unit_type: str
    parent: str | None
    headcount: int
    profile: str = "kantor"
    short_name: str = ""
    kecamatan: str = ""
    serves_public: bool = False


def _bidang(parent: str, items: tuple[tuple[str, str, int], ...], profile: str = "kantor") -> list[UnitSpec]:
    return [
        UnitSpec(f"{parent}-{code}", name, UnitType.BIDANG, parent, headcount, profile)
        for code, name, headcount in items
    ]


_KEC = (
    ("denpasar-barat", "Denpasar Barat", Kecamatan.BARAT),
    ("denpasar-timur", "Denpasar Timur", Kecamatan.TIMUR),
    ("denpasar-selatan", "Denpasar Selatan", Kecamatan.SELATAN),
    ("denpasar-utara", "Denpasar Utara", Kecamatan.UTARA),
)
# DOMAIN.md: I and II Denpasar Barat; I–IV Denpasar Selatan; I and II Denpasar Timur; I–III Denpasar Utara.
_PUSKESMAS_PER_KECAMATAN = {
    "denpasar-barat": 2,
    "denpasar-selatan": 4,
    "denpasar-timur": 2,
    "denpasar-utara": 3,
}
_ROMAN = ("I", "II", "III", "IV")


def _puskesmas() -> list[UnitSpec]:
    specs = []
    for slug, label, kecamatan in _KEC:
        for i in range(_PUSKESMAS_PER_KECAMATAN[slug]):
            specs.append(
                UnitSpec(
                    f"pkm-{slug}-{i + 1}",
                    f"Puskesmas {_ROMAN[i]} {label}",
                    UnitType.PUSKESMAS,
                    "dinkes",
                    52,
                    profile="puskesmas",
                    short_name=f"Pusk. {_ROMAN[i]} {label}",
                    kecamatan=kecamatan,
                    serves_public=True,
                )
            )
    return specs


UNIT_SPECS: tuple[UnitSpec, ...] = (
    UnitSpec(PEMDA_CODE, "Pemerintah Kota Denpasar", UnitType.PEMDA, None, 0, short_name="Pemkot Denpasar"),
    UnitSpec("setda", "Sekretariat Daerah", UnitType.SETDA, PEMDA_CODE, 50, short_name="Setda"),
    *_bidang(
        "setda",
        (
            ("tapem", "Bagian Tata Pemerintahan", 22),
            ("hukum", "Bagian Hukum", 20),
            ("organisasi", "Bagian Organisasi", 20),
            ("umum", "Bagian Umum", 28),
        ),
    ),
    UnitSpec("setwan", "Sekretariat DPRD", UnitType.SETDA, PEMDA_CODE, 55, short_name="Setwan"),
    UnitSpec("inspektorat", "Inspektorat", UnitType.INSPEKTORAT, PEMDA_CODE, 55, profile="inspektorat"),
    UnitSpec(
        "bkpsdm",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        UnitType.BADAN,
        PEMDA_CODE,
        34,
        short_name="BKPSDM",
    ),
    *_bidang(
        "bkpsdm",
        (("pka", "Bidang Pengembangan Kompetensi Aparatur", 16), ("mutasi", "Bidang Mutasi dan Promosi", 16)),
    ),
    UnitSpec(
        "bappeda",
        "Badan Perencanaan Pembangunan Daerah",
        UnitType.BADAN,
        PEMDA_CODE,
        48,
        short_name="Bappeda",
    ),
    UnitSpec(
        "bpkad",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        UnitType.BADAN,
        PEMDA_CODE,
        33,
        short_name="BPKAD",
    ),
    *_bidang(
        "bpkad",
        (
            ("anggaran", "Bidang Anggaran", 16),
            ("akuntansi", "Bidang Akuntansi", 16),
            ("aset", "Bidang Aset", 16),
        ),
    ),
    UnitSpec(
        "bapenda",
        "Badan Pendapatan Daerah",
        UnitType.BADAN,
        PEMDA_CODE,
        88,
        short_name="Bapenda",
        serves_public=True,
    ),
    UnitSpec(
        "bpbd",
        "Badan Penanggulangan Bencana Daerah",
        UnitType.BADAN,
        PEMDA_CODE,
        42,
        short_name="BPBD",
        profile="lapangan",
    ),
    UnitSpec(
        "kesbangpol",
        "Badan Kesatuan Bangsa dan Politik",
        UnitType.BADAN,
        PEMDA_CODE,
        26,
        short_name="Kesbangpol",
    ),
    UnitSpec("brida", "Badan Riset dan Inovasi Daerah", UnitType.BADAN, PEMDA_CODE, 22, short_name="BRIDA"),
    UnitSpec(
        "dinkes", "Dinas Kesehatan", UnitType.DINAS, PEMDA_CODE, 44, profile="dinkes", short_name="Dinkes"
    ),
    *_bidang(
        "dinkes",
        (("yankes", "Bidang Pelayanan Kesehatan", 16), ("kesmas", "Bidang Kesehatan Masyarakat", 16)),
        profile="dinkes",
    ),
    *_puskesmas(),
    UnitSpec(
        "rsud-wangaya",
        "RSUD Wangaya",
        UnitType.RSUD,
        "dinkes",
        330,
        profile="rsud",
        short_name="RSUD Wangaya",
        kecamatan=Kecamatan.BARAT,
        serves_public=True,
    ),
    UnitSpec(
        "disdikpora",
        "Dinas Pendidikan Kepemudaan dan Olahraga",
        UnitType.DINAS,
        PEMDA_CODE,
        150,
        profile="pendidikan",
        short_name="Disdikpora",
    ),
    UnitSpec(
        "disdukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil",
        UnitType.DINAS,
        PEMDA_CODE,
        75,
        short_name="Disdukcapil",
        serves_public=True,
    ),
    UnitSpec(
        "diskominfos",
        "Dinas Komunikasi, Informatika dan Statistik",
        UnitType.DINAS,
        PEMDA_CODE,
        58,
        profile="kominfo",
        short_name="Diskominfos",
    ),
    UnitSpec(
        "dinsos", "Dinas Sosial", UnitType.DINAS, PEMDA_CODE, 46, short_name="Dinsos", serves_public=True
    ),
    UnitSpec(
        "dishub",
        "Dinas Perhubungan",
        UnitType.DINAS,
        PEMDA_CODE,
        85,
        profile="perhubungan",
        short_name="Dishub",
    ),
    *_bidang("dishub", (("lalin", "Bidang Lalu Lintas", 40),), profile="perhubungan"),
    UnitSpec(
        "pupr",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        UnitType.DINAS,
        PEMDA_CODE,
        50,
        profile="lapangan",
        short_name="Dinas PUPR",
    ),
    *_bidang(
        "pupr",
        (("binamarga", "Bidang Bina Marga", 30), ("ciptakarya", "Bidang Cipta Karya", 30)),
        profile="lapangan",
    ),
    UnitSpec(
        "dlhk",
        "Dinas Lingkungan Hidup dan Kebersihan",
        UnitType.DINAS,
        PEMDA_CODE,
        165,
        profile="lapangan",
        short_name="DLHK",
    ),
    UnitSpec("dispar", "Dinas Pariwisata", UnitType.DINAS, PEMDA_CODE, 42, short_name="Dispar"),
    UnitSpec("disbud", "Dinas Kebudayaan", UnitType.DINAS, PEMDA_CODE, 42, short_name="Disbud"),
    UnitSpec(
        "dpmptsp",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        UnitType.DINAS,
        PEMDA_CODE,
        52,
        short_name="DPMPTSP",
        serves_public=True,
    ),
    UnitSpec("disnaker", "Dinas Tenaga Kerja", UnitType.DINAS, PEMDA_CODE, 36, short_name="Disnaker"),
    UnitSpec(
        "damkar",
        "Dinas Pemadam Kebakaran",
        UnitType.DINAS,
        PEMDA_CODE,
        92,
        profile="damkar",
        short_name="Damkar",
    ),
    UnitSpec(
        "satpolpp",
        "Satuan Polisi Pamong Praja",
        UnitType.SATPOL,
        PEMDA_CODE,
        155,
        profile="satpol",
        short_name="Satpol PP",
    ),
    *(
        UnitSpec(
            f"kec-{slug}",
            f"Kecamatan {label}",
            UnitType.KECAMATAN,
            PEMDA_CODE,
            50,
            profile="kecamatan",
            short_name=f"Kec. {label}",
            kecamatan=kecamatan,
            serves_public=True,
        )
        for slug, label, kecamatan in _KEC
    ),
)

SPEC_BY_CODE = {spec.code: spec for spec in UNIT_SPECS}


def opd_code(code: str) -> str:
    """The depth-1 OPD a unit belongs to (itself for an OPD; the Dinas for a Bidang or puskesmas)."""
    spec = SPEC_BY_CODE[code]
    while spec.parent is not None and spec.parent != PEMDA_CODE:
        spec = SPEC_BY_CODE[spec.parent]
    return spec.code


def create_units(*, by: Any) -> dict[str, Unit]:
    """Create the tree through tilik.org.services.unit_create (parents first); returns units by code."""
    units: dict[str, Unit] = {}
    for spec in UNIT_SPECS:
        units[spec.code] = unit_create(
            name=spec.name,
            code=spec.code,
            unit_type=spec.unit_type,
            by=by,
            parent=units[spec.parent] if spec.parent else None,
            kecamatan=spec.kecamatan,
            serves_public=spec.serves_public,
            short_name=spec.short_name,
        )
    return units
