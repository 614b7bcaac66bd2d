from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from qms import views, views_exports, views_profile, views_signin, views_trail, views_verify

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views_signin.SignInView.as_view(), name="login"),
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
    # Public: each agency's effective procedures and forms, and their open data.
    path("portal/", include("documents.views.portal")),
    # Public: the citizen satisfaction survey a desk's QR code or kiosk opens.
    path("survey/", include("audits.views.satisfaction_public")),
    *views_trail.urlpatterns,
    *views_exports.urlpatterns,
    path("admin/", admin.site.urls),
    path("api/", include("qms.api_urls")),
    path("accounts/profile/", views_profile.profile, name="profile"),
    path("accounts/profile/tokens/", views_profile.token_issue, name="profile-token-issue"),
    path(
        "accounts/profile/tokens/<int:pk>/revoke/",
        views_profile.token_revoke,
        name="profile-token-revoke",
    ),
]

# Under /api/ an unknown address or a crash is answered in JSON; elsewhere the HTML pages.
handler403 = "qms.views.permission_denied"
handler404 = "qms.api.errors.page_not_found"
handler500 = "qms.api.errors.server_error"
