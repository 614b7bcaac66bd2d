"""UBND phường Xuân Hương ("p-xuanhuong"): the procedures implementing its TTHC of civil
status (hộ tịch) and certification (chứng thực). The texts are in
``texts/ward_procedures.toml``."""

from qms.devdata.demo.documents.specs import Ctx, Spec
from qms.devdata.demo.documents.textfiles import Texts

DESK = "Trung tâm Phục vụ hành chính công"
CLERK = "Công chức tư pháp - hộ tịch"
SIGNER = "Chủ tịch hoặc Phó Chủ tịch UBND phường"

# The facts each procedure gives to the shared wording.
FACTS = ("action", "dossier", "deadline", "fee")


def procedures(ctx: Ctx) -> list[Spec]:
    texts = Texts("ward_procedures", ctx, desk=DESK, clerk=CLERK, signer=SIGNER)
    # Issue 2 of the birth registration procedure receives the linked TTHC too.
    linked = texts.content(_table(texts, "birth", "linked"))
    return [
        texts.build(_table(texts, "birth"), revise={"content": linked}, drafter="drafter"),
        *(
            texts.build(_table(texts, key), drafter="drafter")
            for key in ("marriage", "death", "copy_certification", "signature_certification")
        ),
    ]


def _table(texts: Texts, key: str, *variants: str) -> dict:
    """The procedure's table: its own facts written into the shared wording, its references
    and citations from the legal documents it rests on."""
    table = texts.table(key, *variants)
    facts = {name: table.pop(name) for name in FACTS}
    legal = table.pop("legal")
    references = texts.table("references")
    return {
        **texts.table("shared", **facts),
        **table,
        "references": [references[number] for number in legal],
        "cited": [texts.ctx.standard, *legal],
    }
