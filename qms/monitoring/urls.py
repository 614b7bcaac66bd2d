app_name = "monitoring"

# Each views module lists its own routes; paths are nouns.
urlpatterns: list = []
