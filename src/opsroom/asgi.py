"""The ASGI application served by `opsroom serve`.

Static files (CSS, JS, map assets) ship inside the package and are served from there by
Django's static files handler, so the console works offline with no collectstatic step.
"""

import os

from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsroom.settings")
application = ASGIStaticFilesHandler(get_asgi_application())
