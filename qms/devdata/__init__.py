"""Demo and benchmark data: the Lâm Đồng demo province (``load_demo``), data sets of any size
(``seed_scale``) and the measured budgets (``bench``).

The top of the house: it imports every app and nothing imports it, so the domain apps hold
behaviour only. It has no models.
"""
