"""Caches are keyed on what they depend on: the registry cache on code and data, the analyser on its catalog."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from peaceops import catalog
from peaceops.registry import cache

SHIPPED_GAZETTEER = Path(__file__).resolve().parents[1] / "data" / "gazetteer.yaml"
LOAD = "import sys; from peaceops import registry; print(len(registry.load(sys.argv[1])))"


def _load_with(package_root: Path, data: Path, cache_dir: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": str(package_root),
        "PEACEOPS_CACHE": str(cache_dir),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return subprocess.run([sys.executable, "-c", LOAD, str(data)], env=env, capture_output=True, text=True, timeout=120)


def test_a_new_cross_check_in_the_loader_is_never_hidden_by_the_cache(mini_data, tmp_path):
    """The registry validated and cached; then the loader (not models.py) gains a check the data fails."""
    src = tmp_path / "src"
    shutil.copytree(cache.PACKAGE_DIR, src / "peaceops", ignore=shutil.ignore_patterns("__pycache__"))
    first = _load_with(src, mini_data, tmp_path / "cache")
    assert first.returncode == 0 and first.stdout.strip() == "3", first.stderr
    cached = list((tmp_path / "cache").glob("registry-*.pickle"))
    assert len(cached) == 1
    again = _load_with(src, mini_data, tmp_path / "cache")
    assert again.returncode == 0 and list((tmp_path / "cache").glob("registry-*.pickle")) == cached  # a hit

    loader = src / "peaceops" / "registry" / "loader.py"
    loader.write_text(
        loader.read_text(encoding="utf-8")
        + """

_check_before = check


def check(data_dir):
    operations, sources, problems = _check_before(data_dir)
    return operations, sources, [*problems, Problem("operations", "", "a cross-check added after caching")]
""",
        encoding="utf-8",
    )
    after = _load_with(src, mini_data, tmp_path / "cache")
    assert after.returncode != 0
    assert "a cross-check added after caching" in after.stderr


def test_the_key_covers_every_data_file_and_the_code(mini_data, tmp_path, monkeypatch):
    package = tmp_path / "package"
    shutil.copytree(cache.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE_DIR", package)
    keys = [cache._key(mini_data)]
    assert cache._key(mini_data) == keys[0]  # nothing changed: the same key
    (mini_data / "gazetteer.yaml").write_text(
        "places: []\n", encoding="utf-8"
    )  # a file outside operations/ and sources/
    keys.append(cache._key(mini_data))
    (package / "framework" / "extra_rule.py").write_text(
        "RULE = 1\n", encoding="utf-8"
    )  # new code anywhere in the package
    keys.append(cache._key(mini_data))
    (package / "registry" / "names.py").write_text("# changed\n", encoding="utf-8")  # a module the loader imports
    keys.append(cache._key(mini_data))
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")  # compiled files are not sources
    assert cache._key(mini_data) == keys[-1]
    assert len(set(keys)) == len(keys)


def test_the_analyser_lives_on_its_catalog_and_is_built_once_under_threads(mini_data, monkeypatch):
    from peaceops.ingest import pipeline

    shutil.copy(SHIPPED_GAZETTEER, mini_data / "gazetteer.yaml")
    built = []
    real_init = pipeline.Analyser.__init__

    def counting_init(self, cat):
        built.append(threading.get_ident())
        real_init(self, cat)

    monkeypatch.setattr(pipeline.Analyser, "__init__", counting_init)
    cat = catalog.load(mini_data)
    threads_count = 8
    start = threading.Barrier(threads_count)
    got: list = []

    def ask():
        start.wait()
        got.append(cat.analyser())

    threads = [threading.Thread(target=ask) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(got) == threads_count
    assert len(built) == 1, f"the analyser was built {len(built)} times"
    assert all(a is got[0] for a in got) and got[0].catalog is cat
    other = catalog.load(mini_data)
    assert other.analyser() is not got[0] and other.analyser().catalog is other  # never another catalog's
    assert len(built) == 2


def test_ingestion_uses_the_catalogs_analyser(mini_data, tmp_path):
    from peaceops.ingest import ingest_text
    from peaceops.workspace import open_workspace

    shutil.copy(SHIPPED_GAZETTEER, mini_data / "gazetteer.yaml")
    cat = catalog.load(mini_data)
    ws = open_workspace(tmp_path / "ws")
    result = ingest_text(
        "KFOR in Kosovo is a multinational force led by NATO.",
        origin="paste",
        workspace=ws,
        catalog=cat,
        actor="tester",
    )
    assert result.status == "ingested"
    analyser = cat.analyser()
    ingest_text("KFOR patrols continued in Kosovo.", origin="paste-2", workspace=ws, catalog=cat, actor="tester")
    assert cat.analyser() is analyser


def test_a_cached_registry_equals_the_validated_one_and_decodes_only_what_is_read(mini_data, tmp_path, monkeypatch):
    """The cache hands out the same records the loader validated; `ops show ID` decodes one operation."""
    from peaceops import registry

    monkeypatch.setenv("PEACEOPS_CACHE", str(tmp_path / "cache"))
    validated = registry.load(mini_data, use_cache=False)
    registry.load(mini_data)  # validates and stores
    cached = registry.load(mini_data)  # served from the cache
    assert isinstance(cached.operations, cache.Unpickled)
    first = next(iter(validated.operations))
    assert cached.get(first) == validated.get(first)
    assert repr(cached.operations) == f"Unpickled({len(validated.operations)} items, 1 decoded)"
    assert cached.get(first) is cached.get(first)  # decoded once, then kept
    assert dict(cached.operations) == dict(validated.operations)
    assert dict(cached.sources) == dict(validated.sources)
    assert [op.id for op in cached] == [op.id for op in validated]
