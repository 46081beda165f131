"""`tilik import measurements|employees|enrolments FILE`: the importers from the command line.

Same services as the web wizard: ``--dry-run`` previews; otherwise all rows are written in one
transaction or none. A tqdm progress bar shows writing progress for large files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tilik.core.audit import operator_label
from tilik.performance.choices import ImportKind
from tilik.performance.importing.common import ImportRejected, Preview
from tilik.performance.selectors import layout_mapping, layout_names
from tilik.performance.services_import import import_apply, import_preview

DEFAULT_LAYOUT = {
    "measurements": "tilik-kinerja",
    "employees": "tilik-pegawai",
    "enrolments": "tilik-peserta",
}


class Command(BaseCommand):
    help: str = gettext_lazy("Mengimpor data kinerja, pegawai atau peserta pelatihan dari CSV/XLSX.")  # type: ignore[assignment]
    # The system checks import every URLconf and with it SciPy, statsmodels and matplotlib (about 5 s):
    # an import needs none of them; `tilik check` and deployment run the checks.
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = str(self.help)  # argparse cannot format a lazy string (--help crashed)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=ImportKind.values, help=_("Jenis data."))
        parser.add_argument("file", type=Path, help=_("Berkas .csv atau .xlsx."))
        parser.add_argument("--layout", default="", help=_("Tata letak sumber (kunci bawaan atau nama tersimpan)."))
        parser.add_argument("--mapping", default="", help=_("Pemetaan kolom sebagai JSON (menimpa --layout)."))
        parser.add_argument("--dry-run", action="store_true", help=_("Hanya pratinjau; tidak menulis apa pun."))
        parser.add_argument("--user", default="", help=_("Nama pengguna yang dicatat sebagai pengimpor."))
        parser.add_argument("--no-progress", action="store_true", help=_("Tanpa bilah kemajuan."))

    def handle(self, *args: Any, **opts: Any) -> None:
        kind, path = opts["kind"], opts["file"]
        if not path.is_file():
            raise CommandError(_("Berkas tidak ditemukan: %(p)s") % {"p": path})
        layout = opts["layout"] or DEFAULT_LAYOUT[kind]
        if opts["mapping"]:
            try:
                mapping = json.loads(opts["mapping"])
            except json.JSONDecodeError as exc:
                raise CommandError(_("--mapping bukan JSON yang sah: %(e)s") % {"e": exc}) from exc
        else:
            found = layout_mapping(layout, kind=kind)
            if found is None:
                raise CommandError(
                    _("Tata letak '%(l)s' tidak dikenal. Pilihan: %(c)s")
                    % {"l": layout, "c": ", ".join(layout_names(kind))}
                )
            mapping = found
        content = path.read_bytes()
        if opts["dry_run"]:
            preview = import_preview(kind=kind, content=content, filename=path.name, mapping=mapping)
            self._report(preview)
            if not preview.ok:
                raise CommandError(_("Pratinjau menemukan masalah; tidak ada yang ditulis."))
            return
        user = self._user(opts["user"])
        bar = None
        if not opts["no_progress"]:
            from tqdm import tqdm

            bar = tqdm(unit=" baris", desc=_("Menulis"), disable=None)
        try:
            batch = import_apply(
                kind=kind,
                content=content,
                filename=path.name,
                mapping=mapping,
                by=user or operator_label(),  # no --user: the OS account that ran the command
                layout=layout,
                progress=bar.update if bar else None,
            )
        except ImportRejected as exc:
            if bar:
                bar.close()
            self._report(exc.preview)
            raise CommandError(str(exc)) from None
        if bar:
            bar.close()
        for notice in batch.notices:
            self.stdout.write(notice)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Impor #%(id)s selesai: %(rows)s baris; %(c)s dibuat, %(u)s diubah, %(n)s tidak berubah. "
                    "SHA-256 %(sha)s"
                )
                % {
                    "id": batch.pk,
                    "rows": batch.rows,
                    "c": batch.created,
                    "u": batch.updated,
                    "n": batch.unchanged,
                    "sha": batch.sha256,
                }
            )
        )

    def _user(self, username: str) -> Any:
        if not username:
            return None
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("Pengguna '%(u)s' tidak ada.") % {"u": username})
        return user

    def _report(self, preview: Preview) -> None:
        for notice in preview.notices:
            self.stdout.write(notice)
        for error in preview.errors:
            self.stderr.write(str(error))
        if preview.truncated_errors:
            self.stderr.write(_("… dan %(n)s masalah lain.") % {"n": preview.truncated_errors})
        self.stdout.write(
            _("%(rows)s baris: %(c)s akan dibuat, %(u)s diubah, %(n)s tidak berubah; %(e)s masalah.")
            % {
                "rows": preview.rows,
                "c": preview.created,
                "u": preview.updated,
                "n": preview.unchanged,
                "e": len(preview.errors) + preview.truncated_errors,
            }
        )
