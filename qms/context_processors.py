import unicodedata

from django.conf import settings
from django.utils.translation import get_language_info


def languages(request):
    """Each language in its own name, for the switcher (Django's data is not NFC-normalised)."""
    return {
        "language_choices": [
            (code, unicodedata.normalize("NFC", get_language_info(code)["name_local"]))
            for code, _name in settings.LANGUAGES
        ]
    }
