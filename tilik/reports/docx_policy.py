"""What an uploaded Word template may contain, and the sandboxed Jinja environment every template renders in.

A .docx template is Jinja source that an admin uploads; unchecked, `{{ cycler.__init__.__globals__ ... }}`
runs code on the server at every download. Two walls (docs/keamanan.md, "Templat laporan Word"):

1. Rendering: `environment()` is jinja2's ImmutableSandboxedEnvironment with no globals (no `range`,
   `cycler`, `lipsum` …) and autoescape on, so a value can neither reach Python internals nor write
   WordprocessingML (`</w:t>` in a programme name stays text).
2. Upload: `check_template()` walks the template's Jinja syntax tree and refuses anything but the report's
   placeholders (`DOCX_VARIABLES`), loop variables, public attributes, and the filters, tests and string
   methods allowed below.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

# The names tilik.reports.render.to_docx passes to the template; add a name here when to_docx passes it.
DOCX_VARIABLES = frozenset(
    "judul subjudul wilayah tanggal cakupan isi label_daftar_isi kop pengesahan ringkasan tanggal_data".split()
)
ALLOWED_FILTERS = frozenset(
    "upper lower title capitalize trim default d e escape length count first last join replace truncate wordwrap "
    "center string list".split()
)
ALLOWED_TESTS = frozenset("defined undefined none string number sequence eq ne in".split())
ALLOWED_METHODS = frozenset("upper lower title capitalize strip items values keys".split())

# Syntax a report template needs; everything else (macros, imports, includes, blocks, arithmetic, …) is refused.
_ALLOWED_NODES: tuple[type[nodes.Node], ...] = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.Const,
    nodes.Name,
    nodes.If,
    nodes.For,
    nodes.Assign,
    nodes.Getattr,
    nodes.Getitem,
    nodes.Filter,
    nodes.Test,
    nodes.Call,
    nodes.Compare,
    nodes.Operand,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.Concat,
    nodes.CondExpr,
    nodes.Tuple,
    nodes.List,
    nodes.Keyword,
)


def environment() -> ImmutableSandboxedEnvironment:
    """The Jinja environment for DOCX rendering: sandboxed, autoescaped, nothing but the context."""
    env = ImmutableSandboxedEnvironment(autoescape=True, finalize=_xml_value)
    env.globals.clear()
    return env


def _xml_value(value: Any) -> Markup:
    """A printed value as WordprocessingML text: escaped (markup such as the body subdocument passes through
    its __html__), and with `{_` / `_}` as character references, since docxtpl turns `{_{`, `}_}`, `{_%` and
    `%_}` in its output into Jinja braces after rendering."""
    text = str(escape(value))
    return Markup(text.replace("{_", "&#123;_").replace("_}", "_&#125;"))  # noqa: S704 (escaped above)


def template_source(file: Any) -> str:
    """The Jinja source docxtpl renders from a .docx: body, headers, footers, footnotes, document properties."""
    from docx.opc.oxml import parse_xml
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(file)
    doc = tpl.get_docx()
    parts = [tpl.patch_xml(tpl.get_xml())]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _key, part in tpl.get_headers_footers(uri):
            parts.append(tpl.patch_xml(tpl.get_part_xml(part)))
    for part in doc.part.package.parts:
        if part.content_type.endswith(".footnotes+xml"):
            parts.append(tpl.patch_xml(tpl.xml_to_string(parse_xml(part.blob))))
    props = doc.core_properties
    parts += [getattr(props, p) or "" for p in ("author", "comments", "identifier", "language", "subject", "title")]
    return "\n".join(parts)


def violations(source: str) -> list[str]:
    """What in this Jinja source falls outside the template policy (empty: allowed)."""
    try:
        tree = environment().parse(source)
    except TemplateSyntaxError as exc:
        return [_("sintaks Jinja salah (baris %(n)s): %(msg)s") % {"n": exc.lineno, "msg": exc.message}]
    stored = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    known = DOCX_VARIABLES | stored | {"loop"}
    # The values are text and subdocuments: the only attributes a template needs are the allowed string
    # methods (as calls) and the loop's counters; a subdocument's attributes lead into python-docx.
    methods = {
        id(n.node)
        for n in tree.find_all(nodes.Call)
        if isinstance(n.node, nodes.Getattr) and n.node.attr in ALLOWED_METHODS
    }
    found: list[str] = []
    for node in _walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            found.append(_("perintah %(kind)s") % {"kind": type(node).__name__})
        elif isinstance(node, nodes.Name) and node.ctx == "load" and node.name not in known:
            found.append(_("nama %(name)s") % {"name": node.name})
        elif isinstance(node, nodes.Getattr) and (
            node.attr.startswith("_") or not (id(node) in methods or _root(node) == "loop")
        ):
            found.append(_("atribut %(name)s") % {"name": node.attr})
        elif isinstance(node, nodes.Getitem) and not (
            isinstance(node.arg, nodes.Const) and not str(node.arg.value).startswith("_")
        ):
            found.append(_("indeks %(name)s") % {"name": getattr(node.arg, "value", "?")})
        elif isinstance(node, nodes.Filter) and node.name not in ALLOWED_FILTERS:
            found.append(_("filter %(name)s") % {"name": node.name})
        elif isinstance(node, nodes.Test) and node.name not in ALLOWED_TESTS:
            found.append(_("uji %(name)s") % {"name": node.name})
        elif isinstance(node, nodes.Call) and not (
            isinstance(node.node, nodes.Getattr)
            and node.node.attr in ALLOWED_METHODS
            and not node.dyn_args
            and not node.dyn_kwargs
        ):
            found.append(_("pemanggilan fungsi"))
    return list(dict.fromkeys(found))


def _root(node: nodes.Node) -> str:
    """The variable an attribute or item chain starts from ("" for anything else)."""
    while isinstance(node, nodes.Getattr | nodes.Getitem):
        node = node.node
    return node.name if isinstance(node, nodes.Name) else ""


def _walk(node: nodes.Node) -> Any:
    yield node
    for child in node.iter_child_nodes():
        yield from _walk(child)


def allowed(file: Any) -> bool:
    """Whether this .docx passes check_template (for templates stored before the check existed)."""
    try:
        check_template(file)
    except ValidationError:
        return False
    return True


def check_template(file: Any) -> None:
    """Refuse a .docx that is no Word document or whose Jinja goes beyond the template policy."""
    try:
        source = template_source(file)
    except Exception as exc:  # python-docx/docxtpl raise several types for a broken file
        raise ValidationError(_("Berkas bukan dokumen Word (.docx) yang sah.")) from exc
    finally:
        if hasattr(file, "seek"):
            file.seek(0)
    found = violations(source)
    if found:
        raise ValidationError(
            _(
                "Templat ditolak: templat hanya boleh memakai isian laporan (%(allowed)s), tanpa fungsi "
                "atau atribut lain. Ditemukan: %(found)s."
            )
            % {"allowed": ", ".join("{{ " + v + " }}" for v in sorted(DOCX_VARIABLES)), "found": "; ".join(found[:5])}
        )
