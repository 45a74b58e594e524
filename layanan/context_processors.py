from django.conf import settings


def site(request):
    return {"SITE_NAME": "Layanan", "DEBUG": settings.DEBUG}
