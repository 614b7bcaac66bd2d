"""The document import's package keeps the names other modules import from
``documents.imports``, each the same object as in the module that defines it."""

from django.test import SimpleTestCase

import documents.imports as imports
from documents.imports import applying, parsing, preview, staging


class ImportPackageTests(SimpleTestCase):
    def test_the_public_names_are_those_of_their_modules(self):
        homes = {
            parsing: ("read_sheet", "docx_text", "code_key", "issue_number", "issue_date"),
            staging: (
                "batch_stage",
                "batch_new",
                "batch_read",
                "batch_write",
                "batch_delete",
                "batches_sweep",
                "Incoming",
                "MAX_FILES",
                "MAX_TOTAL_BYTES",
            ),
            preview: ("batch_preview", "Preview", "PreviewRow"),
            applying: ("import_rows", "ImportRow"),
        }
        for module, names in homes.items():
            for name in names:
                with self.subTest(name):
                    self.assertIs(getattr(imports, name), getattr(module, name))
        self.assertEqual(sorted(imports.__all__), sorted(set(imports.__all__)))
