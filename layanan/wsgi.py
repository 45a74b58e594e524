import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "layanan.settings")
application = get_wsgi_application()

# The objects loaded at start-up (Django, the apps and what they import, about
# 100 000) live as long as the process. Frozen, the garbage collector's full
# passes skip them: under load those took 48-65 ms each, one search in a few
# hundred, and take 3-8 ms frozen (docs/search.md, "Performance").
gc.freeze()
