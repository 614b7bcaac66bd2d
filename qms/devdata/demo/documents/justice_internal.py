"""Sở Tư pháp: the procedures of its own work, which no TTHC governs: correspondence, legal
documents, citizens' complaints, personnel files. The texts are in
``texts/justice_internal.toml``."""

from qms.devdata.demo.documents.specs import Ctx, Spec
from qms.devdata.demo.documents.textfiles import Texts


def procedures(ctx: Ctx) -> list[Spec]:
    texts = Texts("justice_internal", ctx)
    return [
        texts.spec("correspondence"),  # QT-10
        texts.spec("legal_appraisal", drafter="drafter"),  # QT-11
        texts.spec("legal_check", drafter="drafter"),  # QT-12
        texts.spec("citizens"),  # QT-13
        texts.spec("law_enforcement", drafter="drafter"),  # QT-14
        texts.spec("personnel_files"),  # QT-15
    ]
