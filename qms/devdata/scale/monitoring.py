"""Scale data set, supervision part: about two agencies in three announced their quality
management system, half a year ago, over the procedures then in force.

The signed decision points at the one stored PDF the document seeder rendered (see
``qms.devdata.scale.documents``)."""

from datetime import timedelta

from documents.models import Document
from qms.agencies.models import Agency
from qms.devdata.scale.seeding import Seeding, stamp
from qms.monitoring.models import Announcement


def seed(seeding: Seeding) -> None:
    agencies = [
        a for a in seeding.data["agencies"] if a.level != Agency.Level.PROVINCE and a.is_active
    ]
    announced = [agency for agency in agencies if seeding.rng.random() < 0.67]
    decided = seeding.today - timedelta(days=180)
    rows = []
    for index, agency in enumerate(announced, start=1):
        team = seeding.data["people"][agency.pk]
        announcement = Announcement(
            agency=agency,
            kind=Announcement.Kind.FIRST,
            decision_number=f"{index}/QĐ-CB",
            decided_on=decided,
            signer="Thủ trưởng cơ quan",
            iso_version=agency.iso_version,
            posted_on=decided + timedelta(days=3),
            file_name="quyet-dinh-cong-bo.pdf",
            recorded_by=team["secretary"],
        )
        announcement.file.name = seeding.data["pdf"][0]
        rows.append(stamp(announcement, by=team["secretary"], reason="Dữ liệu quy mô"))
    seeding.insert(Announcement, rows, history=True)
    by_agency = {row.agency_id: row for row in rows}
    procedures = Document.objects.filter(
        agency__in=announced, type__kind="procedure", status=Document.Status.EFFECTIVE
    ).values_list("pk", "agency_id")
    Scope = Announcement.procedures.through
    seeding.insert_plain(
        Scope,
        [
            Scope(announcement_id=by_agency[agency_id].pk, document_id=pk)
            for pk, agency_id in procedures
        ],
    )
    seeding.log(f"  announcements: {len(rows)} of {len(agencies)} agencies")
