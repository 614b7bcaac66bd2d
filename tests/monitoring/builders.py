"""Builders for supervision tests: agencies at each stage of adoption.

Audit reports and management reviews are taken through their own flows in tests/audits; here
only their outcome matters (approved, on a given day), so the rows are set to it directly.
"""

from datetime import date, datetime, time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits.models import Audit, ManagementReview
from audits.services.reviews import review_create
from qms.agencies.roles import Role
from qms.monitoring.services.announcements import announcement_record
from qms.monitoring.services.status_figures import figures_refresh
from tests.helpers import (
    make_document_type,
    make_effective_document,
    make_pdf,
    make_programme,
    make_unit,
    make_user,
)

PDF = make_pdf()


def kept_as_the_services_keep_them(agency) -> None:
    """Refresh the agency's kept status figures after a date was set past the services (an
    update of the rows, which sends no signal), as the services do on every change."""
    figures_refresh([agency.pk])


def pdf_upload(name: str = "quyet-dinh.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


class Team:
    """The ISO secretary, a reviewer and the leader of one agency."""

    def __init__(self, agency, name: str = ""):
        self.agency = agency
        make_unit(agency, "Văn phòng")
        self.secretary = make_user(f"Thư ký {name}", agency, [Role.ISO_SECRETARY])
        self.reviewer = make_user(f"Trưởng phòng {name}", agency, [Role.REVIEWER])
        self.approver = make_user(f"Lãnh đạo {name}", agency, [Role.APPROVER, Role.STAFF])

    def effective(self, title: str, *, kind: str = "procedure", on: date | None = None, **extra):
        """An effective document of ``kind``, effective since ``on`` (default today)."""
        document_type = self.agency.document_types.filter(kind=kind).first()
        if document_type is None:
            prefix = {"policy": "CS", "objectives": "MT", "procedure": "QT"}[kind]
            document_type = make_document_type(self.agency, kind=kind, prefix=prefix)
        document = make_effective_document(
            self.agency,
            drafter=self.secretary,
            reviewer=self.reviewer,
            approver=self.approver,
            title=title,
            type=document_type,
            **extra,
        )
        if on is not None:
            document.effective_revision.__class__.objects.filter(
                pk=document.effective_revision_id
            ).update(effective_date=on, approved_at=at(on))
            kept_as_the_services_keep_them(self.agency)
        return document

    def applying(self, *, on: date | None = None):
        """Quality policy, objectives and one procedure effective; returns the procedure."""
        self.effective("Chính sách chất lượng", kind="policy", on=on)
        self.effective("Mục tiêu chất lượng", kind="objectives", on=on)
        return self.effective("Quy trình kiểm soát tài liệu", on=on)

    def announce(self, procedures, *, on: date, reason: str = "", **extra):
        return announcement_record(
            agency=self.agency,
            by=self.secretary,
            decision_number=extra.pop("decision_number", f"{on:%d%m}/QĐ-{self.agency.code}"),
            decided_on=on,
            signer="Nguyễn Văn Giám đốc",
            iso_version="2015",
            procedures=list(procedures),
            upload=extra.pop("upload", pdf_upload()),
            reason=reason,
            **extra,
        )

    def audit_closed(self, on: date):
        """An internal audit whose report was approved on ``on``."""
        programme = self.agency.audit_programmes.first() or make_programme(
            self.agency, self.secretary, self.approver
        )
        audit = programme.audits.first()
        Audit.objects.filter(pk=audit.pk).update(
            status=Audit.Status.CLOSED, report_approved_at=at(on), start_on=on, end_on=on
        )
        kept_as_the_services_keep_them(self.agency)
        return audit

    def review_approved(self, held_on: date):
        review = review_create(
            agency=self.agency,
            by=self.secretary,
            title="Xem xét của lãnh đạo",
            held_on=held_on,
            chair=self.approver,
        )
        ManagementReview.objects.filter(pk=review.pk).update(
            status=ManagementReview.Status.APPROVED, approved_at=at(held_on)
        )
        kept_as_the_services_keep_them(self.agency)
        return review
