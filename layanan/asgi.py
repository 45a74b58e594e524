import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "layanan.settings")
application = get_asgi_application()

gc.freeze()  # as in wsgi.py: start-up objects out of the collector's full passes
