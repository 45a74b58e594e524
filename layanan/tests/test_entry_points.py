"""The WSGI and ASGI entry points keep the start-up objects out of the
garbage collector's full passes (gc.freeze), which otherwise paused a search
for 48-65 ms every few hundred searches."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["layanan.wsgi", "layanan.asgi"])
def test_entry_point_freezes_the_objects_loaded_at_start_up(module):
    code = f"import gc, {module}; print(gc.get_freeze_count(), len(gc.get_objects()))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    frozen, still_tracked = map(int, out.split())
    assert frozen > 10_000  # Django and the apps
    assert still_tracked < frozen / 10
