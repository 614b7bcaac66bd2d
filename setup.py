"""Build hook: a built package carries the templates and the compiled translations.

The repository keeps templates/ and locale/ at its root, where a checkout reads them. An
installed package has no repository root, so the build copies templates/ to qms/templates and
compiles each locale/<lang>/LC_MESSAGES/<domain>.po into qms/locale/<lang>/LC_MESSAGES/
<domain>.mo, in the build directory only: the source tree is left as it was. polib (a build
requirement, pure Python) compiles, so the build needs no GNU gettext. qms/settings.py reads
the package's copies when they are there and the root folders otherwise.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithTemplatesAndCatalogues(build_py):
    def run(self):
        super().run()
        if self.editable_mode:
            return  # an editable install reads the root folders in place
        import polib  # a build requirement; here, so that an editable install needs none

        if not (ROOT / "templates").is_dir() or not list((ROOT / "locale").glob("*/LC_MESSAGES")):
            raise FileNotFoundError("templates/ and locale/ must sit beside setup.py (MANIFEST.in)")

        for source, target in self._shipped():
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.suffix == ".po":
                polib.pofile(str(source)).save_as_mofile(str(target))
            else:
                self.copy_file(str(source), str(target))

    def get_outputs(self, include_bytecode=True):
        outputs = super().get_outputs(include_bytecode)
        if self.editable_mode:
            return outputs
        return [*outputs, *(str(target) for _, target in self._shipped())]

    def _shipped(self):
        """(source, target) pairs: every template, and every catalogue with its .mo file."""
        package = Path(self.build_lib, "qms")
        templates = (ROOT / "templates").rglob("*")
        for source in sorted(path for path in templates if path.is_file()):
            if not source.name.startswith("."):
                yield source, package / source.relative_to(ROOT)
        for source in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
            yield source, package / source.relative_to(ROOT).with_suffix(".mo")


setup(cmdclass={"build_py": BuildPyWithTemplatesAndCatalogues})
