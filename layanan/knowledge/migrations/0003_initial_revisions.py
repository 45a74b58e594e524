"""Give every article that predates the review workflow its first revision.

The revision holds the article's current content. For a published or
archived article it counts as approved and published (when the article was
first published), so the article has a live revision, the public change
history starts with it, and the first reviewed change is diffed against it.
Drafts and articles in review keep their state on the revision. The change
note is left empty (pages show a translated "published before change notes
were kept"), since a note stored here could not follow the reader's language.
"""

from django.db import migrations

from layanan.knowledge.rendering import render_markdown

NOTE = ""


def forwards(apps, schema_editor):
    Article = apps.get_model("knowledge", "Article")
    ArticleRevision = apps.get_model("knowledge", "ArticleRevision")
    for article in Article.objects.filter(revisions__isnull=True).iterator():
        was_public = article.status in ("published", "archived")
        revision = ArticleRevision.objects.create(
            article=article,
            number=1,
            author=article.owner,
            contributor_ids=[article.owner_id] if article.owner_id else [],
            created_at=article.created_at,
            change_note=NOTE,
            significance="major",
            title=article.title,
            body_markdown=article.body_markdown,
            body_html=render_markdown(article.body_markdown),
            status="approved" if was_public else article.status,
            submitted_at=article.updated_at if article.status == "in_review" else None,
            reviewed_at=(article.published_at or article.updated_at) if was_public else None,
            published_at=(article.published_at or article.updated_at) if was_public else None,
        )
        if was_public:
            Article.objects.filter(pk=article.pk).update(live_revision=revision)


def backwards(apps, schema_editor):
    ArticleRevision = apps.get_model("knowledge", "ArticleRevision")
    ArticleRevision.objects.filter(number=1, change_note=NOTE, reviewer__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_revisions_and_promotion_sources")]

    operations = [migrations.RunPython(forwards, backwards)]
