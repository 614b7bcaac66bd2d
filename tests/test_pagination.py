"""The web lists' paginator: the same pages as Django's, read by their keys first."""

from django.core import paginator as django_paginator
from django.db import connection
from django.db.models import Count
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from qms.agencies.models import Unit
from qms.lib.pagination import Paginator
from tests.helpers import make_agency, make_unit

# Rooms of a commune's People's Committee, some sharing a name, to page through.
NAMES = ["Văn phòng", "Phòng Tư pháp – Hộ tịch", "Bộ phận một cửa", "Phòng Địa chính"]


class KeysFirstPaginatorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("UBND phường Xuân Hương")
        cls.other = make_agency("UBND phường Lâm Viên")
        for index in range(23):
            make_unit(cls.agency, f"{NAMES[index % len(NAMES)]} {index // len(NAMES) or ''}")
        make_unit(cls.other, "Văn phòng")

    def units(self):
        return (
            Unit.objects.filter(agency=self.agency)
            .select_related("agency")
            .annotate(people=Count("members"))
            .order_by("name", "-pk")
        )

    def test_every_page_holds_the_rows_of_djangos_page_in_the_same_order(self):
        for per_page, orphans in ((5, 0), (5, 2), (7, 3), (23, 0), (50, 0)):
            ours = Paginator(self.units(), per_page, orphans=orphans)
            django = django_paginator.Paginator(self.units(), per_page, orphans=orphans)
            self.assertEqual(ours.num_pages, django.num_pages)
            for number in ours.page_range:
                with self.subTest(per_page=per_page, orphans=orphans, page=number):
                    page = ours.page(number)
                    self.assertEqual(
                        [unit.pk for unit in page], [unit.pk for unit in django.page(number)]
                    )
                    self.assertEqual(
                        (page.start_index(), page.end_index(), page.has_next()),
                        (
                            django.page(number).start_index(),
                            django.page(number).end_index(),
                            django.page(number).has_next(),
                        ),
                    )

    def test_a_page_keeps_its_joins_and_annotations_and_reads_only_its_rows(self):
        page = Paginator(self.units(), 5).page(3)
        with CaptureQueriesContext(connection) as queries:
            rows = [(unit.agency.name, unit.people) for unit in page]
        self.assertEqual(len(queries), 0)  # the agency came with the row, the count too
        self.assertEqual(rows, [("UBND phường Xuân Hương", 0)] * 5)
        with CaptureQueriesContext(connection) as queries:
            list(Paginator(self.units(), 5).page(3))
        # The keys of page 3, then those five rows alone.
        keys, rows = queries.captured_queries[-2:]
        self.assertIn("LIMIT 5 OFFSET 10", keys["sql"])
        self.assertNotIn("OFFSET", rows["sql"])
        self.assertNotIn("ORDER BY", rows["sql"])

    def test_values_rows_page_as_django_pages_them(self):
        names = self.units().values("pk", "name")
        for number in (1, 5):
            self.assertEqual(
                list(Paginator(names, 5).page(number)),
                list(django_paginator.Paginator(names, 5).page(number)),
            )

    def test_a_list_pages_as_a_list(self):
        values = list(range(1, 24))
        self.assertEqual(list(Paginator(values, 5).page(5)), [21, 22, 23])
        self.assertEqual(
            list(Paginator(values, 5, orphans=3).page(4)), [16, 17, 18, 19, 20, 21, 22, 23]
        )
