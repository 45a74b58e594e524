"""Bearer-token authentication for the API (`Authorization: Bearer <token>`).

Use it on any operation or router that needs a user:

    from layanan.accounts.api_auth import BearerTokenAuth

    @router.post("/questions", auth=BearerTokenAuth())
    def create_question(request, payload: QuestionIn):
        user = request.auth  # also request.user

A missing, unknown or revoked token, or one whose user is inactive, gets
401 with a JSON body from django-ninja.
"""

from ninja.security import HttpBearer

from .services.api_tokens import authenticate_api_key


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        api_token = authenticate_api_key(token)
        if api_token is None:
            return None
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user
