"""The demo around a leap day: 28 and 29 February 2028."""

from django.test import TestCase

from tests.demo_dates.story import DemoStory, on


@on("2028-02-28")
class On28February2028(DemoStory, TestCase):
    day = "2028-02-28"


@on("2028-02-29")
class On29February2028(DemoStory, TestCase):
    day = "2028-02-29"
