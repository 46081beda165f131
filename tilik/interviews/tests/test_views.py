import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from analysis.agreement import cohens_kappa
from tilik.core.models import Role
from tilik.interviews import services, services_codes, services_coding
from tilik.interviews.models import Segment
from tilik.interviews.selectors_analysis import agreement_labels
from tilik.interviews.tests.conftest import code_named, make_user

pytestmark = pytest.mark.django_db
PAYLOAD = '<script>alert("x")</script>'


def urls(interview, codebook):
    return [
        reverse("interviews:list"),
        reverse("interviews:detail", args=[interview.pk]),
        reverse("interviews:sentences", args=[interview.pk]) + f"?buku={codebook.pk}",
        reverse("interviews:segments"),
        reverse("interviews:codebook", args=[codebook.pk]),
        reverse("interviews:frequency", args=[codebook.pk]),
        reverse("interviews:agreement", args=[codebook.pk]),
        reverse("interviews:quotes", args=[codebook.pk]),
        reverse("interviews:matrix", args=[codebook.pk]),
        reverse("interviews:suggestions", args=[codebook.pk]),
        reverse("interviews:guides"),
        reverse("interviews:cooccurrence", args=[codebook.pk]),
    ]


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.REGIONAL_HEAD, Role.UNIT_HEAD, None])
def test_only_evaluators_read_interviews(client, interview, codebook, role):
    client.force_login(make_user(role))
    for url in urls(interview, codebook):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("interviews:segment_create", args=[interview.pk]),
        {"codebook": codebook.pk, "start": 0, "end": 5, "codes": [codebook.codes.first().pk]},
    )
    assert response.status_code == 403 and not Segment.objects.exists()


def test_anonymous_goes_to_login(client, interview):
    response = client.get(reverse("interviews:detail", args=[interview.pk]))
    assert response.status_code == 302 and "/masuk/" in response.url


def test_evaluator_pages_render(client, interview, codebook, evaluator):
    client.force_login(evaluator)
    for url in urls(interview, codebook):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("interviews:detail", args=[9999])).status_code == 404


def test_uploaded_files_served_only_after_check(client, interview, evaluator, puskesmas):
    other = services.interview_create(
        by=evaluator,
        code="W-02",
        role="pimpinan_opd",
        unit=puskesmas,
        held_on=interview.held_on,
        consent=True,
    )
    services.transcript_set(interview=other, by=evaluator, upload=SimpleUploadedFile("t.txt", b"Isi rahasia."))
    services.audio_set(interview=other, by=evaluator, upload=SimpleUploadedFile("r.mp3", b"ID3audio"))
    transcript_url = reverse("interviews:file", args=[other.pk, "transkrip"])
    audio_url = reverse("interviews:file", args=[other.pk, "audio"])
    client.force_login(make_user(Role.PARTICIPANT))
    assert client.get(transcript_url).status_code == 403 and client.get(audio_url).status_code == 403
    client.force_login(evaluator)
    response = client.get(transcript_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"Isi rahasia."
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(client.get(audio_url).streaming_content) == b"ID3audio"
    assert client.get(reverse("interviews:file", args=[interview.pk, "audio"])).status_code == 404


def test_code_selection_through_the_form(client, interview, codebook, evaluator):
    client.force_login(evaluator)
    text = interview.transcript.text
    start = text.index("Antrean")
    end = text.index("banyak.") + len("banyak.")
    code = code_named(codebook, "Pendaftaran dan antrean")
    response = client.post(
        reverse("interviews:segment_create", args=[interview.pk]),
        {
            "codebook": codebook.pk,
            "start": start,
            "end": end,
            "quote": text[start:end],
            "codes": [code.pk],
            "memo": "penting",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Kode diterapkan." in html and "Antrean di loket berkurang banyak." in html
    segment = Segment.objects.get()
    assert (segment.start, segment.end, segment.coder, segment.memo) == (start, end, evaluator, "penting")
    bad = client.post(
        reverse("interviews:segment_create", args=[interview.pk]),
        {"codebook": codebook.pk, "start": 0, "end": 99_999, "codes": [code.pk]},
        follow=True,
    )
    assert "di luar transkrip" in bad.content.decode() and Segment.objects.count() == 1
    empty = client.post(
        reverse("interviews:segment_create", args=[interview.pk]),
        {"codebook": codebook.pk, "start": "", "end": "", "codes": [code.pk]},
        follow=True,
    )
    assert empty.status_code == 200 and Segment.objects.count() == 1


def test_other_coder_cannot_delete_or_edit_memo(client, interview, codebook, evaluator, evaluator_b):
    segment = services_coding.segment_create(
        by=evaluator,
        transcript=interview.transcript,
        codebook=codebook,
        start=0,
        end=11,
        codes=[code_named(codebook, "Saran")],
    )
    client.force_login(evaluator_b)
    assert client.post(reverse("interviews:segment_delete", args=[segment.pk])).status_code == 403
    assert (
        client.post(
            reverse("interviews:segment_update", args=[segment.pk]), {"action": "memo", "memo": "x"}
        ).status_code
        == 403
    )
    client.post(reverse("interviews:segment_update", args=[segment.pk]), {"action": "star", "memo": ""})
    segment.refresh_from_db()
    assert segment.starred and segment.memo == ""
    # hiding the other coders' codes
    page = client.get(reverse("interviews:detail", args=[interview.pk]) + f"?buku={codebook.pk}&tampil=saya")
    assert page.context["segments"] == []


def test_script_payloads_are_escaped(client, evaluator, puskesmas):
    interview = services.interview_create(
        by=evaluator,
        code="W-<b>",
        role="pimpinan_opd",
        unit=puskesmas,
        held_on="2026-05-01",
        consent=True,
        notes=PAYLOAD,
    )
    services.transcript_set(interview=interview, by=evaluator, text=f"Kalimat {PAYLOAD} akhir.")
    codebook = services_codes.codebook_create(by=evaluator, name=PAYLOAD)
    code = services_codes.code_create(by=evaluator, codebook=codebook, name=PAYLOAD, keywords="akhir")
    services_coding.segment_create(
        by=evaluator,
        transcript=interview.transcript,
        codebook=codebook,
        start=0,
        end=len(interview.transcript.text),
        codes=[code],
        memo=PAYLOAD,
    )
    services_coding.suggestions_generate(codebook=codebook, by=evaluator)
    client.force_login(evaluator)
    pages = urls(interview, codebook)
    pages.remove(reverse("interviews:matrix", args=[codebook.pk]))
    for url in pages:
        html = client.get(url).content.decode()
        assert PAYLOAD not in html, url
    assert "&lt;script&gt;" in client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()


def test_matrix_xlsx_neutralises_formulas(client, interview, codebook, evaluator):
    from openpyxl import load_workbook

    services_codes.code_create(by=evaluator, codebook=codebook, name="=CMD()")
    services_coding.segment_create(
        by=evaluator,
        transcript=interview.transcript,
        codebook=codebook,
        start=0,
        end=11,
        codes=[code_named(codebook, "Saran")],
    )
    client.force_login(evaluator)
    response = client.get(reverse("interviews:matrix", args=[codebook.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert "'=CMD()" in header and "=CMD()" not in header
    row = [c.value for c in sheet[2]]
    assert row[0] == "W-01" and row[header.index("Saran")] == 1 and row[header.index("Kendala anggaran")] == 0
    assert "Contoh" not in str(row)  # no interviewee names


def test_frequency_page_counts(client, interview, codebook, evaluator):
    saran = code_named(codebook, "Saran")
    for start, end in ((0, 11), (20, 30)):
        services_coding.segment_create(
            by=evaluator,
            transcript=interview.transcript,
            codebook=codebook,
            start=start,
            end=end,
            codes=[saran],
        )
    client.force_login(evaluator)
    table = client.get(reverse("interviews:frequency", args=[codebook.pk])).context["table"]
    row = next(r for r in table.rows if r.code == saran)
    assert (row.segments, row.interviews, row.by_group) == (2, 1, {"kepala_puskesmas": 1})


def test_kappa_page_equals_analysis_agreement(client, interview, codebook, evaluator, evaluator_b):
    from tilik.interviews.text import split_sentences

    sentences = split_sentences(interview.transcript.text)
    budget, queue = code_named(codebook, "Kendala anggaran"), code_named(codebook, "Pendaftaran dan antrean")
    for coder, picks in (
        (evaluator, [(1, queue), (2, queue), (3, budget)]),
        (evaluator_b, [(1, queue), (3, budget), (4, budget)]),
    ):
        for i, code in picks:
            services_coding.segment_create(
                by=coder,
                transcript=interview.transcript,
                codebook=codebook,
                start=sentences[i][0],
                end=sentences[i][1],
                codes=[code],
            )
    client.force_login(evaluator)
    response = client.get(reverse("interviews:agreement", args=[codebook.pk]), {"a": evaluator.pk, "b": evaluator_b.pk})
    rows = {r.code.name: r for r in response.context["result"].rows}
    # hand-computed: 5 sentences; queue A=[0,1,1,0,0], B=[0,1,0,0,0]: po=0.8, pe=0.6*0.8+0.4*0.2=0.56
    assert rows["Pendaftaran dan antrean"].labels_a == [0, 1, 1, 0, 0]
    assert rows["Pendaftaran dan antrean"].result.kappa == pytest.approx((0.8 - 0.56) / (1 - 0.56))
    _, _, labels = agreement_labels(codebook, evaluator, evaluator_b)
    expected = cohens_kappa(*labels[budget.pk]).kappa
    assert rows["Kendala anggaran"].result.kappa == pytest.approx(expected)
    assert f'data-kappa="{expected:.6f}"' in response.content.decode()
    # Nobody used "Saran": one category only, kappa 0/0; not assessable, said why, raw counts kept.
    saran = rows["Saran"]
    assert saran.result is not None and not saran.result.estimable and saran.counts == (0, 0, 0)
    assert saran.reason == "Tidak dapat dinilai: kedua pengode tidak pernah memakai kode ini pada 5 kalimat."


def _code_sentences(transcript, codebook, coder, picks):
    from tilik.interviews.text import split_sentences

    sentences = split_sentences(transcript.text)
    for i, code in picks:
        services_coding.segment_create(
            by=coder,
            transcript=transcript,
            codebook=codebook,
            start=sentences[i][0],
            end=sentences[i][1],
            codes=[code],
        )


@pytest.mark.filterwarnings("error")
def test_kappa_page_code_only_one_coder_used_is_not_assessable(client, interview, codebook, evaluator, evaluator_b):
    """Issue: a code only coder A used showed "kappa 0,000", interval "0,00–0,00" and "sangat lemah"."""
    saran, queue = code_named(codebook, "Saran"), code_named(codebook, "Pendaftaran dan antrean")
    budget = code_named(codebook, "Kendala anggaran")
    # 5 sentences. Saran: A on sentences 0 and 4, B never. Budget: both on 3 and 4 (perfect agreement).
    # Queue: A [0,1,1,0,0], B [0,1,0,0,0] (the ordinary case, kappa (0.8 - 0.56) / 0.44).
    _code_sentences(
        interview.transcript,
        codebook,
        evaluator,
        [(0, saran), (4, saran), (1, queue), (2, queue), (3, budget), (4, budget)],
    )
    _code_sentences(interview.transcript, codebook, evaluator_b, [(1, queue), (3, budget), (4, budget)])
    client.force_login(evaluator)
    url = reverse("interviews:agreement", args=[codebook.pk])
    response = client.get(url, {"a": evaluator.pk, "b": evaluator_b.pk})
    rows = {r.code.name: r for r in response.context["result"].rows}
    row = rows["Saran"]
    # By hand: table [[3, 0], [2, 0]]; po = 3/5 = pe, kappa would be 0 by construction with SE 0.
    assert not row.result.estimable and row.result.table == ((3, 0), (2, 0))
    assert row.counts == (0, 2, 0) and row.observed == pytest.approx(0.6)
    assert row.reason == "Tidak dapat dinilai: pengode B tidak pernah memakai kode ini pada 5 kalimat."
    html = response.content.decode()
    tr = next(t for t in html.split("<tr") if ">Saran<" in t)
    assert row.reason in tr and "0 / 2 / 0" in tr and "0,600" in tr
    assert "0,000" not in tr and "0,00 – 0,00" not in tr and "sangat lemah" not in tr and "data-kappa" not in tr
    # Perfect agreement: kappa 1 and its reading stand, but no zero-width interval.
    perfect = next(t for t in html.split("<tr") if ">Kendala anggaran<" in t)
    assert (
        rows["Kendala anggaran"].result.kappa == pytest.approx(1.0) and not rows["Kendala anggaran"].result.has_interval
    )
    assert "1,000" in perfect and "hampir sempurna" in perfect and "1,00 – 1,00" not in perfect
    ordinary = next(t for t in html.split("<tr") if ">Pendaftaran dan antrean<" in t)
    assert rows["Pendaftaran dan antrean"].result.has_interval and " – " in ordinary
    # Swapping the coders names the other one; English has its own sentence.
    swapped = client.get(url, {"a": evaluator_b.pk, "b": evaluator.pk}).context["result"].rows
    assert next(r for r in swapped if r.code == saran).reason.startswith("Tidak dapat dinilai: pengode A tidak pernah")
    with translation.override("en"):
        assert row.reason == "Not assessable: coder B never applied this code in 5 sentences."
        assert row.label == row.reason and rows["Pendaftaran dan antrean"].label in {
            "slight",
            "fair",
            "moderate",
            "substantial",
            "almost perfect",
            "poor",
        }


def test_code_delete_page_asks_first(client, interview, codebook, evaluator):
    saran = code_named(codebook, "Saran")
    services_coding.segment_create(
        by=evaluator, transcript=interview.transcript, codebook=codebook, start=0, end=11, codes=[saran]
    )
    client.force_login(evaluator)
    url = reverse("interviews:code_delete", args=[saran.pk])
    assert "dipakai oleh 1 segmen" in client.get(url).content.decode()
    client.post(url)
    assert codebook.codes.filter(pk=saran.pk).exists()
    client.post(url, {"konfirmasi": "ya"})
    assert not codebook.codes.filter(pk=saran.pk).exists()


def test_import_page_refuses_foreign_file(client, evaluator):
    client.force_login(evaluator)
    response = client.post(
        reverse("interviews:codebook_import"),
        {"name": "Impor", "upload": SimpleUploadedFile("a.qdc", b"<Project/>")},
    )
    assert "bukan buku kode REFI-QDA" in response.content.decode()
    from tilik.interviews.models import Codebook

    assert not Codebook.objects.filter(name="Impor").exists()
