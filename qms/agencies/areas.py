"""The area an agency serves (địa bàn), read from what the system knows of it.

Under the two-level local government of 01/07/2025 a commune, ward or special zone serves its
own territory, and every provincial body (a department, a sub-department, a public service
unit of the province) serves the whole province. A district People's Committee of before the
reform served its district. The area is never the parent agency: a Chi cục's parent is its
Sở, but it serves the province.
"""

import re

from qms.agencies.models import Agency

# "Ủy ban nhân dân phường Xuân Hương - Đà Lạt" → "phường Xuân Hương - Đà Lạt".
COMMITTEE = re.compile(r"^(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+", re.IGNORECASE)
OWN_AREA = {Agency.Level.COMMUNE, Agency.Level.DISTRICT, Agency.Level.PROVINCE}


def area_served(agency: Agency) -> str:
    """The territory ``agency`` serves: its own for a commune, ward, special zone, district or
    province; its province's for every other body of the province; empty for the Ministry.
    Reads ``agency.province`` (select it with the agency when listing many)."""
    if agency.level in OWN_AREA:
        return COMMITTEE.sub("", agency.name).strip()
    if agency.province_id is None:
        return ""
    return COMMITTEE.sub("", agency.province.name).strip()
