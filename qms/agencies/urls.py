from django.urls import path

from qms.agencies import views

app_name = "agencies"

urlpatterns = [
    path("switch/", views.agency_switch, name="agency-switch"),
    path("members/", views.member_list, name="member-list"),
    path("members/new/", views.member_create, name="member-create"),
    path("members/existing/", views.member_add_existing, name="member-add-existing"),
    path("members/<int:pk>/", views.member_edit, name="member-edit"),
    path("profile/details/", views.profile_edit, name="profile-edit"),
    path(
        "invitations/<int:pk>/accept/",
        views.invitation_answer,
        {"accept": True},
        name="invitation-accept",
    ),
    path(
        "invitations/<int:pk>/decline/",
        views.invitation_answer,
        {"accept": False},
        name="invitation-decline",
    ),
    path("units/", views.unit_list, name="unit-list"),
    path("units/new/", views.unit_edit, name="unit-create"),
    path("units/<int:pk>/", views.unit_edit, name="unit-edit"),
]
