"""Shared output of the import commands."""

from django.core.management.base import CommandError

from municipalities.exceptions import ImportFileError


def run_import(command, importer, **kwargs):
    """Run an import service and print its report: one line per skipped row, then the counts."""
    try:
        report = importer(**kwargs)
    except ImportFileError as exc:
        raise CommandError(str(exc)) from exc
    for error in report.errors:
        command.stderr.write(command.style.WARNING(str(error)))
    command.stdout.write(command.style.SUCCESS(report.summary) if not report.errors else report.summary)
    return report
