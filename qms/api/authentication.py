"""Who is calling: a token (``Authorization: Token <key>``) or the signed-in browser session.

The token comes first so that a request without credentials is answered 401 with a
``WWW-Authenticate: Token`` header; the session serves the interactive documentation.
"""

from rest_framework import authentication

from qms.api.tokens import token_authenticate


class TokenAuthentication(authentication.TokenAuthentication):
    """A key from the profile page or ``manage.py api_token``. Only its hash is stored
    (``qms.api.models.ApiToken``); a revoked or expired key, or an inactive person's, is a 401."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        token = token_authenticate(key=key)
        return token.user, token


class SessionAuthentication(authentication.SessionAuthentication):
    """The browser session; writes need the CSRF token as on the web pages."""
