"""Community pages, mounted at /tanya/ (Indonesian paths, English under /en/tanya/)."""

from django.urls import path

from .views import ask, moderation, notifications, queue, questions

app_name = "community"

urlpatterns = [
    path("", questions.question_list, name="list"),
    path("tag/<slug:tag_slug>/", questions.question_list, name="tag"),
    path("baru/", ask.ask, name="ask"),
    path("saran/", ask.suggestions_json, name="suggestions"),
    path("terjawab/", ask.deflect, name="deflect"),
    path("<int:pk>/", questions.question_short, name="question-short"),
    path("<int:pk>-<slug:slug>/", questions.question_detail, name="question"),
    path("<int:pk>-<slug:slug>/riwayat/", questions.history, name="history"),
    path("<int:pk>/jawab/", questions.answer, name="answer"),
    path("<int:pk>/ikuti/", questions.follow, name="follow"),
    path("jawaban/<int:pk>/terima/", questions.accept, name="accept"),
    path("<str:kind>/<int:pk>/suara/", questions.vote, name="vote"),
    path("<str:kind>/<int:pk>/komentar/", questions.comment, name="comment"),
    path("<str:kind>/<int:pk>/ubah/", questions.edit, name="edit"),
    path("<str:kind>/<int:pk>/laporkan/", questions.flag, name="flag"),
    path("antrean/", queue.queue_index, name="queue-index"),
    path("antrean/<slug:agency_slug>/", queue.queue, name="queue"),
    path("moderasi/", moderation.moderation_queue, name="moderation"),
    path("moderasi/<str:kind>/<int:pk>/", moderation.moderate, name="moderate"),
    path("komentar/<int:pk>/moderasi/", moderation.moderate_comment, name="moderate-comment"),
    path("notifikasi/", notifications.notification_list, name="notifications"),
    path("notifikasi/dibaca/", notifications.notifications_read, name="notifications-read"),
]
