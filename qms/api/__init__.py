"""The REST API under /api/v1/: shared plumbing.

Each app describes its own resources (``documents/api/``, ``audits/api/``,
``qms/monitoring/api.py``; the agencies' own, which sit below this plumbing, in
``qms/api/agencies.py``); this package holds what they share: authentication, the JSON parser
with its size limit, pagination, the error format, and the agency scope that gives the API the
same isolation as the web pages. These modules depend on ``qms.agencies`` and ``qms.lib``
only; ``qms/api_urls.py`` sits at the top, beside the project's URL configuration, and
gathers the apps' view sets into one router.
"""
