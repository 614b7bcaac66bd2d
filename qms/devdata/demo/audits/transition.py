"""The move to TCVN ISO 9001:2026 in the demo.

The Ministry has not announced the 2026 edition as TCVN yet, so the demo sets an example
deadline, the 30 September three years ahead, and says so where the deadline is shown. UBND
phường Xuân Hương is part-way through its plan: five clauses covered, three with an owner and
no evidence yet, four with nobody. Sở Y tế has planned, with a target date after the deadline,
so the Sở's dashboard warns about it. Played once: an agency with a plan is left as it is.
"""

from datetime import date, timedelta

from audits.models import EditionTransition
from audits.services.transition import next_edition, transition_item_save, transition_plan
from documents.models import IsoEdition
from qms.agencies.models import Agency, User

EXAMPLE_BASIS = "Hạn ví dụ của dữ liệu mẫu: Bộ KH&CN chưa công bố TCVN ISO 9001:2026"

# Clause: (who answers for it, the evidence that covers it).
EVIDENCE = {
    "4.1": (
        "secretary",
        "Sổ bối cảnh ghi quyết định: biến đổi khí hậu là vấn đề liên quan (mưa lớn, sạt lở "
        "làm chậm việc trả hồ sơ ở các tổ dân phố vùng ven).",
    ),
    "5.1.1": (
        "leader",
        "Quyết định của Chủ tịch UBND phường ban hành Quy tắc ứng xử của cán bộ, công chức, "
        "gồm cam kết văn hóa chất lượng và hành vi đạo đức khi giải quyết thủ tục hành chính.",
    ),
    "6.1.2": (
        "secretary",
        "Sổ rủi ro ghi riêng từng rủi ro với biện pháp xử lý và người phụ trách.",
    ),
    "6.1.3": (
        "secretary",
        "Sổ rủi ro ghi riêng các cơ hội: dịch vụ công trực tuyến toàn trình, trả kết quả qua "
        "bưu chính công ích.",
    ),
    "7.3": (
        "staff",
        "Buổi phổ biến văn hóa chất lượng cho công chức bộ phận một cửa, có danh sách ký nhận.",
    ),
}
OWNED = {"6.3": "leader", "7.1.6": "secretary", "8.2": "staff"}

# Agency code: (days from today to the target date, or None for after the deadline; whether
# the clauses of EVIDENCE are covered).
MOVES = {"p-xuanhuong": (300, True), "soyt": (None, False)}


def ministry_deadline(today: date) -> IsoEdition | None:
    """The example deadline, set once: a deadline the Ministry has set is never changed."""
    edition = IsoEdition.objects.filter(code="2026").first()
    if edition is not None and edition.transition_deadline is None:
        edition.transition_deadline = date(today.year + 3, 9, 30)
        edition.deadline_basis = EXAMPLE_BASIS
        edition.save(update_fields=["transition_deadline", "deadline_basis"])
    return edition


def move(agency: Agency, cast: dict[str, User], today: date) -> None:
    edition = next_edition(agency)
    if agency.code not in MOVES or edition is None:
        return
    if EditionTransition.objects.filter(agency=agency).exists():
        return
    days, covered = MOVES[agency.code]
    deadline = edition.transition_deadline or date(today.year + 3, 9, 30)
    target = today + timedelta(days=days) if days else deadline + timedelta(days=90)
    secretary = cast["secretary"]
    plan = transition_plan(agency=agency, by=secretary, target_on=target)
    items = {item.clause.number: item for item in plan.items.select_related("clause")}
    for number, (part, evidence) in EVIDENCE.items():
        if number in items:
            transition_item_save(
                item=items[number],
                by=secretary,
                owner=cast[part],
                evidence=evidence if covered else "",
            )
    for number, part in OWNED.items():
        if number in items and covered:
            transition_item_save(item=items[number], by=secretary, owner=cast[part])
    # Planned six weeks ago; the evidence is dated today, as its history records it.
    EditionTransition.objects.filter(pk=plan.pk).update(planned_on=today - timedelta(days=42))
