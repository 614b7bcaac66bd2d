"""Everything ``manage.py load_demo`` builds, app by app, in dependency order."""

from audits import demo as audits_demo
from audits import demo_audits, demo_satisfaction
from documents import demo as documents_demo
from qms.agencies import demo as agencies_demo
from qms.monitoring import demo as monitoring_demo
from qms.monitoring import demo_inspections

LOADERS = [
    agencies_demo.load,
    documents_demo.load,
    audits_demo.load,
    demo_audits.load,
    demo_satisfaction.load,
    monitoring_demo.load,
    demo_inspections.load,
]
