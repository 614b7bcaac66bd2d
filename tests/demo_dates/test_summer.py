"""The demo at the middle of the year: the last day of the first half and the first of the second."""

from django.test import TestCase

from tests.demo_dates.story import DemoStory, on


@on("2027-06-30")
class On30June2027(DemoStory, TestCase):
    day = "2027-06-30"


@on("2027-07-01")
class On01July2027(DemoStory, TestCase):
    day = "2027-07-01"
