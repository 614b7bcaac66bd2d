"""Everything ``manage.py load_demo`` builds, step by step, in dependency order."""

from django.utils.translation import gettext_lazy as _

from audits import demo as audits_demo
from audits import demo_audits, demo_satisfaction
from documents import demo as documents_demo
from qms.agencies import demo as agencies_demo
from qms.monitoring import demo as monitoring_demo
from qms.monitoring import demo_inspections

LOADERS = [
    (_("the province, its agencies and people"), agencies_demo.load),
    (_("document control"), documents_demo.load),
    (_("nonconformities, objectives, risks and management reviews"), audits_demo.load),
    (_("internal audits"), demo_audits.load),
    (_("citizen satisfaction surveys"), demo_satisfaction.load),
    (_("announcements and the framework lists"), monitoring_demo.load),
    (_("inspections and annual reports"), demo_inspections.load),
]
