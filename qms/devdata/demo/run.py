"""What every step of ``load_demo`` shares: the run (which agencies, where progress goes) and
the prologue each step opens with (the province, the demo's language, no mail)."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation

from qms.agencies.models import Agency

PROVINCE_CODE = "lamdong"
# The department whose status fell this month: it announced its system and had it audited,
# but its last management review was held a year and ten days ago, so the Sở's first screen
# lists it among the agencies whose status went down.
LAPSED_CODE = "sonv"


def _quiet(_line: str) -> None:
    pass


@dataclass(frozen=True)
class DemoRun:
    """What one ``load_demo`` run builds and where it tells its progress.

    ``only`` narrows every step after the people to these agency codes (a test that loads the
    demo on many dates needs the two showcase agencies, not the whole province); ``say``
    receives one line per agency and step.
    """

    only: frozenset[str] = frozenset()
    say: Callable[[str], None] = _quiet

    @contextmanager
    def in_province(self) -> Iterator[Agency | None]:
        """The demo province (None until the first step has made it), with the demo's texts
        in Vietnamese and its mail held back."""
        province = Agency.objects.filter(code=PROVINCE_CODE).first()
        with translation.override("vi"), mail_off():
            yield province

    def agencies(self, province: Agency) -> QuerySet[Agency]:
        """The province's active agencies this run builds, by code."""
        agencies = (
            Agency.objects.in_province(province)
            .filter(is_active=True)
            .exclude(pk=province.pk)
            .order_by("code")
        )
        return agencies.filter(code__in=self.only) if self.only else agencies


# The default run: every agency, silently (how the tests and ``seed_scale`` call a loader).
WHOLE_PROVINCE = DemoRun()


@contextmanager
def mail_off() -> Iterator[None]:
    """Keep the demo from mailing its made-up addresses.

    The services queue mail with ``transaction.on_commit``; each agency's transaction commits
    inside this block, so the queued mail goes to the dummy backend. (override_settings is test
    machinery; this swaps the one setting and always puts it back.) Call a loader outside any
    transaction, as ``manage.py load_demo`` does, or the mail would wait past this block.
    """
    previous = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    try:
        yield
    finally:
        settings.EMAIL_BACKEND = previous
