"""Everything ``manage.py load_demo`` builds, app by app, in dependency order."""

from qms.agencies import demo as agencies_demo

LOADERS = [agencies_demo.load]
