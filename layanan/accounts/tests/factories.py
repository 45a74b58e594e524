import factory

from layanan.accounts.models import AgencyMembership, Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"pengguna{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@contoh.id")
    display_name = factory.Sequence(lambda n: f"Warga {n}")
    password = factory.django.Password("kata-sandi-rahasia-123")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyMembership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory("layanan.catalog.tests.factories.AgencyFactory")
    role = Role.KNOWLEDGE_MANAGER


def staff_of(agency, role=Role.KNOWLEDGE_MANAGER, **kwargs):
    """A user who works for `agency` in `role` and can reach the staff area."""
    user = UserFactory(is_staff=True, **kwargs)
    MembershipFactory(user=user, agency=agency, role=role)
    return user
