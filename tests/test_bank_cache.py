"""The compiled bank (issue 18): a folder validated and linted once is read back from
the user's cache, byte for byte the same in every output; a changed folder gets a new
key, and a cache file that is corrupt, foreign or not private is ignored and rebuilt."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
import tomli_w

from intake_tui.cli.main import main
from intake_tui.core import bundle as bundle_module
from intake_tui.core import bundle_cache
from intake_tui.core.bundle import load_bundle
from intake_tui.core.errors import BankError
from tests.support import TODAY, copy_bank, edit, fixture_answers


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = bundle_cache.cache_folder()
    assert folder is not None
    return folder


def compiled_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("bank-*.json"))


def lint_forbidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """A load from here on must come from the cache: the linter would fail the test."""

    def no_lint(*_: object) -> list[object]:
        raise AssertionError("the bank was linted again")

    monkeypatch.setattr(bundle_module, "lint_bundle", no_lint)


def test_a_clean_load_is_compiled_privately_and_read_back_without_linting(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_bank(tmp_path)
    loaded = load_bundle(root)
    [compiled] = compiled_files(cache)
    assert stat.S_IMODE(compiled.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    lint_forbidden(monkeypatch)
    again = load_bundle(root)
    assert again == loaded
    assert [q.model_fields_set for q in again.bank.questions] == [
        q.model_fields_set for q in loaded.bank.questions
    ]  # which keys the bank file set: e.g. a clinic's own required_message


def test_the_report_is_byte_identical_with_and_without_the_cache(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_bank(tmp_path)
    answers = tmp_path / "answers.toml"
    answers.write_text(tomli_w.dumps({"answers": fixture_answers()}), encoding="utf-8")

    def report(name: str) -> bytes:
        out = tmp_path / name
        arguments = ["--questions", str(root), "report", str(answers), "-o", str(out)]
        fixed = ["--session-id", "0123456789abcdef", "--now", f"{TODAY.isoformat()}T09:30:00+00:00"]
        assert main([*arguments, *fixed]) == 0
        return out.read_bytes()

    monkeypatch.setenv(bundle_cache.CACHE_ENV, "off")
    uncached = report("uncached.toml")
    assert compiled_files(cache) == []
    monkeypatch.delenv(bundle_cache.CACHE_ENV)
    first = report("first.toml")  # loads the full way, then compiles
    lint_forbidden(monkeypatch)
    from_cache = report("cached.toml")
    assert uncached == first == from_cache


def test_a_changed_bank_gets_a_new_key_and_replaces_the_old(tmp_path: Path, cache: Path) -> None:
    root = copy_bank(tmp_path)
    load_bundle(root)
    [before] = compiled_files(cache)
    edit(root / "sections" / "01-about-you.toml", "Fixture age?", "Fixture age, edited?")
    assert load_bundle(root).bank.question("age").prompt == "Fixture age, edited?"
    [after] = compiled_files(cache)
    assert after.name != before.name
    assert load_bundle(root).bank.question("age").prompt == "Fixture age, edited?"


def _with_payload(edit_payload: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    """Change the payload and sign it again: only the content check can refuse it."""

    def spoil(path: Path) -> None:
        header, _, payload = path.read_bytes().partition(b"\n")
        payload = edit_payload(payload)
        head = json.loads(header) | {"sha256": bundle_cache._sha256(payload)}
        path.write_bytes(json.dumps(head).encode() + b"\n" + payload)

    return spoil


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:1000])


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _loosen(path: Path) -> None:
    path.chmod(0o644)


def _link_elsewhere(path: Path) -> None:
    decoy = path.with_name("decoy.json")
    path.rename(decoy)
    path.symlink_to(decoy)


def _other_key(path: Path) -> None:
    header, _, payload = path.read_bytes().partition(b"\n")
    head = json.loads(header) | {"key": "0" * 32}
    path.write_bytes(json.dumps(head).encode() + b"\n" + payload)


SPOILERS: dict[str, Callable[[Path], None]] = {
    "truncated": _truncate,
    "a flipped byte": _flip_a_byte,
    "not private": _loosen,
    "a link": _link_elsewhere,
    "another key": _other_key,
    "a foreign class": _with_payload(
        lambda p: p.replace(b'"intake_tui.core.bank.models:Option"', b'"subprocess:Popen"', 1)
    ),
    "another shape": _with_payload(lambda _: b'{"$t": []}'),
    "not json": _with_payload(lambda _: b"\x00\xff not json"),
}


@pytest.mark.parametrize("spoil", SPOILERS.values(), ids=SPOILERS.keys())
def test_a_corrupt_or_foreign_cache_file_is_ignored_and_rebuilt(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, spoil: Callable[[Path], None]
) -> None:
    root = copy_bank(tmp_path)
    loaded = load_bundle(root)
    [compiled] = compiled_files(cache)
    sound = compiled.read_bytes()
    spoil(compiled)
    assert load_bundle(root) == loaded  # loaded the full way
    assert not compiled.is_symlink()
    assert compiled.read_bytes() == sound  # written again
    assert stat.S_IMODE(os.lstat(compiled).st_mode) == 0o600
    lint_forbidden(monkeypatch)
    assert load_bundle(root) == loaded  # and read back


def test_a_bank_the_linter_rejects_is_never_compiled(tmp_path: Path, cache: Path) -> None:
    root = copy_bank(tmp_path)
    edit(
        root / "sections" / "02-health.toml",
        'question = "skin_tone_self", operator = "not_equals"',
        'question = "no_such_question", operator = "not_equals"',
    )
    with pytest.raises(BankError):
        load_bundle(root)
    assert compiled_files(cache) == []


def test_validate_loads_the_full_way_even_with_a_compiled_bank(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_bank(tmp_path)
    load_bundle(root)
    assert compiled_files(cache)

    def refuse(_: Path) -> None:
        raise AssertionError("validate read the compiled bank")

    monkeypatch.setattr(bundle_module, "read_cached", refuse)
    assert main(["validate", str(root)]) == 0
    assert "OK" in capsys.readouterr().out
