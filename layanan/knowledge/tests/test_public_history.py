"""What citizens see of the workflow: last verified, the latest change, and the published history only."""

import pytest
from django.urls import reverse

from layanan.knowledge.services import workflow

from .factories import published_article

pytestmark = pytest.mark.django_db


def change(team, article, body, note, *, publish=True, significance="minor"):
    revision = workflow.save_draft(team.author, article, title=article.title, body_markdown=body,
                                   change_note=note, significance=significance)
    workflow.submit_for_review(team.author, revision)
    if publish:
        workflow.approve_and_publish(team.reviewer, revision)
    return revision


def test_the_article_page_shows_last_verified_the_latest_change_and_links_the_history(client, team):
    article = published_article(team.author, team.reviewer, team.agency, change_note="Versi pertama")
    change(team, article, "Bawa KK asli.", "Syarat diperjelas")
    page = client.get(f"/en{article.get_absolute_url()}").text
    assert "Last verified" in page
    assert "Syarat diperjelas" in page
    assert reverse("knowledge:history", args=[article.slug]) in page


def test_the_history_lists_published_revisions_only_with_their_change_notes(client, team):
    article = published_article(team.author, team.reviewer, team.agency, change_note="Versi pertama")
    change(team, article, "Bawa KK asli.", "Syarat diperjelas", significance="major")
    change(team, article, "Bawa KK asli dan akta.", "Masih ditinjau", publish=False)
    response = client.get(f"/en{reverse('knowledge:history', args=[article.slug])}")
    assert response.status_code == 200
    page = response.text
    assert "Versi pertama" in page and "Syarat diperjelas" in page and "major change" in page
    assert "Masih ditinjau" not in page
    # Staff names stay in the staff area: the public history names the agency only.
    assert team.author.display_name not in page and team.reviewer.display_name not in page


def test_a_published_revision_shows_what_it_changed_and_an_unpublished_one_is_not_found(client, team):
    article = published_article(team.author, team.reviewer, team.agency, body_markdown="Bawa KK.")
    change(team, article, "Bawa KK asli.", "Syarat diperjelas")
    pending = change(team, article, "Rahasia draf.", "Belum terbit", publish=False)
    page = client.get(f"/en{reverse('knowledge:revision', args=[article.slug, 2])}").text
    assert "What changed since version 1" in page and "asli" in page and "<ins>" in page
    assert client.get(reverse("knowledge:revision", args=[article.slug, pending.number])).status_code == 404


def test_the_history_of_an_unpublished_article_is_not_public(client, team):
    article = workflow.create_draft_article(team.author, team.agency, title="Draf?", body_markdown="Isi.")
    assert client.get(reverse("knowledge:history", args=[article.slug])).status_code == 404
    client.force_login(team.reviewer)
    assert client.get(reverse("knowledge:history", args=[article.slug])).status_code == 200
