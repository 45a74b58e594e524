"""One-time tokens for links sent by email."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset-token generator with its own salt, so an activation link
    can never be used as a password-reset link (or the reverse), and with the
    account's active flag in the hash, so the link works only once."""

    key_salt = "layanan.accounts.tokens.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


activation_token_generator = ActivationTokenGenerator()
