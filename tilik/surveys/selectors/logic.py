"""A question's effective logic as expressions of tilik.surveys.expr (ODK XPath with ``${name}``).

The respondent form (server and browser), the builder and the XLSForm export read relevance
through ``relevance_of`` only: the section's own expression, the question's, and the builder's
"show if question Q has one of values V" compiled to ``selected(${Q}, 'v1') or selected(${Q}, 'v2')``.
"""

from __future__ import annotations

from tilik.surveys.models import Question


def xpath_literal(value: str) -> str:
    """A string literal for XPath 1.0 (which has no escapes): single quotes unless the value holds one."""
    return f'"{value}"' if "'" in value else f"'{value}'"


def show_if_expression(question: Question) -> str:
    """The builder's show-if condition as one expression; '' when the question has none."""
    if not question.show_if_question_id:
        return ""
    values = [str(v) for v in (question.show_if_values or [])]
    if not values:
        return ""
    code = question.show_if_question.code  # type: ignore[union-attr]
    return " or ".join(f"selected(${{{code}}}, {xpath_literal(v)})" for v in values)


def relevance_of(question: Question) -> list[str]:
    """Every expression that must hold for the question to be shown (all of them), outermost first.

    Each item is a complete expression; a caller joining them wraps each in parentheses
    (``" and ".join(f"({e})" for e in relevance_of(q))``). Empty list: always shown.
    """
    expressions: list[str] = []
    section_relevant = (question.section.relevant or "").strip()
    if section_relevant:
        expressions.append(section_relevant)
    own = (question.relevant or "").strip()
    if own:
        expressions.append(own)
    builder = show_if_expression(question)
    if builder:
        expressions.append(builder)
    return expressions
