"""A token submission as ONE PostgreSQL statement: lock, token use, draft cleanup, response, answers.

The common survey (anonymous, no consent text: a Level 1 reaction survey) needs no other write, so on
PostgreSQL the whole submission is a single statement of data-modifying CTEs, run in autocommit: one
round trip instead of BEGIN, five statements and COMMIT (bench/survey_submissions.py; each round trip
cost about as much CPU in the web worker and the database as the rows it carried).

It keeps the guarantees of the general path in services.responses.submit_token:
- ``FOR UPDATE`` on the invitation row first, the lock draft_save takes, so no draft outlives it;
- the token use's primary key: a concurrent second submission waits for the lock, then fails on
  that key, and the statement as a whole writes nothing (IntegrityError);
- no invitation row (deleted meanwhile): nothing is written, reported as such.
The response and answer rows are exactly those the general path writes (same builders).
"""

from __future__ import annotations

import json
from contextlib import nullcontext
from functools import cache
from typing import Any

from django.db import connection, transaction

from tilik.core import rawsql
from tilik.surveys.models import Answer, Draft, Invitation, Response, TokenUse

# The rows every submission path writes (services.responses builds them in this order).
ANSWER_FIELDS = ("id", "response_id", "question_id", "choice_id", "number", "text", "date", "repeat_index")
RESPONSE_FIELDS = (
    "id", "wave_id", "version_id", "submitted_on", "rater_group", "unit_id", "participant_key", "score", "max_score"
)  # fmt: skip
# Here the answers' ids come from PostgreSQL (gen_random_uuid(), a strong random source like Python's
# uuid4, without a system call per answer in the web worker) and their response_id from the inserted
# response: the parameter carries the remaining columns.
_SKIP = (ANSWER_FIELDS.index("id"), ANSWER_FIELDS.index("response_id"))
ANSWER_COLUMNS = tuple(name for i, name in enumerate(ANSWER_FIELDS) if i not in _SKIP)


@cache
def _sql() -> str:
    def cast(model: Any, name: str) -> str:
        return str(model._meta.get_field(name).db_type(connection))

    response_vals = ", ".join(f"%s::{cast(Response, n)}" for n in RESPONSE_FIELDS)
    tables = {m: connection.ops.quote_name(m._meta.db_table) for m in (Invitation, TokenUse, Draft, Response, Answer)}
    return (
        f"WITH l AS (SELECT id FROM {tables[Invitation]} WHERE id = %s FOR UPDATE), "  # noqa: S608 - names from _meta
        f"u AS (INSERT INTO {tables[TokenUse]} (invitation_id, used_on) SELECT id, %s::date FROM l "
        f"RETURNING invitation_id), "
        f"d AS (DELETE FROM {tables[Draft]} WHERE invitation_id IN (SELECT invitation_id FROM u)), "
        f"r AS (INSERT INTO {tables[Response]} ({rawsql.column_list(Response, RESPONSE_FIELDS)}) "
        f"SELECT {response_vals} FROM u RETURNING id), "
        f"a AS (INSERT INTO {tables[Answer]} ({rawsql.column_list(Answer, ('id', 'response_id', *ANSWER_COLUMNS))}) "
        f"SELECT gen_random_uuid(), r.id, {rawsql.json_casts(Answer, ANSWER_COLUMNS)} "
        f"FROM r, jsonb_array_elements(%s::jsonb) AS e) "
        f"SELECT count(*) FROM r"
    )


def submit_in_one_statement(
    *, invitation_id: int, used_on: Any, response: tuple[Any, ...], answers: list[tuple[Any, ...]]
) -> bool:
    """Write one submission; whether the invitation was there (False: nothing was written).

    ``response``: values in RESPONSE_FIELDS order; ``answers``: rows in ANSWER_COLUMNS order.
    Raises IntegrityError when the token was used meanwhile (nothing is written then).
    """
    payload = json.dumps(answers, default=rawsql.json_value)
    # In autocommit the statement is its own transaction. Inside a caller's transaction a savepoint
    # keeps a failure (token used meanwhile) from aborting the caller's work.
    inside = transaction.atomic() if connection.in_atomic_block else nullcontext()
    with inside, rawsql.cursor() as cur:
        cur.execute(_sql(), [invitation_id, used_on, *response, payload])
        (stored,) = cur.fetchone()
    return bool(stored)
