"""manage.py import_show_page PATH [--dry-run]: the show page's catalogue into the database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from episodes.importer import import_show_page
from episodes.shownotes import ShowNotesError


class Command(BaseCommand):
    help = (
        "Import a show page in the seed's format (fixtures/source/show_page.txt): the show, "
        "its hosts, episodes, guests, timelines and music credits. Running it again changes "
        "nothing; --dry-run lists what would change without keeping it."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The show page as a text file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would change; write nothing."
        )

    def handle(self, path, dry_run, **options):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{path} is not UTF-8 text (byte {error.start + 1} is not): save it as UTF-8."
            ) from error

        def progress(episodes):
            # Shown on a terminal only (disable=None), so logs and tests stay clean. The raw
            # stream, since Django's wrapper would end each redraw with a newline.
            return tqdm(
                episodes, desc="Episodes", unit="episode", file=self.stderr._out, disable=None
            )

        try:
            changes = import_show_page(text, dry_run=dry_run, progress=progress)
        except ShowNotesError as error:
            raise CommandError(
                f'{path}, line {error.line_number}: {error.reason}: "{error.line}"; '
                "nothing was imported"
            ) from None
        prefix = "would " if dry_run else ""
        for change in changes:
            self.stdout.write(f"{prefix}{change}")
        if not changes:
            self.stdout.write("Nothing to change: the catalogue already matches the page.")
        elif dry_run:
            self.stdout.write(f"Dry run: {len(changes)} changes, none written.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported: {len(changes)} changes."))
