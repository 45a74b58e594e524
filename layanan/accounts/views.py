"""Account pages: sign-up with email verification, login, logout, password
reset and change, the user's own profile and public profiles.

Views are thin; Django's auth views do the work where they exist, and writes
go through `services`.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from layanan.throttle.decorators import rate_limited, rate_limited_class

from .activity import public_activity
from .forms import LoginForm, ProfileForm, ResendActivationForm, SignUpForm
from .models import User
from .services import registration
from .services.profile import update_display_name


def _posted(request):
    """Bind the form on every POST, even an empty one, so it reports what is missing."""
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
@rate_limited("signup")
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        user = registration.register_user(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            display_name=form.cleaned_data["display_name"],
            password=form.cleaned_data["password1"],
        )
        sent = registration.send_activation_email(request, user)
        return render(request, "accounts/signup_done.html", {"sent": sent})
    return render(request, "accounts/signup.html", {"form": form})


def activate(request, uidb64, token):
    user = registration.activate_user(uidb64, token)
    if user is None:
        return render(request, "accounts/activation_invalid.html", status=400)
    messages.success(request, _("Your account is active. You can log in now."))
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
@rate_limited("account-mail")
def resend_activation(request):
    form = ResendActivationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        registration.resend_activation_email(request, form.cleaned_data["email"])
        return render(request, "accounts/signup_done.html", {"sent": True, "resent": True})
    return render(request, "accounts/resend_activation.html", {"form": form})


@rate_limited_class("login")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default since 5.0), so a link cannot log anyone out."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have logged out."))
        return response


@rate_limited_class("account-mail")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(_posted(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        update_display_name(request.user, form.cleaned_data["display_name"])
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


def public_profile(request, pk, slug=None):
    person = get_object_or_404(User, pk=pk)
    if not person.is_active:
        raise Http404
    if slug != person.profile_slug:
        return redirect(person, permanent=True)
    return render(request, "accounts/public_profile.html", {
        "person": person,
        "activity": public_activity(person),
        "is_self": request.user.pk == person.pk,
    })
