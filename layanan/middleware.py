from django.utils import translation


class ApiLanguageMiddleware:
    """Let API clients choose the language of messages with Accept-Language.

    Pages carry their language in the path (/en/…); with an unprefixed default
    language, LocaleMiddleware gives every unprefixed path, /api/ included, the
    default language. API paths have no language prefix, so the header decides
    (Indonesian when the client states no preference).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=False)
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
