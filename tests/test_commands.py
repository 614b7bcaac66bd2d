"""Every management command of the project answers --help in the active language.

Commands are discovered, so a new one is covered (and must be translated) without a change here.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.core.management import get_commands, load_command_class
from django.core.management.base import BaseCommand
from django.test import SimpleTestCase
from django.utils import translation

from qms.lib.commands import TranslatedCommand

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"qms", "documents", "audits"}


def project_commands() -> dict[str, str]:
    """Command name -> app, for the commands defined in this project."""
    return {name: app for name, app in get_commands().items() if app.split(".")[0] in PACKAGES}


def squeeze(text) -> str:
    # argparse wraps lines (even at hyphens); compare without any whitespace.
    return "".join(str(text).split())


def help_and_options(app: str, name: str, language: str) -> tuple[str, dict]:
    """The --help text and each option's help, built under the given language."""
    command = load_command_class(app, name)
    with translation.override(language):
        parser = command.create_parser("manage.py", name)
        return parser.format_help(), {action.dest: action.help for action in parser._actions}


class CommandHelpTests(SimpleTestCase):
    def test_the_projects_commands_are_found(self):
        self.assertLessEqual({"load_demo", "bench", "seed_scale"}, set(project_commands()))

    def test_every_command_uses_the_translated_base(self):
        for name, app in project_commands().items():
            with self.subTest(name):
                self.assertIsInstance(load_command_class(app, name), TranslatedCommand)

    def test_help_speaks_the_active_language(self):
        for name, app in project_commands().items():
            command = load_command_class(app, name)
            texts = {}
            for language in ("vi", "en"):
                with self.subTest(name, language=language), translation.override(language):
                    texts[language] = str(command.help)
                    output, _options = help_and_options(app, name, language)
                    self.assertIn(squeeze(texts[language]), squeeze(output))
            with self.subTest(name, translated=True):
                self.assertNotEqual(texts["vi"], texts["en"])

    def test_every_option_of_a_command_is_explained_in_both_languages(self):
        # Django's own options (--verbosity, --settings …) are English only: leave them out.
        base = BaseCommand().create_parser("manage.py", "base")
        own_default = {action.dest for action in base._actions}
        for name, app in project_commands().items():
            _text, vi = help_and_options(app, name, "vi")
            _text, en = help_and_options(app, name, "en")
            for dest in vi.keys() - own_default:
                with self.subTest(name, option=dest):
                    self.assertTrue(en[dest])
                    self.assertNotEqual(vi[dest], en[dest])


class ManagePyTests(SimpleTestCase):
    def _manage(self, *args):
        # What an operator runs: the project settings, not the test settings.
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "qms.settings",
            "QMS_IGNORE_ENV_FILE": "1",
            "DEBUG": "true",
        }
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def test_help_bench_prints_vietnamese(self):
        result = self._manage("help", "bench")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("sốlầnđothờigianchomỗitrang", squeeze(result.stdout))

    def test_seed_scale_help_does_not_crash(self):
        result = self._manage("seed_scale", "--help")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("--documents-per-agency", result.stdout)
