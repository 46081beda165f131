"""Issue 9: the audit log records every write through services, every export or download, logins, admin saves.

Static half (tests/security/audit_graph.py): every public function of a writing module that writes the
database reaches ``audit_record``; every download view and every exporting command reaches
``audit_export``. Dynamic half: every download URL in tilik/core/url_rules.py, opened by an allowed role on
the small world, writes exactly one ``data.export`` event with its row count; every admin add, change and
delete writes an event; logout is audited; the CLI exports name the operating-system account.

Not audited on purpose (outside these checks): the demo generator (tilik/demo: synthetic people only; its
wipe is audited as ``demo.wipe``), and respondents' survey submissions (submit_token, submit_public,
draft_save): an event with the exact time of a submission would tie an anonim/rahasia response to a
person. Their consent, where a survey asks for it, is audited by consent_give.
"""

from __future__ import annotations

import ast
import getpass
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import FileResponse
from django.urls import reverse

from tests.security.audit_graph import Graph, build, is_orm_write
from tests.security.test_url_rules import _kwargs, all_url_names
from tilik.core.audit import operator_label
from tilik.core.models import AuditEvent
from tilik.core.tests.factories import ProgramFactory
from tilik.core.url_rules import ADMIN, EVALUATOR, PESERTA, REGIONAL_HEAD, RULES, UNIT_HEAD

# Modules that write: services (modules and packages), UU PDP and security helpers, retention tasks.
WRITING_MODULE = re.compile(
    r"^tilik\.\w+\.(services(_\w+)?|services\.\w+|retention)$|^tilik\.core\.(privacy|security)\.\w+$"
)
# Synthetic data only; see the module docstring.
EXEMPT_PACKAGES = ("tilik.demo.",)

# Public functions that write without an audit event of their own, each with the reason.
UNAUDITED_WRITERS = {
    "tilik.surveys.services.waves.invitation_mail": "one delivery of a batch: invitations_send and the "
    "invitation job (tilik/surveys/jobs.py) audit the batch with its count",
    "tilik.jobs.services.job_start": "the worker's bookkeeping of a job it picks up; the job's enqueue, "
    "retry, requeue and failure are audited, and so is the download of its result",
    "tilik.interviews.retention.purge_interview_audio": "retention task: run only by core.privacy.retention."
    "purge, which audits every run (retention.purge / retention.dry_run with the counts per task)",
    "tilik.core.privacy.retention.delete_past": "the retention tasks' shared delete, audited by purge (as above)",
    "tilik.surveys.services.retention.purge_drafts": "retention task, audited by purge (as above)",
    "tilik.surveys.services.retention.purge_invitations": "retention task, audited by purge (as above)",
    "tilik.surveys.services.responses.participant_key_for": "a step of submit_token/responses_import: an "
    "event naming the employee at the moment their rahasia response is stored would de-pseudonymise it",
    "tilik.surveys.services.bursts.burst_track": "a step of every public submission (hashed keys for the burst "
    "window, flagging a burst): an event per anonymous submission would time-stamp each citizen's answer; the "
    "evaluator's decision on a burst is audited (burst_decide)",
    "tilik.surveys.services.bursts.trace_purge": "prunes the burst window's hashed keys at each public "
    "submission (same reason as burst_track)",
    "tilik.surveys.services.retention.purge_burst_traces": "retention task, audited by purge (as above)",
}

# Commands that let personal data leave Tilik: each must reach audit_export.
EXPORTING_COMMANDS = {
    "tilik.jobs.management.commands.backup": "the whole database",
    "tilik.org.management.commands.export_my_data": "an ASN's data (UU PDP request on paper)",
    "tilik.reports.management.commands.report": "evaluation report: quotes, unit figures, unsuppressed",
}
# Commands that need no audit event: they neither change nor export data.
QUIET_COMMANDS = {
    "tilik.core.management.commands.serve": "starts the development server",
    "tilik.core.management.commands.flush": "Django's flush (test teardown, operators): empties the "
    "audit table itself, so it cannot record itself there",
}
# Commands that run services by dotted path (the call graph cannot follow them): each path must audit.
DELEGATING_COMMANDS = {
    "tilik.jobs.management.commands.jadwal": "tilik.jobs.schedules.SCHEDULED",
}
# Downloads that carry no personal data (not required to be audited).
NOT_PERSONAL_DOWNLOADS = {
    "tilik.surveys.views.waves.poster": "QR poster of a public survey: its title and link only",
}
# URL names that return a file; the dynamic test proves each one writes a data.export event.
DOWNLOAD_URLS = {
    "my_data_download",
    "programs:certificate_file",
    "programs:experiment_export",
    "interviews:codebook_export",
    "interviews:matrix",
    "interviews:file",
    "surveys:whatsapp",
    "surveys:invitations",
    "surveys:export",
    "jobs:download",  # reports are queued (reports:*_download redirect to the job) and downloaded here
    "evaluations:run_export",
    "surveys:version_xlsform",  # an instrument, not personal data, but audited like every download
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build()


def _public(name: str) -> bool:
    return not any(part.startswith("_") for part in name.split(".")[-2:] if part != "__init__")


def _writing_functions(graph: Graph) -> list[str]:
    found = []
    for name in sorted(graph.writes):
        module = name.rpartition(".")[0]
        module = module.rpartition(".")[0] if module not in graph.modules else module  # Class.method
        if WRITING_MODULE.match(module) and not module.startswith(EXEMPT_PACKAGES) and _public(name):
            found.append(name)
    return found


def test_every_public_writing_service_reaches_the_audit_log(graph):
    writers = _writing_functions(graph)
    assert len(writers) > 100, "the call graph lost the services: check audit_graph.WRITING_MODULE"
    unaudited = {name for name in writers if name not in graph.audits}
    missing = sorted(unaudited - set(UNAUDITED_WRITERS))
    assert not missing, f"services that write without audit_record (add the call, or a reason here): {missing}"
    stale = sorted(set(UNAUDITED_WRITERS) - unaudited)
    assert not stale, f"no longer writing without audit: remove from UNAUDITED_WRITERS: {stale}"


def _commands(graph: Graph) -> list[str]:
    return sorted(m for m in graph.modules if ".management.commands." in m and "Command" in _classes(graph, m))


def _classes(graph: Graph, module: str) -> set[str]:
    return {node.name for node in graph.modules[module].tree.body if isinstance(node, ast.ClassDef)}


def test_every_command_is_audited_and_exports_record_rows(graph):
    wrong = []
    for module in _commands(graph):
        handle = f"{module}.Command.handle"
        if module in QUIET_COMMANDS:
            continue
        if module in DELEGATING_COMMANDS:
            from django.utils.module_loading import import_string

            paths = import_string(DELEGATING_COMMANDS[module]).values()
            wrong += [
                f"{module}: runs {path}, which writes no audit event" for path in paths if path not in graph.audits
            ]
            continue
        if module in EXPORTING_COMMANDS and handle not in graph.exports:
            wrong.append(f"{module}: exports {EXPORTING_COMMANDS[module]} without audit_export")
        elif handle not in graph.audits:
            wrong.append(f"{module}: writes no audit event")
    assert not wrong, "\n".join(wrong)


def _builds_download(node: ast.AST) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call) and getattr(sub.func, "id", getattr(sub.func, "attr", "")) in (
            "FileResponse",
            "serve_private_file",
        ):
            return True
        if isinstance(sub, ast.Assign) and any(
            isinstance(t, ast.Subscript)
            and isinstance(t.slice, ast.Constant)
            and t.slice.value == "Content-Disposition"
            for t in sub.targets
        ):
            return True
    return False


def test_every_download_view_calls_audit_export(graph):
    views, wrong = [], []
    for name, module in graph.modules.items():
        if not re.search(r"\.views(_\w+)?$|\.views\.\w+$", name):
            continue
        builders = {f"{name}.{f}" for f, node in module.functions.items() if _builds_download(node)}
        for fname in module.functions:
            qualified = f"{name}.{fname}"
            if _public(qualified) and (qualified in builders or graph.calls[qualified] & builders):
                views.append(qualified)
                if qualified not in graph.exports and qualified not in NOT_PERSONAL_DOWNLOADS:
                    wrong.append(qualified)
    assert len(views) >= len(DOWNLOAD_URLS), f"download views not found: {views}"
    assert not wrong, f"download views without audit_export: {wrong}"


def test_views_never_write_the_database_themselves(graph):
    # Writes go through services, which audit; a view or admin module writing the ORM would bypass them.
    wrong = []
    for name, module in graph.modules.items():
        if re.search(r"\.views(_\w+)?$|\.views\.\w+$|\.admin$", name):
            for fname, node in module.functions.items():
                wrong += [f"{name}.{fname}:{sub.lineno}" for sub in ast.walk(node) if _writes(sub)]
    assert not wrong, f"ORM writes in views (move them to a service): {wrong}"


def _writes(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and is_orm_write(node)


def test_private_files_are_served_with_an_actor(graph):
    # serve_private_file audits only when it is told who downloads what.
    wrong = []
    for name, module in graph.modules.items():
        for sub in ast.walk(module.tree):
            if isinstance(sub, ast.Call) and getattr(sub.func, "id", "") == "serve_private_file":
                given = {kw.arg for kw in sub.keywords}
                if not {"actor", "what"} <= given:
                    wrong.append(f"{name}:{sub.lineno}")
    assert not wrong, f"serve_private_file without actor= and what=: {wrong}"


# --- dynamic: every download URL, opened by an allowed role ---------------------------------------

_ROLE_ORDER = (EVALUATOR, ADMIN, PESERTA, REGIONAL_HEAD, UNIT_HEAD)


def _extra_objects(world: Any) -> dict[str, dict[str, str]]:
    """Objects the shared world lacks, for the download URLs whose rule only probes a missing id."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from tilik.core.tests.factories import make_employee
    from tilik.evaluations.models import EvaluationPlan, EvaluationRun
    from tilik.interviews.services import audio_set
    from tilik.performance.models import Indicator
    from tilik.programs.models import Enrollment
    from tilik.programs.services import enrollment_create
    from tilik.programs.services_participation import reminder_experiment_create

    offering = Enrollment.objects.get(employee=world.emp_a).offering
    for i in range(9):  # an experiment needs ten invitees
        enrollment_create(offering=offering, employee=make_employee(name=f"Peserta {i}", unit=world.unit_b), by=None)
    world.experiment = reminder_experiment_create(offering=offering, arms=["whatsapp"], seed=7, by=None)
    plan = EvaluationPlan.objects.create(
        name="Uji",
        design="did",
        pre_start=dt.date(2024, 1, 1),
        pre_end=dt.date(2024, 12, 31),
        post_start=dt.date(2025, 1, 1),
        post_end=dt.date(2025, 12, 31),
    )
    world.run = EvaluationRun.objects.create(
        plan=plan,
        indicator=Indicator.objects.get(code="waktu-registrasi"),
        design="did",
        analysis_version="9.9",
        input_sha256="a" * 64,
        method="DiD 2x2",
        estimate=-4.8,
        n=264,
        series={"periods": ["2024-01-01"], "treated": [20.5], "comparison": [21.0]},
    )
    audio_set(
        interview=world.interview, by=world.users[EVALUATOR], upload=SimpleUploadedFile("r.mp3", b"ID3" + bytes(64))
    )
    from tilik.jobs.services import job_enqueue
    from tilik.jobs.tests.support import run_worker

    params = {"year": world.program_a.fiscal_year, "program": None, "fmt": "html", "lang": "id"}
    world.report_job = job_enqueue(owner=world.users[EVALUATOR], kind="reports.render", title="Uji", params=params)
    run_worker()
    return {
        "jobs:download": {"pk": "report_job"},
        "programs:experiment_export": {"pk": "experiment"},
        "evaluations:run_export": {"pk": "run"},
        "interviews:file": {"pk": "interview", "kind": "=audio"},
    }


def test_every_download_url_writes_one_export_event_with_rows(client, world):
    overrides = _extra_objects(world)
    from tilik.surveys.services.responses import submit_public

    answers = {f"U{i}": "3" for i in range(1, 10)} | {"USIA": "30_39", "JK": "P", "PENDIDIKAN": "s1"}
    # Anonymous rows download only once k (5) responses are published; fewer redirect to the wave.
    for _ in range(5):
        submit_public(wave=world.wave_a, answers=answers | {"PEKERJAAN": "pns"}, consent=True)
    # Row counts known from the world (the others must be at least one).
    rows = {
        "programs:experiment_export": 10,
        "programs:certificate_file": 1,
        "interviews:file": 1,
        "interviews:codebook_export": world.codebook.codes.count(),
        "surveys:export": 5,
        "surveys:invitations": 0,  # a public wave invites nobody
        "surveys:whatsapp": 0,
    }
    params_of = all_url_names()
    downloads, wrong = set(), []
    for name, rule in sorted(RULES.items()):
        role = next((r for r in _ROLE_ORDER if r in rule.allowed), None)
        if role is None or name not in params_of:
            continue
        user = world.users[role]
        client.force_login(user)
        spec = {**rule.kwargs, **overrides.get(name, {})}
        url = reverse(name, kwargs=_kwargs(world, spec, params_of[name]) or None)
        before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = client.get(url)
        if response.status_code != 200:
            continue
        if not (isinstance(response, FileResponse) or response.has_header("Content-Disposition")):
            continue
        if name == "surveys:poster":  # NOT_PERSONAL_DOWNLOADS
            continue
        downloads.add(name)
        events = list(AuditEvent.objects.filter(pk__gt=before, action="data.export"))
        if len(events) != 1:
            wrong.append(f"{name}: {len(events)} data.export events")
            continue
        detail = events[0].detail
        expected = rows.get(name)
        got = detail.get("rows")
        if events[0].actor != user or not isinstance(got, int) or got != (got if expected is None else expected):
            wrong.append(f"{name}: {events[0].actor_label} {detail}, expected rows {expected}")
        elif got < 1 and expected is None:
            wrong.append(f"{name}: no rows counted {detail}")
    assert not wrong, "\n".join(wrong)
    assert downloads == DOWNLOAD_URLS, "new or vanished download URLs: update DOWNLOAD_URLS"


# --- admin: every save and delete is audited; the log itself cannot be changed ---------------------


def test_admin_add_change_and_delete_are_audited(client, world):
    admin_user = world.users[ADMIN]
    client.force_login(admin_user)
    form = {"name": "Dinas Baru", "short_name": "", "code": "dinas-baru", "parent": "", "unit_type": "dinas"}
    form |= {"kecamatan": "", "active": "on"}
    added = client.post(reverse("admin:org_unit_add"), form)
    assert added.status_code == 302, added.content.decode()[:2000]
    event = AuditEvent.objects.get(action="admin.add", target_type="org.unit")
    assert event.actor == admin_user and event.target_repr == "Dinas Baru"
    unit_pk = event.target_id

    changed = client.post(reverse("admin:org_unit_change", args=[unit_pk]), form | {"name": "Dinas Baru Sekali"})
    assert changed.status_code == 302
    change = AuditEvent.objects.get(action="admin.change", target_id=unit_pk)
    assert change.actor == admin_user and "nama" in str(change.detail["change"]).lower()

    programs = [ProgramFactory(), ProgramFactory()]
    pks = [str(p.pk) for p in programs]
    bulk = client.post(
        reverse("admin:programs_program_changelist"),
        {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
    )
    assert bulk.status_code == 302
    single = client.post(reverse("admin:programs_program_delete", args=[world.program.pk]), {"post": "yes"})
    assert single.status_code == 302
    deleted = AuditEvent.objects.filter(action="admin.delete", target_type="programs.program")
    assert sorted(deleted.values_list("target_id", flat=True)) == sorted([*pks, str(world.program.pk)])
    assert all(e.actor == admin_user for e in deleted)


def test_admin_password_change_of_a_user_is_audited(client, world):
    client.force_login(world.users[ADMIN])
    target = world.users[PESERTA]
    response = client.post(
        reverse("admin:auth_user_password_change", args=[target.pk]),
        {"password1": "Sandi-Baru-Tilik-2026", "password2": "Sandi-Baru-Tilik-2026"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.change", target_type="auth.user", target_id=str(target.pk))
    assert "password" in str(event.detail).lower() or "sandi" in str(event.detail).lower()


def test_nobody_can_edit_or_delete_audit_events_in_the_admin(client, world):
    event = AuditEvent.objects.filter(action="auth.login").first() or AuditEvent.objects.order_by("pk").first()
    client.force_login(world.users[ADMIN])
    change = reverse("admin:core_auditevent_change", args=[event.pk])
    assert client.post(change, {"action": "dipalsukan", "actor_label": "orang lain"}).status_code == 403
    assert client.post(reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    bulk = client.post(
        reverse("admin:core_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [str(event.pk)], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    fresh = AuditEvent.objects.get(pk=event.pk)
    assert (fresh.action, fresh.actor_label) == (event.action, event.actor_label)
    client.force_login(world.users[EVALUATOR])  # not an admin: sent to the admin login, not even the list
    response = client.get(reverse("admin:core_auditevent_changelist"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


# --- logins, logout; CLI exports name the operator -----------------------------------------------


def test_logout_is_audited(client, world):
    user = world.users[PESERTA]
    client.force_login(user)
    assert client.post(reverse("logout")).status_code == 302
    event = AuditEvent.objects.get(action="auth.logout")
    assert event.actor == user and event.target_id == str(user.pk)


def test_export_my_data_records_the_operator_and_rows(world, tmp_path):
    call_command("export_my_data", world.emp_a.nip, "-o", str(tmp_path / "data.json"))
    event = AuditEvent.objects.get(action="data.export")
    assert event.actor_label == operator_label() and event.actor is None
    assert event.detail["what"] == f"core.subject_data:{world.emp_a.pk}" and event.detail["rows"] > 0


@pytest.mark.django_db(transaction=True)  # SQLite's online backup waits forever on an open write transaction
def test_backup_is_audited_as_an_export_of_every_row(world, tmp_path):
    call_command("backup", str(tmp_path / "cadangan.sqlite3"))
    event = AuditEvent.objects.get(action="data.export")
    assert event.actor_label == operator_label() == f"operator:{getpass.getuser()}"
    assert event.detail["what"] == "core.backup:all" and event.detail["fmt"] in ("sqlite3", "dump")
    # Every table's rows: at least the users plus every audit event but this one.
    assert event.detail["rows"] >= get_user_model().objects.count() + AuditEvent.objects.count() - 1
