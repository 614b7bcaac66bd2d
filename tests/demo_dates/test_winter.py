"""The demo at the turn of the year: the last month, New Year's Eve and New Year's Day."""

from django.test import TestCase

from tests.demo_dates.story import DemoStory, on


@on("2026-11-30")
class On30November2026(DemoStory, TestCase):
    day = "2026-11-30"


@on("2026-12-31")
class On31December2026(DemoStory, TestCase):
    day = "2026-12-31"


@on("2027-01-01")
class On01January2027(DemoStory, TestCase):
    day = "2027-01-01"
