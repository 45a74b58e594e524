import factory
from django.utils import timezone

from layanan.catalog.tests.factories import AgencyFactory
from layanan.knowledge.models import Article


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    kind = Article.Kind.FAQ
    title = factory.Sequence(lambda n: f"Bagaimana cara mengurus dokumen nomor {n}?")
    slug = factory.Sequence(lambda n: f"cara-mengurus-dokumen-{n}")
    body_markdown = "Datang ke kantor dengan membawa **KTP asli**."
    agency = factory.SubFactory(AgencyFactory)
    status = Article.Status.PUBLISHED
    verified_at = factory.LazyFunction(timezone.now)
