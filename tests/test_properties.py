"""Properties of the pure rules: document code patterns, search folding, month arithmetic.

Bounded examples keep the suite fast; each property holds for every input hypothesis finds.
"""

import calendar
import unicodedata
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from hypothesis import example, given, settings
from hypothesis import strategies as st

from documents.codes import format_code, validate_code_pattern
from qms.lib.dates import add_months
from qms.lib.text import fold, search_terms

FAST = settings(max_examples=100, deadline=None)

# Vietnamese letters as people type them, composed, and the marks that make them.
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
TONES = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]  # huyền, sắc, ngã, hỏi, nặng
SHAPES = ["\u0302", "\u0306", "\u031b"]  # â ê ô, ă, ơ ư
ASCII_WORDS = st.text(alphabet="abcdeghiklmnopqrstuvxy ABCDEGHIKLMNOPQRSTUVXY-.,/", max_size=40)


@st.composite
def marked(draw):
    """An ASCII phrase and the same phrase with Vietnamese marks on some letters."""
    plain = draw(ASCII_WORDS)
    letters = []
    for char in plain:
        letters.append(char)
        if char.isalpha() and draw(st.booleans()):
            letters.append(draw(st.sampled_from(SHAPES)))
        if char.isalpha() and draw(st.booleans()):
            letters.append(draw(st.sampled_from(TONES)))
    return plain, unicodedata.normalize("NFC", "".join(letters))


class FoldProperties(SimpleTestCase):
    @FAST
    @given(st.text(max_size=60))
    def test_folding_is_idempotent(self, text):
        self.assertEqual(fold(fold(text)), fold(text))

    @FAST
    @given(st.text(max_size=60))
    def test_composed_and_decomposed_text_fold_alike(self, text):
        self.assertEqual(
            fold(unicodedata.normalize("NFC", text)), fold(unicodedata.normalize("NFD", text))
        )

    @FAST
    @given(marked())
    def test_diacritics_do_not_matter(self, pair):
        plain, with_marks = pair
        self.assertEqual(fold(with_marks), fold(plain))

    @FAST
    @given(ASCII_WORDS)
    def test_d_with_stroke_folds_to_d(self, text):
        self.assertEqual(fold(text.replace("d", "đ").replace("D", "Đ")), fold(text))

    @FAST
    @given(st.text(alphabet=VIETNAMESE + "".join(TONES) + " \t\n", max_size=60))
    def test_folded_vietnamese_is_plain_lower_ascii_with_single_spaces(self, text):
        folded = fold(text)
        self.assertTrue(folded.isascii(), folded)
        self.assertEqual(folded, folded.lower())
        self.assertEqual(folded, " ".join(folded.split()))

    @FAST
    @given(st.text(max_size=60))
    def test_search_terms_are_words_of_the_folded_query(self, query):
        terms = search_terms(query)
        self.assertEqual(search_terms(fold(query)), terms)
        for term in terms:
            self.assertIn(term, fold(query))

    @FAST
    @given(marked())
    def test_a_query_typed_without_marks_finds_the_marked_title(self, pair):
        plain, title = pair
        self.assertEqual(search_terms(plain), search_terms(title))


# Pieces of a code pattern: literal text and fields with optional conversions and specs.
LITERAL = st.text(alphabet="ABCQT-/._ 0123456789", max_size=4)
FIELD = st.tuples(
    st.sampled_from(["prefix", "number", "unit", "parent"]),
    st.sampled_from(["", "!s", "!r"]),
    st.sampled_from(["", ":02", ":03", ":>4", ":x", ":.1", ":.2", ":c", ":,", ":+"]),
)


@st.composite
def patterns(draw):
    pieces = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        pieces.append(draw(LITERAL))
        name, conversion, spec = draw(FIELD)
        pieces.append("{" + name + conversion + spec + "}")
    pieces.append(draw(LITERAL))
    return "".join(pieces)


def _accepted(pattern: str) -> bool:
    try:
        validate_code_pattern(pattern)
    except ValidationError:
        return False
    return True


class CodePatternProperties(SimpleTestCase):
    @FAST
    @given(patterns(), st.integers(1, 9999), st.integers(1, 9999))
    @example("{prefix}-{number!s:.1}", 1, 12)  # once accepted: every code was QT-1 … QT-9
    def test_an_accepted_pattern_gives_different_numbers_different_codes(self, pattern, a, b):
        if not _accepted(pattern) or a == b:
            return
        codes = [
            format_code(pattern, prefix="QT", number=n, unit="VP", parent="QT-01") for n in (a, b)
        ]
        self.assertNotEqual(codes[0], codes[1], pattern)

    @FAST
    @given(patterns())
    @example("{prefix}-{number:c}")  # once accepted: number 1 became the control character U+0001
    def test_an_accepted_pattern_writes_printable_codes(self, pattern):
        if _accepted(pattern):
            for number in (1, 12, 99, 1000):
                code = format_code(pattern, prefix="HD", number=number, unit="", parent="")
                self.assertTrue(code.isprintable(), repr(code))

    @FAST
    @given(st.text(max_size=30))
    def test_a_pattern_without_number_is_always_refused(self, pattern):
        if "number" not in pattern:
            self.assertFalse(_accepted(pattern))

    @FAST
    @given(st.integers(1, 9999))
    def test_the_usual_pattern_keeps_prefix_and_a_two_digit_number(self, number):
        code = format_code("{prefix}-{number:02}", prefix="QT", number=number)
        self.assertEqual(code, f"QT-{number:02}")
        self.assertEqual(int(code.split("-")[1]), number)


DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))
MONTHS = st.integers(min_value=-1200, max_value=1200)


class MonthProperties(SimpleTestCase):
    @FAST
    @given(DAYS, MONTHS)
    def test_it_moves_exactly_that_many_calendar_months(self, day, months):
        later = add_months(day, months)
        self.assertEqual((later.year * 12 + later.month) - (day.year * 12 + day.month), months)

    @FAST
    @given(DAYS, MONTHS)
    def test_it_keeps_the_day_or_clamps_to_the_month_end(self, day, months):
        later = add_months(day, months)
        last = calendar.monthrange(later.year, later.month)[1]
        self.assertEqual(later.day, min(day.day, last))

    @FAST
    @given(DAYS)
    def test_zero_months_is_the_same_day(self, day):
        self.assertEqual(add_months(day, 0), day)

    @FAST
    @given(DAYS, DAYS, MONTHS)
    def test_it_keeps_the_order_of_days(self, first, second, months):
        first, second = sorted([first, second])
        self.assertLessEqual(add_months(first, months), add_months(second, months))

    @FAST
    @given(DAYS.filter(lambda d: d.day <= 28), st.integers(-600, 600), st.integers(-600, 600))
    def test_months_add_up_below_the_29th(self, day, a, b):
        self.assertEqual(add_months(add_months(day, a), b), add_months(day, a + b))

    @FAST
    @given(DAYS, st.integers(min_value=1, max_value=60))
    def test_a_review_falls_due_within_the_period_after_the_effective_date(self, effective, period):
        due = add_months(effective, period)
        self.assertGreater(due, effective)
        self.assertGreaterEqual(due - effective, timedelta(days=28 * period - 3))
        self.assertLessEqual(due - effective, timedelta(days=31 * period))
