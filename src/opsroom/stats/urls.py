

app_name = "stats"

# The console's statistics pages (the weekly report's PDF is /reports/, in opsroom.urls).
urlpatterns: list = []
