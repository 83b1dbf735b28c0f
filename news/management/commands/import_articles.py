from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from news.importers.service import Outcome, import_articles
from portal.core.translation_utils import language_codes


class _Unterminated:
    """A command's output stream for tqdm, which draws its bar with carriage returns, not line ends."""

    def __init__(self, output):
        self.output = output

    def write(self, text):
        self.output.write(text, ending="")

    def flush(self):
        self.output.flush()


class Command(BaseCommand):
    help = (
        "Import articles exported from the previous site (plain text, see docs/import.md) as draft news "
        "posts. Files already imported (same title and publication date) are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="Exported article files.")
        parser.add_argument(
            "--language",
            choices=language_codes(),
            help="The language of the text (default: detect it per file from its letters).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Parse and report, but save nothing.")

    def handle(self, *args, files, language, dry_run, verbosity, **options):
        """Import the files, print a line per file and a summary; fail if any file failed."""
        output = _Unterminated(self.stdout)
        styles = {
            Outcome.CREATED: self.style.SUCCESS,
            Outcome.SKIPPED: self.style.WARNING,
            Outcome.FAILED: self.style.ERROR,
        }

        def report_file(result):
            if verbosity > 0 or result.outcome == Outcome.FAILED:
                tqdm.write(styles[result.outcome](str(result)), file=output)

        show_progress = len(files) > 1 and self.stdout.isatty()
        with tqdm(files, disable=not show_progress, file=output, unit="file", leave=False) as progress:
            report = import_articles(progress, language=language, dry_run=dry_run, on_result=report_file)
        if report.failed:
            raise CommandError(str(report))
        self.stdout.write(str(report))
