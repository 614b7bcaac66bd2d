from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from qms import views, views_trail, views_verify
from qms.agencies.forms import SignInForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/setlang/", set_language, name="set_language"),
    path("agency/", include("qms.agencies.urls")),
    path("documents/", include("documents.urls")),
    path("quality/", include("audits.urls")),
    path("supervision/", include("qms.monitoring.urls")),
    # Public: the page a controlled copy's QR code opens.
    path("verify/<str:token>/", views_verify.verify, name="verify"),
    *views_trail.urlpatterns,
    path("admin/", admin.site.urls),
]
