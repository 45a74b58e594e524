import factory

from layanan.accounts.tests.factories import UserFactory
from layanan.community.models import Answer, Question


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Bagaimana cara mengurus dokumen nomor {n}?")
    body = "Saya ingin tahu langkahnya."
    body_html = "<p>Saya ingin tahu langkahnya.</p>"


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    author = factory.SubFactory(UserFactory)
    body = "Datang ke kantor dengan membawa KK."
    body_html = "<p>Datang ke kantor dengan membawa KK.</p>"
