"""Who is calling: a token (``Authorization: Token <key>``) or the signed-in browser session.

The token comes first so that a request without credentials is answered 401 with a
``WWW-Authenticate: Token`` header; the session serves the interactive documentation.
"""

from rest_framework import authentication


class TokenAuthentication(authentication.TokenAuthentication):
    """A key from the profile page or ``manage.py api_token``; an inactive person's key is refused."""

    keyword = "Token"


class SessionAuthentication(authentication.SessionAuthentication):
    """The browser session; writes need the CSRF token as on the web pages."""
