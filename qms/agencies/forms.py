from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from qms.agencies.models import Unit, User
from qms.agencies.services import roles_offered
from qms.agencies.signin import (
    client_ip,
    signin_failure_record,
    signin_success_record,
    signin_throttle,
)


class SignInForm(AuthenticationForm):
    """Django's sign-in form, slowed down by address (qms/agencies/signin.py). While an
    address waits, even the right password is refused from it, or guessing would go on."""

    error_messages = {
        "invalid_login": _("The username or password is wrong. Note that both are case-sensitive."),
        "inactive": _("This account is locked."),
    }

    throttle = None

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip_address = client_ip(self.request)
        self.throttle = signin_throttle(username=username, ip_address=ip_address)
        if self.throttle is not None:
            raise forms.ValidationError(self._throttled_message(), code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            signin_failure_record(username=username, ip_address=ip_address)
            raise
        signin_success_record(username=username, ip_address=ip_address)
        return cleaned

    def _throttled_message(self) -> str:
        minutes = self.throttle.minutes
        if self.throttle.for_account:
            message = ngettext(
                "Too many failed sign-ins to this account from your network address. Please "
                "wait %(minutes)s minute before trying again. The account is not locked: it "
                "can still be used from other addresses.",
                "Too many failed sign-ins to this account from your network address. Please "
                "wait %(minutes)s minutes before trying again. The account is not locked: it "
                "can still be used from other addresses.",
                minutes,
            )
        else:
            message = ngettext(
                "Too many failed sign-ins from your network address. Please wait "
                "%(minutes)s minute before trying again.",
                "Too many failed sign-ins from your network address. Please wait "
                "%(minutes)s minutes before trying again.",
                minutes,
            )
        return message % {"minutes": minutes}


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class MemberForm(forms.Form):
    """A member's details and roles. New accounts also get a username and a first password."""

    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Use only unaccented letters, digits and . @ + - _")},
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    password = forms.CharField(
        label=_("First password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "At least 10 characters, not only digits. The person should change it after the first sign-in."
        ),
    )
    roles = RolesField(
        label=_("Roles"),
        choices=(),
        required=False,
        help_text=_("Clear every role to remove the person from the agency."),
    )
    new_password = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=_("Leave empty to keep the current password."),
    )

    def __init__(
        self, *args, agency, member: User | None = None, account_editable: bool = True, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(agency=agency, is_active=True)
        self.fields["unit"].label = _("Unit in this agency")
        self.fields["roles"].choices = [(role.value, role.label) for role in roles_offered(agency)]
        if member is None:
            del self.fields["new_password"]
        else:
            # The username stays; a new password is set only where the agency is the
            # person's only one (see services.member_update).
            del self.fields["username"]
            del self.fields["password"]
            if not account_editable:
                # The account belongs to another agency: the page shows these read-only.
                for name in ("full_name", "email", "position", "new_password"):
                    del self.fields[name]


class ExistingMemberForm(forms.Form):
    username = forms.CharField(label=_("Username of the existing account"), max_length=150)
    roles = RolesField(label=_("Roles"), choices=())

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = [(role.value, role.label) for role in roles_offered(agency)]


class AccountForm(forms.Form):
    """The person's own name, e-mail and position (see services.account_update)."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "code", "is_active"]
