"""The documents every agency has: quality policy, objectives, manual, and the system
procedures for controlling documents and records (the rest are in ``improvement``). Their texts
are in ``texts/system.toml``."""

from qms.devdata.demo.documents import improvement
from qms.devdata.demo.documents.specs import Ctx, Spec
from qms.devdata.demo.documents.textfiles import Texts


def standard_set(ctx: Ctx) -> list[Spec]:
    texts = Texts("system", ctx)
    procedures = [
        texts.spec("document_control"),
        texts.spec("record_control"),
        *improvement.procedures(ctx),
    ]
    # The system procedures rest on the standard and the decisions applying it; record control
    # also on the circular setting retention periods.
    cited = ctx.base_cited()
    for spec in procedures:
        spec.cited = cited + (("10/2022/TT-BNV",) if spec.code == "QT-02" else ())
    return [texts.spec("policy"), texts.spec("objectives"), texts.spec("manual"), *procedures]


def document_control(ctx: Ctx, *, electronic: bool = False) -> dict:
    """The content of the document control procedure (QT-01), on paper or, ``electronic``, in
    the ISO software."""
    texts = Texts("system", ctx)
    return texts.content(texts.table("document_control", *(["electronic"] if electronic else [])))
