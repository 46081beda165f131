"""Who may open which URL: one rule per URL name, checked for every role by tests/security/test_url_rules.py.

Every URL pattern in the project must have a rule here (or match a prefix rule, e.g. the admin site);
a new URL fails that test until its author declares who may use it. A rule says:

- ``allowed``: the roles that get the view (status ``ok`` on GET: 200, or 405 for POST-only views,
  302 for views that redirect, 204 ...);
- ``denied``: what every other signed-in role gets (403; 404 where even existence is hidden);
- ``anonymous``: LOGIN (302 to the login page) or the status a visitor without account gets;
- ``kwargs``: how to fill the URL's parameters. A value naming a world object ("interview") uses that
  object's pk; "=text" is a literal; a parameter left out gets a missing id (allowed roles then get 404);
- ``out_of_scope``: {role: kwargs} for an object outside that role's scope, which must give 404;
- ``per_role``: exact statuses for roles whose outcome differs (e.g. 404 for an account without an
  employee record).

The world objects (units, people, one of each thing) are built in tests/security/world.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

ANONYMOUS = "anonymous"
PESERTA = "peserta"
UNIT_HEAD = "pimpinan_unit"
REGIONAL_HEAD = "pimpinan_daerah"
EVALUATOR = "evaluator"
ADMIN = "admin"
CODER = "pengode"  # reads and codes the interview transcripts assigned to them, nothing else
ROLES = (ANONYMOUS, PESERTA, CODER, UNIT_HEAD, REGIONAL_HEAD, EVALUATOR, ADMIN)
SIGNED_IN = frozenset(ROLES) - {ANONYMOUS}
EVALUATORS = frozenset({ADMIN, EVALUATOR})
READERS = frozenset({ADMIN, EVALUATOR, REGIONAL_HEAD})
SCOPED_READERS = READERS | {UNIT_HEAD}
CODING = EVALUATORS | {CODER}
EVERYONE = frozenset(ROLES)
LOGIN = "login"


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[str]
    ok: int = 200
    denied: int = 403
    anonymous: str | int = LOGIN
    kwargs: Mapping[str, str] = field(default_factory=dict)
    out_of_scope: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    per_role: Mapping[str, int] = field(default_factory=dict)

    def expected(self, role: str) -> int | str:
        if role in self.per_role:
            return self.per_role[role]
        if role == ANONYMOUS and ANONYMOUS not in self.allowed:
            return self.anonymous
        return self.ok if role in self.allowed else self.denied


def evaluators(**kw: object) -> Rule:
    return Rule(allowed=EVALUATORS, **kw)  # type: ignore[arg-type]


def post_only(allowed: frozenset[str] = EVALUATORS, **kw: object) -> Rule:
    """A POST-only view: the role gate answers first; allowed roles then get 405 on GET."""
    return Rule(allowed=allowed, ok=405, **kw)  # type: ignore[arg-type]


# Only an account linked to an employee record (the peserta in the world) has "own" data.
NO_EMPLOYEE_404 = {CODER: 404, UNIT_HEAD: 404, REGIONAL_HEAD: 404, EVALUATOR: 404, ADMIN: 404}
# A pengode's home is their list of assigned interviews.
CODER_ASSIGNED = {CODER: {"pk": "interview_b"}}  # an interview not assigned to the world's pengode

RULES: dict[str, Rule] = {
    # --- tilik.core ------------------------------------------------------------------------------
    "home": Rule(allowed=SIGNED_IN, per_role={CODER: 302}),  # a pengode goes to their interviews
    "health": Rule(allowed=EVERYONE),  # monitoring (tilik/jobs/health.py): states and counts only
    "healthz": Rule(allowed=EVERYONE),  # the same view under the name monitors expect
    "set_language": Rule(allowed=EVERYONE, ok=302),  # GET: back to the referring page
    "login": Rule(allowed=EVERYONE, ok=302, per_role={ANONYMOUS: 200}),  # signed in: sent home
    "logout": Rule(allowed=EVERYONE, ok=405),  # POST only
    "otp_verify": Rule(allowed=SIGNED_IN, ok=302),  # no device yet: sent to enrolment
    "otp_setup": Rule(allowed=SIGNED_IN),
    "my_data": Rule(allowed=frozenset({PESERTA}), per_role=NO_EMPLOYEE_404),
    "my_data_download": Rule(allowed=frozenset({PESERTA}), kwargs={"fmt": "=json"}, per_role=NO_EMPLOYEE_404),
    "correction_queue": evaluators(),
    "correction_resolve": post_only(kwargs={"pk": "correction"}),
    "restriction_lift": post_only(),  # missing id probe
    # --- tilik.org: units and ASN records (evaluators; a pimpinan unit: ASN of their own subtree) -----
    "org:employees": Rule(allowed=EVALUATORS | {UNIT_HEAD}),
    "org:employee_create": Rule(allowed=EVALUATORS | {UNIT_HEAD}),
    "org:employee": Rule(allowed=EVALUATORS | {UNIT_HEAD}, kwargs={"pk": "emp_a"},
                         out_of_scope={UNIT_HEAD: {"pk": "emp_b"}}),
    "org:employee_edit": Rule(allowed=EVALUATORS | {UNIT_HEAD}, kwargs={"pk": "emp_a"},
                              out_of_scope={UNIT_HEAD: {"pk": "emp_b"}}),
    "org:employee_transfer": Rule(allowed=EVALUATORS | {UNIT_HEAD}, kwargs={"pk": "emp_a"},
                                  out_of_scope={UNIT_HEAD: {"pk": "emp_b"}}),
    "org:employee_deactivate": Rule(allowed=EVALUATORS | {UNIT_HEAD}, kwargs={"pk": "emp_a"},
                                    out_of_scope={UNIT_HEAD: {"pk": "emp_b"}}),
    "org:employee_reactivate": evaluators(kwargs={"pk": "emp_a"}),
    "org:units": Rule(allowed=EVALUATORS | {UNIT_HEAD}),
    "org:unit_create": evaluators(),
    "org:unit_edit": evaluators(kwargs={"pk": "unit_a"}),
    # --- tilik.programs --------------------------------------------------------------------------
    "programs:budget": Rule(allowed=READERS),
    "programs:budget_import": evaluators(),
    "programs:budget_detail": Rule(allowed=READERS, kwargs={"pk": "program"}),
    "programs:participation": Rule(allowed=SCOPED_READERS),
    "programs:strategies": evaluators(),
    "programs:experiment": evaluators(),  # missing id probe
    "programs:jp": Rule(allowed=SCOPED_READERS),
    "programs:jp_list": Rule(allowed=SCOPED_READERS),
    "programs:my_jp": Rule(allowed=frozenset({PESERTA}), per_role=NO_EMPLOYEE_404),
    "programs:certificates": evaluators(),
    "programs:certificate_review": post_only(kwargs={"pk": "certificate_a"}),
    "programs:certificate_file": Rule(
        allowed=frozenset({PESERTA}) | EVALUATORS,
        denied=404,
        kwargs={"pk": "certificate_a"},
        out_of_scope={PESERTA: {"pk": "certificate_b"}},
    ),
    "programs:planner": evaluators(),
    "programs:experiment_export": evaluators(kwargs={"fmt": "=csv"}),  # missing id probe
    # The owner while unverified (a verified one answers 403), evaluators always; others 404.
    "programs:certificate_edit": Rule(
        allowed=frozenset({PESERTA}) | EVALUATORS,
        denied=404,
        kwargs={"pk": "certificate_a"},
        out_of_scope={PESERTA: {"pk": "certificate_b"}},
    ),
    "programs:certificate_delete": Rule(
        allowed=frozenset({PESERTA}) | EVALUATORS,
        denied=404,
        kwargs={"pk": "certificate_a"},
        out_of_scope={PESERTA: {"pk": "certificate_b"}},
    ),
    # Programmes, angkatan and enrolments (issue 17): BKPSDM's evaluators only.
    "programs:programs": evaluators(),
    "programs:program_create": evaluators(),
    "programs:program": evaluators(kwargs={"pk": "program_a"}),
    "programs:program_edit": evaluators(kwargs={"pk": "program_a"}),
    "programs:offering_create": evaluators(kwargs={"program_pk": "program_a"}),
    "programs:offerings": evaluators(),
    "programs:offering": evaluators(kwargs={"pk": "offering_a"}),
    "programs:offering_edit": evaluators(kwargs={"pk": "offering_a"}),
    "programs:enroll": evaluators(kwargs={"pk": "offering_a"}),
    "programs:offering_status": evaluators(kwargs={"pk": "offering_a"}),
    "programs:offering_attendance": evaluators(kwargs={"pk": "offering_a"}),
    "programs:offering_attendance_import": post_only(kwargs={"pk": "offering_a"}),
    "programs:budget_lines": Rule(allowed=EVALUATORS | {UNIT_HEAD}),  # a pimpinan: own unit's lines, read-only
    "programs:budget_line_create": evaluators(),
    "programs:budget_line_edit": evaluators(),  # missing id probe
    "programs:jp_ledger": Rule(allowed=EVALUATORS | {UNIT_HEAD}),  # a pimpinan: own unit's ASN, read-only
    "programs:jp_external_create": evaluators(),
    "programs:jp_entry_edit": evaluators(),  # missing id probe
    "programs:enroll_bulk": evaluators(kwargs={"pk": "offering_a"}),
    "programs:enrollment_move": evaluators(kwargs={"pk": "enrollment_a"}),
    "programs:enrollment_cancel": evaluators(kwargs={"pk": "enrollment_a"}),
    # --- tilik.interviews (evaluators; a pengode: the coding pages of assigned interviews) -------------
    "interviews:list": Rule(allowed=CODING),
    "interviews:create": evaluators(),
    "interviews:guides": evaluators(),
    "interviews:guide": evaluators(kwargs={"key": "=tidak-ada"}, ok=404),
    "interviews:detail": Rule(allowed=CODING, kwargs={"pk": "interview"}, out_of_scope=CODER_ASSIGNED),
    "interviews:coders": evaluators(kwargs={"pk": "interview"}),
    "interviews:coders_bulk": post_only(),
    "interviews:edit": evaluators(kwargs={"pk": "interview"}),
    "interviews:delete": evaluators(kwargs={"pk": "interview"}),
    "interviews:transcript": evaluators(kwargs={"pk": "interview"}),
    "interviews:audio": evaluators(kwargs={"pk": "interview"}),
    "interviews:file": evaluators(kwargs={"pk": "interview", "kind": "=audio"}, ok=404),  # no audio stored
    "interviews:sentences": Rule(allowed=CODING, kwargs={"pk": "interview"}, out_of_scope=CODER_ASSIGNED),
    # POST-only: the scope of a pengode's POSTs is checked in tests/security/test_roles_coder.py.
    "interviews:segment_create": post_only(CODING, kwargs={"pk": "interview"}),
    "interviews:segment_create_sentences": post_only(CODING, kwargs={"pk": "interview"}),
    "interviews:segments": evaluators(),
    "interviews:segment_update": post_only(CODING),
    "interviews:segment_delete": post_only(CODING),
    "interviews:codebooks": evaluators(),
    "interviews:codebook_create": evaluators(),
    "interviews:codebook_import": evaluators(),
    "interviews:project_import": evaluators(),
    "interviews:codebook": evaluators(kwargs={"pk": "codebook"}),
    "interviews:codebook_delete": evaluators(kwargs={"pk": "codebook"}),
    "interviews:codebook_export": evaluators(kwargs={"pk": "codebook", "fmt": "=csv"}),
    "interviews:code_create": post_only(kwargs={"pk": "codebook"}),
    "interviews:code_edit": evaluators(kwargs={"pk": "code"}),
    "interviews:code_delete": evaluators(kwargs={"pk": "code"}),
    "interviews:suggestions": evaluators(kwargs={"pk": "codebook"}),
    "interviews:suggestion_generate": post_only(kwargs={"pk": "codebook"}),
    "interviews:suggestion_decide": post_only(kwargs={"decision": "=terima"}),
    "interviews:frequency": evaluators(kwargs={"pk": "codebook"}),
    "interviews:matrix": evaluators(kwargs={"pk": "codebook"}),
    "interviews:cooccurrence": evaluators(kwargs={"pk": "codebook"}),
    "interviews:agreement": evaluators(kwargs={"pk": "codebook"}),
    "interviews:quotes": evaluators(kwargs={"pk": "codebook"}),
    # --- tilik.surveys ---------------------------------------------------------------------------
    "surveys:token": Rule(allowed=EVERYONE, kwargs={"token": "=tidak-sah"}, ok=404),
    "surveys:public": Rule(allowed=EVERYONE, kwargs={"slug": "=tidak-ada"}, ok=404),
    "surveys:thanks": Rule(allowed=EVERYONE),
    "surveys:instruments": evaluators(),
    "surveys:version": evaluators(kwargs={"pk": "version"}),
    "surveys:version_xlsform": evaluators(kwargs={"pk": "version"}),
    "surveys:question_edit": evaluators(kwargs={"pk": "question"}),
    "surveys:question_delete": post_only(kwargs={"pk": "question"}),
    "surveys:waves": evaluators(),
    "surveys:wave_create": evaluators(kwargs={"version_pk": "version"}),
    "surveys:wave": evaluators(kwargs={"pk": "wave_a"}),
    "surveys:wave_action": post_only(kwargs={"pk": "wave_a", "action": "=tutup"}),
    "surveys:whatsapp": evaluators(kwargs={"pk": "wave_a"}),
    "surveys:invitations": evaluators(kwargs={"pk": "wave_a"}),
    # wave_a is public (no alumni): evaluators get 404 there; the 360° flow is in test_raters.py
    "surveys:raters": evaluators(kwargs={"pk": "wave_a", "employee_pk": "emp_a"}, ok=404),
    "surveys:poster": evaluators(kwargs={"pk": "wave_a"}),
    # wave_a is anonymous with no published batch (< TILIK_MIN_CELL responses): back to the wave page.
    "surveys:export": evaluators(kwargs={"pk": "wave_a", "fmt": "=csv"}, ok=302),
    "surveys:results": Rule(
        allowed=SCOPED_READERS, kwargs={"pk": "wave_a"}, out_of_scope={UNIT_HEAD: {"pk": "wave_b"}}
    ),
    "surveys:ikm": Rule(allowed=SCOPED_READERS),
    # Suspicious bursts of a public wave: the evaluator keeps or excludes them (POST on the same URL).
    "surveys:bursts": evaluators(kwargs={"pk": "wave_a"}),
    # --- tilik.trust (issue 21): indices from anonymous public surveys, suppressed below k for every role ---
    "trust:overview": Rule(allowed=SCOPED_READERS),
    "trust:unit": Rule(allowed=SCOPED_READERS, kwargs={"pk": "unit_a"}, out_of_scope={UNIT_HEAD: {"pk": "unit_b"}}),
    "trust:context": evaluators(),
    "trust:analysis": Rule(allowed=READERS),
    # --- tilik.reports ---------------------------------------------------------------------------
    "reports:index": Rule(allowed=SCOPED_READERS),
    "reports:program": Rule(
        allowed=SCOPED_READERS,
        kwargs={"slug": "program_a.slug"},
        out_of_scope={UNIT_HEAD: {"slug": "program.slug"}},
    ),
    # Downloads queue a job and redirect to its page (issue 18); the file comes from jobs:download.
    "reports:program_download": Rule(
        allowed=SCOPED_READERS,
        ok=302,
        kwargs={"slug": "program_a.slug", "fmt": "=html"},
        out_of_scope={UNIT_HEAD: {"slug": "program.slug"}},
    ),
    "reports:program_recommendations": evaluators(kwargs={"slug": "program_a.slug"}),
    "reports:year_download": Rule(
        allowed=SCOPED_READERS, ok=302, kwargs={"year": "program_a.fiscal_year", "fmt": "=html"}
    ),
    "reports:year_recommendations": evaluators(kwargs={"year": "program_a.fiscal_year"}),
    "reports:letterhead": evaluators(),
    "reports:templates": evaluators(),
    "reports:template_toggle": post_only(),  # missing id probe
    # --- tilik.jobs (Tugas saya): every signed-in user has their own jobs; another's job is 404 --------
    "jobs:list": Rule(allowed=SIGNED_IN),
    "jobs:detail": Rule(allowed=SIGNED_IN),
    "jobs:status": Rule(allowed=SIGNED_IN),
    "jobs:download": Rule(allowed=SIGNED_IN),
    "jobs:retry": post_only(SIGNED_IN),
    # --- tilik.performance -----------------------------------------------------------------------
    "performance:indicators": evaluators(),
    "performance:imports": evaluators(),
    "performance:import_upload": evaluators(),
    "performance:import_preview": evaluators(ok=404),  # nothing pending in the session
    "performance:import_apply": post_only(),
    "performance:import_undo": post_only(),
    # --- tilik.evaluations -----------------------------------------------------------------------
    "evaluations:plans": evaluators(),
    "evaluations:plan_create": evaluators(),
    "evaluations:plan": evaluators(),  # missing id probe
    "evaluations:plan_run": post_only(),
    "evaluations:plan_decision": evaluators(),  # missing id probe
    "evaluations:run": evaluators(),
    "evaluations:run_chart": evaluators(kwargs={"kind": "=hasil"}),
    "evaluations:run_export": evaluators(kwargs={"fmt": "=csv"}),  # missing id probe
}

# Prefix rules for URL families. The admin site: admins only (issue 17: evaluators work in Tilik's own
# pages, never in Django admin); everyone else is sent to the admin login page. Checked separately by the test.
PREFIX_RULES: dict[str, str] = {"admin:": "admin-site"}


def rule_for(name: str) -> Rule | str | None:
    if name in RULES:
        return RULES[name]
    for prefix, kind in PREFIX_RULES.items():
        if name.startswith(prefix):
            return kind
    return None
