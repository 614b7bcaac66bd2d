"""Everything ``manage.py load_demo`` builds, step by step, in dependency order."""

from django.utils.translation import gettext_lazy as _

from qms.devdata.demo import agencies as agencies_demo
from qms.devdata.demo import documents as documents_demo
from qms.devdata.demo.audits import improvement as audits_demo
from qms.devdata.demo.audits import internal as demo_audits
from qms.devdata.demo.audits import satisfaction as demo_satisfaction
from qms.devdata.demo.monitoring import announcements as monitoring_demo
from qms.devdata.demo.monitoring import inspections as demo_inspections

LOADERS = [
    (_("the province, its agencies and people"), agencies_demo.load),
    (_("document control"), documents_demo.load),
    (_("nonconformities, objectives, risks and management reviews"), audits_demo.load),
    (_("internal audits"), demo_audits.load),
    (_("citizen satisfaction surveys"), demo_satisfaction.load),
    (_("announcements and the framework lists"), monitoring_demo.load),
    (_("inspections and annual reports"), demo_inspections.load),
]
