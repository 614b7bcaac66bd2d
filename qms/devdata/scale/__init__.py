"""Everything ``manage.py seed_scale`` builds, app by app, in dependency order.

Each app offers a ``scale.seed(seeding)`` function (see ``qms.devdata.scale.seeding``) that reads what
earlier seeders left in ``seeding.data`` (agencies, units, people by agency) and adds its own
rows; a new app joins with one line here.
"""

from qms.devdata.scale import agencies as agencies_scale
from qms.devdata.scale import audits as audits_scale
from qms.devdata.scale import audits_internal as scale_audits
from qms.devdata.scale import documents as documents_scale
from qms.devdata.scale import monitoring as monitoring_scale

SEEDERS = [
    agencies_scale.seed,
    documents_scale.seed,
    audits_scale.seed,
    scale_audits.seed,
    monitoring_scale.seed,
]
