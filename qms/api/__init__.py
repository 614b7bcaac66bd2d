"""The REST API under /api/v1/: shared plumbing.

Each app describes its own resources (``qms/agencies/api.py``, ``documents/api/``,
``audits/api/``); this package holds what they share: authentication, the JSON parser with its
size limit, pagination, the error format, and the agency scope that gives the API the same
isolation as the web pages. These modules depend on ``qms.agencies`` and ``qms.lib`` only;
``qms/api/urls.py`` sits at the top, beside the project's URL configuration, and gathers the
apps' view sets into one router.
"""
