from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    # The label is "qms" so that permissions read as the design names them:
    # user.has_perm("qms.approve_documents", agency).
    name = "qms.agencies"
    label = "qms"
    verbose_name = _("Organisation")
