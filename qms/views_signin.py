"""The sign-in page: Django's, answered 429 with Retry-After while the address must wait."""

from django.contrib.auth import views as auth_views

from qms.agencies.forms import SignInForm


class SignInView(auth_views.LoginView):
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttle is not None:
            # Still the page with its message, for a person; the status tells scripts.
            response.status_code = 429
            response["Retry-After"] = str(int(form.throttle.retry_after.total_seconds()) + 1)
        return response
