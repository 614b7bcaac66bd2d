"""The one-stop desk procedure, which Sở Tư pháp and the ward both have. Its texts are in
``texts/one_stop.toml``."""

from qms.devdata.demo.documents.specs import Ctx, Spec
from qms.devdata.demo.documents.textfiles import Texts


def one_stop(ctx: Ctx, code: str, desk: str, unit: str) -> Spec:
    """The one-stop desk procedure, still citing Decree 61/2018 (replaced on 01/07/2025)."""
    return Texts("one_stop", ctx, code=code, desk=desk).spec("one_stop", unit=unit)
