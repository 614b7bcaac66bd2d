"""UBND phường Xuân Hương ("p-xuanhuong"): its TTHC procedures (in ``ward_procedures``), its
one-stop desk, its own work and a guide. The texts are in ``texts/ward.toml``."""

from dataclasses import replace

from qms.devdata.demo.documents import ward_procedures
from qms.devdata.demo.documents.one_stop import one_stop
from qms.devdata.demo.documents.specs import Ctx, Spec
from qms.devdata.demo.documents.textfiles import Texts
from qms.devdata.demo.documents.ward_procedures import DESK, SIGNER


def specs(ctx: Ctx) -> list[Spec]:
    texts = Texts("ward", ctx, desk=DESK, signer=SIGNER)
    return [
        *ward_procedures.procedures(ctx),  # QT-07 to QT-11
        replace(one_stop(ctx, "QT-12", DESK, DESK), story=texts.story(texts.table("one_stop"))),
        texts.spec("feedback"),  # QT-13
        texts.spec("correspondence"),  # QT-14
        texts.spec("linked_guide", drafter="drafter"),  # HD-01
    ]
