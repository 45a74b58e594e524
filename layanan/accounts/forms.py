"""Forms for the citizen-facing account pages, built on Django's auth forms.

Accessibility comes from Django's own field rendering (`as_field_group`):
labels, help text and errors linked to the input with aria-describedby, and
aria-invalid on fields with errors. Here we add autocomplete hints and the
display-name rules.
"""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import User
from .validators import MAX_LENGTH, normalize_display_name, validate_display_name

DISPLAY_NAME_HELP = _(
    "Shown next to everything you post. Use a nickname: not your email address, "
    "phone number or ID number."
)


def _clean_display_name(value, exclude_pk=None):
    name = normalize_display_name(value)
    validate_display_name(name)
    taken = User.objects.filter(display_name__iexact=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(_("This display name is already taken."), code="taken")
    return name


class SignUpForm(auth_forms.UserCreationForm):
    email = forms.EmailField(
        label=_("Email address"), max_length=254,
        help_text=_("We send a link to this address to activate your account. It is never shown publicly."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    display_name = forms.CharField(
        label=_("Public display name"), max_length=MAX_LENGTH, help_text=DISPLAY_NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    class Meta(auth_forms.UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "display_name")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].help_text = _(
            "Used only to log in; never shown publicly. Letters, digits and @ . + - _ only."
        )

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("An account with this email address already exists. Log in, or reset your password."),
                code="email_taken",
            )
        return email

    def clean_display_name(self):
        return _clean_display_name(self.cleaned_data["display_name"])


class LoginForm(auth_forms.AuthenticationForm):
    """Django's login form, telling a not-yet-activated user what to do."""

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "inactive": _(
            "Your account is not active yet. Open the link in the email we sent you, "
            "or ask for a new link."
        ),
    }

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            user = self._inactive_user_with_correct_password()
            if user is not None:
                raise ValidationError(self.error_messages["inactive"], code="inactive")
            raise

    def _inactive_user_with_correct_password(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return None
        user = User.objects.filter(username=username, is_active=False, last_login__isnull=True).first()
        if user is not None and user.check_password(password):
            return user
        return None


class ResendActivationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ProfileForm(forms.ModelForm):
    display_name = forms.CharField(
        label=_("Public display name"), max_length=MAX_LENGTH, help_text=DISPLAY_NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    class Meta:
        model = User
        fields = ("display_name",)

    def clean_display_name(self):
        return _clean_display_name(self.cleaned_data["display_name"], exclude_pk=self.instance.pk)
