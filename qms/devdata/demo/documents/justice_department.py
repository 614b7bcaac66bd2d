"""Sở Tư pháp ("sotp"), the provincial Department of Justice: the TTHC procedures it
implements, its one-stop desk, a guide, and issue 2 of its document control procedure. Its
procedures for its own work are in ``justice_internal``; the texts are in
``texts/justice_department.toml``."""

from dataclasses import replace

from qms.devdata.demo.documents import justice_internal
from qms.devdata.demo.documents.one_stop import one_stop
from qms.devdata.demo.documents.specs import Ctx, Spec
from qms.devdata.demo.documents.system import document_control
from qms.devdata.demo.documents.textfiles import Texts


def specs(ctx: Ctx) -> list[Spec]:
    texts = Texts("justice_department", ctx)
    return [
        texts.spec("civil_status_extract", drafter="drafter"),  # QT-07
        texts.spec("criminal_record", drafter="drafter"),  # QT-08
        replace(
            one_stop(ctx, "QT-09", "Bộ phận Một cửa", "Văn phòng"),
            story=texts.story(texts.table("one_stop")),
        ),
        *justice_internal.procedures(ctx),  # QT-10 to QT-15
        texts.spec("online_guide"),  # HD-01
    ]


def revise_document_control(ctx: Ctx, specs: list[Spec]) -> None:
    """Issue 2 of the document control procedure: the agency moved to electronic ISO."""
    texts = Texts("justice_department", ctx)
    qt01 = next(spec for spec in specs if spec.code == "QT-01")
    qt01.story = texts.story(
        texts.table("document_control"),
        revise={"content": document_control(ctx, electronic=True), "by": "reviewer"},
    )
