"""One formula-injection guard serves every export: the copies that drifted apart today are gone."""

from __future__ import annotations

from tilik.core import cells, listing
from tilik.core.privacy import subject_data
from tilik.interviews import text
from tilik.surveys import exports


def test_every_exporter_uses_the_one_guard():
    assert exports.neutralise is listing.neutralise is text.safe_cell is cells.neutralise
    assert subject_data._cell("=SUM(A1)") == "'=SUM(A1)" and subject_data._cell({"a": 1}) == '{"a": 1}'
    assert [cells.neutralise(v) for v in ("=1", "+1", "-1", "@a", "\tx", "\rx", "ok", 3)] == [
        "'=1", "'+1", "'-1", "'@a", "'\tx", "'\rx", "ok", 3
    ]
