"""Factories for catalog tests (one module per app, as in Kitsune)."""

import factory
from django.utils import timezone

from layanan.catalog.models import Agency, Category, Fee, ProcedureStep, Region, Requirement, Service


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{11 + n % 80}")
    name = factory.Sequence(lambda n: f"Provinsi {n}")
    level = Region.Level.PROVINCE


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"kategori-{n}")
    name = factory.Sequence(lambda n: f"Kategori {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    short_name = factory.Sequence(lambda n: f"DC{n}")
    slug = factory.Sequence(lambda n: f"dinas-contoh-{n}")
    level = Agency.Level.NATIONAL


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    name = factory.Sequence(lambda n: f"Layanan Contoh {n}")
    slug = factory.Sequence(lambda n: f"layanan-contoh-{n}")
    summary = "Ringkasan layanan dalam bahasa yang mudah dipahami."
    category = factory.SubFactory(CategoryFactory)
    agency = factory.SubFactory(AgencyFactory)
    verified_at = factory.LazyFunction(timezone.now)


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requirement

    service = factory.SubFactory(ServiceFactory)
    text = factory.Sequence(lambda n: f"Dokumen persyaratan {n}")
    form = Requirement.Form.COPY
    position = factory.Sequence(lambda n: n)


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureStep

    service = factory.SubFactory(ServiceFactory)
    text = factory.Sequence(lambda n: f"Langkah {n}")
    position = factory.Sequence(lambda n: n)


class FeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fee

    service = factory.SubFactory(ServiceFactory)
    label = "Penerbitan"
    amount = 0
