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


def published_article(author, reviewer, agency, **content):
    """An article written by `author` and published through the workflow by `reviewer`."""
    from layanan.knowledge.services import workflow

    content.setdefault("title", "Bagaimana cara mengurus KTP yang hilang?")
    content.setdefault("body_markdown", "Lapor ke kepolisian, lalu datang ke Disdukcapil.")
    article = workflow.create_draft_article(author, agency, **content)
    workflow.submit_for_review(author, article.open_revision)
    workflow.approve_and_publish(reviewer, article.revisions.get())
    article.refresh_from_db()
    return article
