"""The system procedures that check and improve the system: internal audit, nonconformity
and corrective action, then risk and management review (ISO 9001:2015) or preventive action
(ISO 9001:2008). Their texts are in ``texts/improvement.toml``."""

from qms.devdata.demo.documents.specs import Ctx, Spec
from qms.devdata.demo.documents.textfiles import Texts


def procedures(ctx: Ctx) -> list[Spec]:
    texts = Texts("improvement", ctx)
    # QT-05 and QT-06 on ISO 9001:2015; ISO 9001:2008 still asks for a documented procedure on
    # preventive action (8.5.3), its QT-05.
    last = ["risk", "review"] if ctx.version == "2015" else ["preventive"]
    return [texts.spec(key) for key in ["audit", "nonconformity", *last]]
