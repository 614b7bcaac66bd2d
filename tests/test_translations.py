"""Every string a person sees is in locale/vi, translated and not fuzzy.

The catalogue is regenerated from the code into a scratch folder (the committed one is not
touched), so a string added without its translation fails here.
"""

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["qms", "documents", "audits", "templates"]
CATALOGUE = Path("vi") / "LC_MESSAGES" / "django.po"

pytestmark = pytest.mark.skipif(shutil.which("msgmerge") is None, reason="needs GNU gettext")


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("i18n")
    for name in SOURCES:
        (scratch / name).symlink_to(ROOT / name)
    locale = scratch / "locale-out"
    (locale / CATALOGUE).parent.mkdir(parents=True)
    shutil.copy(ROOT / "locale" / CATALOGUE, locale / CATALOGUE)
    with pytest.MonkeyPatch.context() as patch, override_settings(LOCALE_PATHS=[str(locale)]):
        patch.chdir(scratch)
        call_command("makemessages", locale=["vi"], no_location=True, symlinks=True, verbosity=0)
    return polib.pofile(str(locale / CATALOGUE))


def test_every_message_is_translated(regenerated):
    missing = [entry.msgid for entry in regenerated.untranslated_entries() if not entry.obsolete]
    assert missing == []


def test_no_message_is_fuzzy(regenerated):
    assert [entry.msgid for entry in regenerated.fuzzy_entries()] == []


def test_the_committed_catalogue_has_no_stale_entries(regenerated):
    committed = polib.pofile(str(ROOT / "locale" / CATALOGUE))
    current = {entry.msgid for entry in regenerated if not entry.obsolete}
    stale = [
        entry.msgid for entry in committed if entry.msgid not in current and not entry.obsolete
    ]
    assert stale == []
