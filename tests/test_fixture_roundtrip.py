"""The catalogue survives a dump and reload unchanged (backups, moving between databases)."""

import json
from io import StringIO

from django.apps import apps
from django.core.management import call_command


def catalogue_models():
    """The catalogue itself; the edit history is a log of this database, not of the catalogue."""
    return [
        model
        for model in apps.get_app_config("episodes").get_models()
        if not model._meta.model_name.startswith("historical")
    ]


def dump():
    out = StringIO()
    call_command(
        "dumpdata",
        *(model._meta.label for model in catalogue_models()),
        natural_foreign=True,
        natural_primary=True,
        indent=2,
        stdout=out,
    )
    return out.getvalue()


def test_dump_load_dump_gives_identical_output(seed, tmp_path):
    first = dump()
    assert '"model": "episodes.episode"' in first

    for model in reversed(catalogue_models()):
        model._base_manager.all().delete()
    assert json.loads(dump()) == [], "the catalogue is empty before reloading"

    backup = tmp_path / "catalogue.json"
    backup.write_text(first)
    call_command("loaddata", str(backup), verbosity=0)

    assert dump() == first
