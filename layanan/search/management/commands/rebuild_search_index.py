"""python manage.py rebuild_search_index — rebuild the whole search index.

Shows a progress bar per document type, then a summary. Run it after
installing, after changing the stemmer or the stopword list, and whenever the
index may have missed changes (e.g. rows edited directly in the database)."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from layanan.search.services.indexing import rebuild_index

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Rebuild the search index from every registered document type."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Do not draw progress bars.")

    def handle(self, *args, no_progress=False, **options):
        stream = self.stderr
        interactive = not no_progress and hasattr(stream._out, "isatty") and stream._out.isatty()
        state = {"type": None, "last": -1}

        def progress(doc_type, done, total):
            if no_progress:
                return
            percent = 100 if total == 0 else int(done * 100 / total)
            if doc_type == state["type"] and percent == state["last"] and done != total:
                return
            filled = BAR_WIDTH * percent // 100
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            line = f"{doc_type:<10} [{bar}] {percent:3d}% {done}/{total}"
            if interactive:
                stream.write("\r" + line, ending="\n" if done >= total else "")
            elif done >= total or percent // 10 != state["last"] // 10 or doc_type != state["type"]:
                stream.write(line)
            stream.flush()
            state.update(type=doc_type, last=percent)

        result = rebuild_index(progress=progress)
        for doc_type, count in result["counts"].items():
            skipped = result["skipped"].get(doc_type, 0)
            line = _("%(type)s: %(count)d indexed") % {"type": doc_type, "count": count}
            if skipped:
                line += _(", %(skipped)d skipped (not indexable)") % {"skipped": skipped}
            self.stdout.write(line)
        if result["semantic"]:
            self.stdout.write(_("Semantic vectors: %(count)d documents embedded.") % {"count": result["embedded"]})
        else:
            self.stdout.write(_("Semantic re-ranking is off or not installed: no vectors made."))
        self.stdout.write(self.style.SUCCESS(
            _("Search index rebuilt: %(total)d documents, %(words)d words, %(stems)d terms "
              "in %(seconds).1f s (backend %(backend)s, stemmer %(stemmer)s).") % {
                "total": sum(result["counts"].values()),
                "words": result["words"],
                "stems": result["stems"],
                "seconds": result["seconds"],
                "backend": result["backend"],
                "stemmer": result["stemmer"],
            }
        ))
        sys.stdout.flush()
