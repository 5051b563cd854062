from django.core.management.base import BaseCommand

from ...throttle import unlock


class Command(BaseCommand):
    help = (
        "Let a locked-out username or client address log in again now, instead of after "
        "LOGIN_LOCKOUT_SECONDS: forgets its failed logins (staff, admin and EPOS API alike)."
    )

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="+", metavar="USERNAME_OR_ADDRESS")

    def handle(self, *args, names, **options):
        for name in names:
            unlock(name)
            self.stdout.write(f"Failed logins of {name} forgotten: it may log in again.")
