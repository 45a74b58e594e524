"""Create an API token for a user and print its key once.

    python manage.py create_api_token USERNAME [--name NAME]

The key goes alone to standard output (so `TOKEN=$(… create_api_token budi)`
works); the note about keeping it safe goes to standard error.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from layanan.accounts.models import User
from layanan.accounts.services.api_tokens import create_api_token


class Command(BaseCommand):
    help = "Create an API bearer token for a user and print it once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'import script'.")

    def handle(self, *args, username, name, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(_("No user with the username %(username)s.") % {"username": username})
        if not user.is_active:
            raise CommandError(_("The user %(username)s is not active.") % {"username": username})
        token, key = create_api_token(user, name=name)
        self.stdout.write(key)
        self.stderr.write(_(
            "Token %(prefix)s… created for %(username)s. Store it now: it cannot be shown again."
        ) % {"prefix": token.prefix, "username": username})
