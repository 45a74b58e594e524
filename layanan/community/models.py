"""Citizens ask, citizens and agencies answer.

Public text is always the *masked* text: before a post is stored, the privacy
shield replaces personal data (NIK, phone numbers…) and the original is kept
in `private_body`, which only the author and authorised staff can see.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class Tag(models.Model):
    slug = models.SlugField(unique=True, max_length=50)
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:tag", args=[self.slug])


class QuestionQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_hidden=False, duplicate_of__isnull=True)

    def unanswered(self):
        return self.filter(answer_count=0)

    def with_official_answer(self):
        return self.filter(has_official_answer=True)

    def solved(self):
        return self.filter(accepted_answer__isnull=False)

    def awaiting_official_answer(self):
        return self.visible().filter(has_official_answer=False)

    def for_agency(self, agency_id):
        """Questions routed to an agency: linked to it directly or through a service it owns."""
        return self.filter(Q(agency_id=agency_id) | Q(services__agency_id=agency_id)).distinct()

    def for_listing(self):
        return self.select_related("author", "agency", "accepted_answer").prefetch_related("tags")


class Post(models.Model):
    """What questions and answers share: author, masked Markdown body, moderation state."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text (Markdown, personal data masked)"))
    body_html = models.TextField(editable=False)
    # The author's text before masking: only the author and authorised staff see it.
    private_body = models.TextField(blank=True, editable=False)
    masked_kinds = models.JSONField(default=list, blank=True, editable=False)
    score = models.IntegerField(default=0, editable=False)
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Question(Post):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=80, allow_unicode=False)
    private_title = models.CharField(max_length=200, blank=True, editable=False)
    agency = models.ForeignKey(
        "catalog.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="questions",
        verbose_name=_("agency"),
    )
    services = models.ManyToManyField("catalog.Service", blank=True, related_name="questions",
                                      verbose_name=_("services"))
    region = models.ForeignKey("catalog.Region", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("region"))
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions", verbose_name=_("tags"))
    accepted_answer = models.OneToOneField(
        "Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    is_locked = models.BooleanField(_("locked"), default=False)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    # Counters kept by the service functions, so lists and queues need no aggregates.
    answer_count = models.PositiveIntegerField(default=0, editable=False)
    has_official_answer = models.BooleanField(default=False, editable=False, db_index=True)
    first_official_answer_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    view_count = models.PositiveIntegerField(default=0, editable=False)
    followers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="followed_questions")

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-last_activity_at", "-id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title)[:80] or "pertanyaan"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("community:question", args=[self.pk, self.slug])

    @property
    def is_solved(self) -> bool:
        return self.accepted_answer_id is not None


class Answer(Post):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # An official answer speaks for an agency; it carries the agency's badge and is pinned first.
    official_agency = models.ForeignKey(
        "catalog.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="official_answers",
        verbose_name=_("answered officially for"),
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return f"{self.question} — {self.author}"

    @property
    def is_official(self) -> bool:
        return self.official_agency_id is not None

    @property
    def agency_id(self):
        return self.official_agency_id

    @property
    def is_locked(self) -> bool:
        return self.question.is_locked

    def get_absolute_url(self):
        return f"{self.question.get_absolute_url()}#jawaban-{self.pk}"


class Comment(models.Model):
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.CharField(_("comment"), max_length=600)
    private_body = models.CharField(max_length=600, blank=True, editable=False)
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False, answer__isnull=True) | Q(question__isnull=True, answer__isnull=False),
                name="comment_on_exactly_one_post",
            )
        ]

    def __str__(self):
        return self.body[:60]


class Vote(models.Model):
    """One vote per user per post: +1 or -1."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.CASCADE, related_name="votes")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=[(1, "+1"), (-1, "-1")])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], condition=Q(question__isnull=False), name="one_vote_per_question"),
            models.UniqueConstraint(fields=["user", "answer"], condition=Q(answer__isnull=False), name="one_vote_per_answer"),
            models.CheckConstraint(
                condition=Q(question__isnull=False, answer__isnull=True) | Q(question__isnull=True, answer__isnull=False),
                name="vote_on_exactly_one_post",
            ),
        ]


class PostRevision(models.Model):
    """Edit history of questions and answers (the masked text, as published)."""

    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    note = models.CharField(_("edit summary"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]


class Flag(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        OFFENSIVE = "offensive", _("Offensive or abusive")
        PERSONAL_DATA = "personal-data", _("Contains personal data")
        OFF_TOPIC = "off-topic", _("Off-topic")
        DUPLICATE = "duplicate", _("Duplicate of another question")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    duplicate_of = models.ForeignKey(Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["reporter", "question"], condition=Q(question__isnull=False, status="open"), name="one_open_flag_per_question"),
            models.UniqueConstraint(fields=["reporter", "answer"], condition=Q(answer__isnull=False, status="open"), name="one_open_flag_per_answer"),
        ]

    @property
    def post(self):
        return self.answer or self.question


class ReputationEvent(models.Model):
    """The ledger behind a user's reputation; the total is cached on the user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reputation_events")
    points = models.IntegerField()
    reason = models.CharField(max_length=40)
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class Notification(models.Model):
    """An in-app notice; email copies are sent for the same events when the user follows."""

    class Kind(models.TextChoices):
        NEW_ANSWER = "new-answer", _("New answer")
        OFFICIAL_ANSWER = "official-answer", _("Official answer")
        ACCEPTED = "accepted", _("Your answer was accepted")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]


class DeflectionEvent(models.Model):
    """A citizen found their answer while asking, so did not post (or phone)."""

    query = models.CharField(max_length=200)
    result_type = models.CharField(max_length=20)
    result_id = models.PositiveBigIntegerField()
    result_url = models.CharField(max_length=300)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
