"""Everything ``manage.py seed_scale`` builds, app by app, in dependency order.

Each app offers a ``scale.seed(seeding)`` function (see ``qms.lib.seeding``) that reads what
earlier seeders left in ``seeding.data`` (agencies, units, people by agency) and adds its own
rows; a new app joins with one line here.
"""

from audits import scale as audits_scale
from audits import scale_audits
from documents import scale as documents_scale
from qms.agencies import scale as agencies_scale
from qms.monitoring import scale as monitoring_scale

SEEDERS = [
    agencies_scale.seed,
    documents_scale.seed,
    audits_scale.seed,
    scale_audits.seed,
    monitoring_scale.seed,
]
