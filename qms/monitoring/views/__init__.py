"""Pages of the supervision; each module lists its own routes in ``urlpatterns``."""
