"""The respondent page evaluates XLSForm logic on the server (issue 20, contract section 3).

Relevance of questions and groups, constraints with their messages, calculations stored at submit,
defaults, choice filters (only offered choices are valid), repeat groups (Answer.repeat_index), rank,
acknowledge, time, datetime, the "Perbarui pertanyaan" / "Tambah isian" re-render, drafts, and the
export and results of the new types.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from tilik.surveys.choices import QuestionType
from tilik.surveys.exports import _export_frame
from tilik.surveys.forms import RespondentForm
from tilik.surveys.models import Answer, Choice, Draft, Instrument, InstrumentVersion, Question, Response, Section
from tilik.surveys.selectors.results import responses_frame, wave_results
from tilik.surveys.services.responses import responses_import
from tilik.surveys.tests.conftest import invite, open_wave

pytestmark = pytest.mark.django_db


def _q(version: InstrumentVersion, section: Section, order: int, code: str, qtype: str, **kw: Any) -> Question:
    kw.setdefault("required", False)
    return Question.objects.create(
        version=version, section=section, order=order, code=code, qtype=qtype, text=code, **kw
    )


def _choices(question: Question, *rows: tuple[str, dict[str, str]]) -> None:
    for order, (value, filters) in enumerate(rows):
        Choice.objects.create(question=question, order=order, value=value, label=value.title(), filters=filters)


@pytest.fixture
def logic(db: Any) -> Instrument:
    instrument = Instrument.objects.create(code="logika-xls", title="Formulir logika")
    version = InstrumentVersion.objects.create(instrument=instrument, number=1)
    main = Section.objects.create(version=version, order=0, title="Data diri")
    senior = Section.objects.create(version=version, order=1, title="Pengalaman", relevant="${umur} >= 40")
    kids = Section.objects.create(version=version, order=2, title="Anak", repeat=True, repeat_max=3)
    provinsi = _q(version, main, 0, "provinsi", QuestionType.SINGLE, required=True)
    _choices(provinsi, ("bali", {}), ("jatim", {}))
    kota = _q(version, main, 1, "kota", QuestionType.SINGLE, required=True, choice_filter="prov = ${provinsi}")
    _choices(kota, ("denpasar", {"prov": "bali"}), ("badung", {"prov": "bali"}), ("surabaya", {"prov": "jatim"}))
    _q(
        version,
        main,
        2,
        "umur",
        QuestionType.NUMBER,
        required=True,
        constraint=". >= 17 and . <= 70",
        constraint_message="Umur harus 17 sampai 70 tahun.",
    )
    _q(version, main, 3, "kategori", QuestionType.CALCULATE, calculation="if(${umur} >= 40, 'senior', 'muda')")
    _q(version, main, 4, "dobel", QuestionType.CALCULATE, calculation="${umur} * 2")
    _q(version, main, 5, "setuju", QuestionType.ACKNOWLEDGE, required=True)
    _q(version, main, 6, "jam", QuestionType.TIME)
    _q(version, main, 7, "waktu", QuestionType.DATETIME)
    prioritas = _q(version, main, 8, "prioritas", QuestionType.RANK)
    _choices(prioritas, ("a", {}), ("b", {}), ("c", {}))
    _q(version, main, 9, "catatan", QuestionType.SHORT_TEXT, default="tidak ada")
    _q(version, senior, 0, "pengalaman", QuestionType.LONG_TEXT, required=True)
    _q(version, kids, 0, "anak_nama", QuestionType.SHORT_TEXT, required=True)
    _q(version, kids, 1, "anak_umur", QuestionType.NUMBER, relevant="${anak_nama} != ''", constraint=". < 30")
    return instrument


def _version(instrument: Instrument) -> InstrumentVersion:
    return instrument.versions.get()


def _kids(version: InstrumentVersion) -> Section:
    return version.sections.get(repeat=True)


def post(version: InstrumentVersion, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "q_provinsi": "bali",
        "q_kota": "badung",
        "q_umur": "45",
        "q_setuju": "OK",
        "q_jam": "08:30",
        "q_waktu": "2026-12-01T09:15",
        "q_prioritas__r_a": "2",
        "q_prioritas__r_b": "3",
        "q_prioritas__r_c": "1",
        "q_catatan": "baik",
        "q_pengalaman": "Dua puluh tahun",
        f"rep_{_kids(version).pk}": "2",
        "q_anak_nama__1": "Made",
        "q_anak_umur__1": "12",
        "q_anak_nama__2": "Nyoman",
        "q_anak_umur__2": "9",
        "action": "submit",
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def test_a_valid_submission_gives_every_type_and_the_calculations(logic: Instrument) -> None:
    version = _version(logic)
    form = RespondentForm(post(version), version=version)
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert answers["kota"] == "badung"
    assert answers["kategori"] == "senior" and answers["dobel"] == "90"
    assert answers["setuju"] == "OK" and answers["jam"] == "08:30" and answers["waktu"] == "2026-12-01T09:15"
    assert answers["prioritas"] == ["c", "a", "b"]
    assert answers["pengalaman"] == "Dua puluh tahun"
    assert answers["anak_nama"] == {1: "Made", 2: "Nyoman"}
    assert answers["anak_umur"] == {1: Decimal("12"), 2: Decimal("9")}


def test_a_group_that_is_not_relevant_is_discarded_and_not_required(logic: Instrument) -> None:
    version = _version(logic)
    form = RespondentForm(post(version, q_umur="30", q_pengalaman="posted anyway"), version=version)
    assert form.is_valid(), form.errors
    assert form.answers()["pengalaman"] is None
    assert form.answers()["kategori"] == "muda"
    shown = RespondentForm(post(version, q_umur="45", q_pengalaman=None), version=version)
    assert not shown.is_valid()
    assert list(shown.errors) == ["q_pengalaman"]


def test_a_choice_outside_the_filter_is_refused(logic: Instrument) -> None:
    version = _version(logic)
    form = RespondentForm(post(version, q_kota="surabaya"), version=version)
    assert not form.is_valid()
    assert form.errors["q_kota"] == ["Pilihan ini tidak tersedia untuk jawaban Anda sebelumnya."]
    assert RespondentForm(post(version, q_provinsi="jatim", q_kota="surabaya"), version=version).is_valid()


def test_a_constraint_gives_its_message_and_relevance_inside_an_iteration(logic: Instrument) -> None:
    version = _version(logic)
    form = RespondentForm(post(version, q_umur="12"), version=version)
    assert not form.is_valid()
    assert form.errors["q_umur"] == ["Umur harus 17 sampai 70 tahun."]
    # The second child's age breaks its constraint; the first child's does not.
    form = RespondentForm(post(version, q_anak_umur__2="31"), version=version)
    assert not form.is_valid() and list(form.errors) == ["q_anak_umur__2"]
    # Without a name the age is not relevant in that iteration: discarded, not checked.
    form = RespondentForm(post(version, q_anak_nama__2="", q_anak_umur__2="31"), version=version)
    assert not form.is_valid() and list(form.errors) == ["q_anak_nama__2"]


@pytest.mark.parametrize(
    "ranks",
    [("1", "1", "2"), ("1", "2", ""), ("1", "2", "4")],
)
def test_a_rank_must_be_a_permutation(logic: Instrument, ranks: tuple[str, str, str]) -> None:
    version = _version(logic)
    data = post(version, **{f"q_prioritas__r_{v}": r for v, r in zip("abc", ranks, strict=True)})
    form = RespondentForm(data, version=version)
    assert not form.is_valid()
    assert list(form.errors) == ["q_prioritas"]


def test_the_submission_stores_iterations_ranks_and_calculations(client: Any, logic: Instrument) -> None:
    version = _version(logic)
    (token,) = invite(open_wave(logic), 1)
    assert client.post(f"/s/t/{token}/", post(version)).status_code == 302
    response = Response.objects.get()
    rows = {(a.question.code, a.repeat_index, a.choice.value if a.choice else ""): a for a in response.answers.all()}
    assert rows[("anak_nama", 1, "")].text == "Made" and rows[("anak_nama", 2, "")].text == "Nyoman"
    assert rows[("anak_umur", 2, "")].number == Decimal("9")
    assert rows[("kategori", 0, "")].text == "senior" and rows[("kategori", 0, "")].number is None
    assert rows[("dobel", 0, "")].text == "90" and rows[("dobel", 0, "")].number == Decimal("90")
    assert [rows[("prioritas", 0, v)].number for v in "cab"] == [1, 2, 3]
    assert rows[("setuju", 0, "")].text == "OK" and rows[("jam", 0, "")].text == "08:30"
    frame, _questions = responses_frame(open_wave_of(response))
    record = frame.iloc[0]
    assert record["anak_nama[1]"] == "Made" and record["anak_nama[2]"] == "Nyoman"
    assert record["prioritas"] == "c a b" and record["kategori"] == "senior"
    assert "anak_nama" not in frame.columns
    exported = _export_frame(open_wave_of(response))
    assert exported.iloc[0]["prioritas_label"] == "C; A; B"


def open_wave_of(response: Response) -> Any:
    return response.wave


def test_add_an_iteration_and_refresh_save_nothing(client: Any, logic: Instrument) -> None:
    version = _version(logic)
    kids = _kids(version)
    (token,) = invite(open_wave(logic), 1)
    data = post(version, action=f"add:{kids.pk}", q_provinsi="jatim")  # Badung still ticked from before
    page = client.post(f"/s/t/{token}/", data)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="q_anak_nama__3"' in html and 'value="Nyoman"' in html
    assert f'name="rep_{kids.pk}" value="3"' in html
    assert "Tambah isian" not in html  # repeat_max reached
    # The filter offers Surabaya only; Denpasar stays in the page, hidden (form_logic.js may show it again).
    assert _option(html, "surabaya").count(" hidden") == 0 and " hidden" in _option(html, "denpasar")
    assert " checked" not in _input(html, "badung") and " checked" in _input(html, "jatim")  # Badung hidden, unticked
    assert not Response.objects.exists() and not Draft.objects.exists()
    removed = client.post(f"/s/t/{token}/", post(version, action=f"remove:{kids.pk}")).content.decode()
    assert 'name="q_anak_nama__2"' not in removed and 'value="Made"' in removed
    refreshed = client.post(f"/s/t/{token}/", post(version, action="refresh", q_umur="30")).content.decode()
    assert 'data-q="pengalaman"' in refreshed
    assert _section(refreshed, "Pengalaman").endswith(" hidden>")
    assert 'name="q_kategori" value="muda"' in refreshed
    assert not Response.objects.exists()


def _option(html: str, value: str) -> str:
    end = html.index(f'value="{value}"')
    return html[html.rindex("<label", 0, end) : end]


def _input(html: str, value: str) -> str:
    start = html.index(f'value="{value}"')
    return html[start : html.index(">", start)]


def _section(html: str, title: str) -> str:
    end = html.index(f">{title}</h2>")
    start = html.rindex("<section", 0, end)
    return html[start : html.index(">", start) + 1]


def test_defaults_fill_a_new_form_and_drafts_keep_iterations_and_ranks(client: Any, logic: Instrument) -> None:
    version = _version(logic)
    page = client.get(f"/s/t/{invite(open_wave(logic), 1)[0]}/").content.decode()
    assert 'name="q_catatan" value="tidak ada"' in page
    (token,) = invite(open_wave(logic), 1)
    assert client.post(f"/s/t/{token}/", post(version, action="save")).status_code == 200
    draft = Draft.objects.get().data
    assert draft["q_anak_nama__2"] == "Nyoman" and draft["q_prioritas__r_c"] == "1"
    resumed = client.get(f"/s/t/{token}/").content.decode()
    assert 'value="Nyoman"' in resumed
    assert '<option value="1" selected>1</option></select> <label for="id_q_prioritas__r_c">' in resumed.replace(
        '<option value="2">2</option><option value="3">3</option>', ""
    )


def test_results_count_acknowledge_and_rank_and_hide_small_groups(logic: Instrument) -> None:
    version = _version(logic)
    wave = open_wave(logic)
    form = RespondentForm(post(version), version=version)
    assert form.is_valid(), form.errors
    responses_import(wave=wave, rows=[form.answers()] * 6, by=None, on=dt.date(2026, 12, 1))
    full = wave_results(wave, full_access=True)
    counts = {c["question"].code: c["counts"] for c in full.choices}
    assert counts["setuju"] == {"OK": 6}
    assert counts["prioritas"] == {"A": 0, "B": 0, "C": 6}
    numeric = {i["question"].code: i["numeric"] for i in full.items if "numeric" in i}
    assert numeric["dobel"]["n"] == 6 and numeric["dobel"]["mean"] == 90
    assert "kategori" not in numeric
    assert Answer.objects.filter(repeat_index=2).count() == 6 * 2
    # Four responses: below k=5, a reader without full access sees nothing.
    small = open_wave(logic)
    responses_import(wave=small, rows=[form.answers()] * 4, by=None, on=dt.date(2026, 12, 1))
    assert wave_results(small, full_access=False).suppressed


def test_the_builders_show_if_goes_through_the_same_relevance(db: Any) -> None:
    from tilik.surveys.tests.conftest import load

    version = load("alasan_tidak_ikut").versions.get()
    other = version.questions.get(code="ALASAN_LAIN")
    trigger = other.show_if_values[0]
    shown_with = version.questions.get(code="ALASAN_UTAMA").choices.exclude(value=trigger).first().value
    form = RespondentForm({"q_ALASAN_UTAMA": shown_with, "q_ALASAN_LAIN": "typed, then hidden"}, version=version)
    assert form.is_valid(), form.errors
    assert form.answers()["ALASAN_LAIN"] is None
    page = RespondentForm(initial={"q_ALASAN_UTAMA": shown_with}, version=version)
    items = [item for block in page.grouped() for _index, row in block.iterations for item in row]
    block = next(item for item in items if item.question.code == "ALASAN_LAIN")
    assert block.hidden and "selected(${ALASAN_UTAMA}" in block.relevant
    again = RespondentForm({"q_ALASAN_UTAMA": trigger, "q_ALASAN_LAIN": "kept"}, version=version)
    assert again.is_valid(), again.errors
    assert again.answers()["ALASAN_LAIN"] == "kept"


def test_a_computed_repeat_count_sets_the_iterations(logic: Instrument) -> None:
    version = _version(logic)
    main = version.sections.get(order=0)
    _q(version, main, 10, "jumlah_anak", QuestionType.NUMBER)
    kids = _kids(version)
    kids.repeat_count = "${jumlah_anak}"
    kids.save()
    version.revision += 1  # the structure cache follows the version's revision
    version.save()
    # Three children asked for, whatever the page's own counter says; above repeat_max (3) it stops at 3.
    data = post(version, q_jumlah_anak="3", q_anak_nama__3="Ketut", **{f"rep_{kids.pk}": "1"})
    form = RespondentForm(data, version=version)
    assert form.is_valid(), form.errors
    assert form.answers()["anak_nama"] == {1: "Made", 2: "Nyoman", 3: "Ketut"}
    many = RespondentForm(post(version, q_jumlah_anak="9"), version=version)
    assert many.state.slots(kids.questions.get(code="anak_nama")) == [1, 2, 3]
    # The respondent cannot add iterations to a counted repeat group.
    assert not any(b.can_add for b in RespondentForm(initial={"q_jumlah_anak": "2"}, version=version).grouped())


def test_the_public_survey_re_renders_without_storing(client: Any, logic: Instrument, puskesmas: Any) -> None:
    from tilik.surveys.choices import Audience

    version = _version(logic)
    wave = open_wave(logic, audience=Audience.PUBLIC, unit=puskesmas, period="2026")
    data = post(version, action="refresh", q_provinsi="jatim", consent="1")
    page = client.post(f"/s/p/{wave.public_slug}/", data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Pertanyaan diperbarui menurut jawaban Anda." in html
    assert " hidden" in _option(html, "badung") and " hidden" not in _option(html, "surabaya")
    assert 'id="consent" checked' in html
    assert not Response.objects.filter(wave=wave).exists()


def test_today_in_a_constraint_refuses_a_future_date(db: Any) -> None:
    from django.utils import timezone

    instrument = Instrument.objects.create(code="tanggal-lahir", title="Tanggal")
    version = InstrumentVersion.objects.create(instrument=instrument, number=1)
    section = Section.objects.create(version=version, title="A")
    _q(version, section, 0, "lahir", QuestionType.DATE, constraint=". < today()", constraint_message="Belum terjadi.")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    future = RespondentForm({"q_lahir": tomorrow.isoformat()}, version=version)
    assert not future.is_valid() and future.errors["q_lahir"] == ["Belum terjadi."]
    assert RespondentForm({"q_lahir": "1990-05-17"}, version=version).is_valid()


def test_the_constraint_message_in_english_comes_from_other_languages(logic: Instrument) -> None:
    from django.utils import translation

    version = _version(logic)
    umur = version.questions.get(code="umur")
    umur.other_languages = {"constraint_message": {"English (en)": "Age must be 17 to 70."}}
    umur.save()
    version.revision += 1
    version.save()
    with translation.override("en"):
        form = RespondentForm(post(version, q_umur="12"), version=version)
        assert not form.is_valid() and form.errors["q_umur"] == ["Age must be 17 to 70."]
    form = RespondentForm(post(version, q_umur="12"), version=version)
    assert not form.is_valid() and form.errors["q_umur"] == ["Umur harus 17 sampai 70 tahun."]


def test_appearance_minimal_and_multiline_change_the_widget(client: Any, logic: Instrument) -> None:
    version = _version(logic)
    version.questions.filter(code="kota").update(appearance="minimal")
    version.questions.filter(code="catatan").update(appearance="multiline")
    version.revision += 1
    version.save()
    (token,) = invite(open_wave(logic), 1)
    html = client.post(f"/s/t/{token}/", post(version, action="refresh", q_provinsi="jatim")).content.decode()
    select = html[html.index('<select name="q_kota"') : html.index("</select>", html.index('<select name="q_kota"'))]
    assert 'data-choice-filter="prov = ${provinsi}"' in select
    assert '<option value="surabaya" data-choice=' in select and '<option value="denpasar" hidden' in select
    assert '<textarea name="q_catatan"' in html and ">baik</textarea>" in html
    assert client.post(f"/s/t/{token}/", post(version, q_provinsi="jatim", q_kota="surabaya")).status_code == 302
    assert Answer.objects.get(question__code="kota").choice.value == "surabaya"


def test_the_results_page_shows_the_new_types(client: Any, evaluator: Any, logic: Instrument) -> None:
    from django.urls import reverse

    version = _version(logic)
    wave = open_wave(logic)
    form = RespondentForm(post(version), version=version)
    assert form.is_valid(), form.errors
    responses_import(wave=wave, rows=[form.answers()] * 6, by=None, on=dt.date(2026, 12, 1))
    client.force_login(evaluator)
    page = client.get(reverse("surveys:results", args=[wave.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "setuju" in html and "prioritas" in html and "dobel" in html
    assert "<td>OK</td>" in html
