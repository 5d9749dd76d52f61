"""The compiled bank: a question folder's bundle, validated and linted once, kept as
plain data in the user's cache folder and read back without validating again.

Loading and linting a bank is most of what a headless command does besides
importing. A folder whose files, place and program are unchanged since its last
clean load gives the same bundle, so that bundle is stored under a key hashing all
three, and read back with ``model_construct`` (no pydantic validation, no schema
built for the bank's own models). Anything else is loaded the full way.

The cache is trusted as the program's own files are: it must be a regular file
owned by this user, mode 0600, in a folder only this user can enter (0700). A file
that is not, or that does not read back whole (its own checksum, its key, known
classes only), is ignored and written again. It holds the bank's wording and rules,
never an answer.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from pydantic import BaseModel

import intake_tui
from intake_tui.core.bundle_model import Bundle
from intake_tui.core.resources import PACKAGE_DIR

CACHE_FORMAT = 1
MAX_CACHE_BYTES = 16 * 1024 * 1024
MAX_FOLDER_BYTES = 16 * 1024 * 1024  # a question folder is ~200 KB; beyond this, no cache
CACHE_ENV = "INTAKE_BANK_CACHE"  # "off": always load the full way
# The code a cached bundle depends on: loaders, models, linter (any change, a new key).
CODE_PARTS = ("core",)


class Uncacheable(Exception):
    """This folder, or this bundle, is not cached (the full load runs; nothing is said)."""


# --- where -----------------------------------------------------------------------------


def cache_folder() -> Path | None:
    """The private folder of compiled banks, or None when caching is off."""
    if os.environ.get(CACHE_ENV, "").lower() in ("off", "0", "no"):
        return None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("intake-tui", appauthor=False)) / "banks"


def _private_folder(folder: Path) -> bool:
    """Only this user can enter ``folder`` (created 0700 if missing)."""
    from intake_tui.core.files import StoreError, ensure_private_dir

    try:
        ensure_private_dir(folder)
        info = os.lstat(folder)
    except (StoreError, OSError):
        return False
    owned = info.st_uid == os.getuid()
    return stat.S_ISDIR(info.st_mode) and owned and not info.st_mode & 0o077


# --- the key: the folder's files, its place and the program -------------------------------


def _folder_files(root: Path) -> Iterator[str]:
    """Every file's path under ``root``, in a stable order (strings: this runs on
    every load, and Path objects cost more than the hashing)."""
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            yield os.path.join(folder, name)


def _code_fingerprint(digest: Any) -> None:
    """The program's version and the size and time of each of its core modules: an
    edited checkout gets a new key as an upgraded install does."""
    digest.update(f"{intake_tui.__version__}\0{sys.version}\0".encode())
    for part in CODE_PARTS:
        for path in _folder_files(PACKAGE_DIR / part):
            if path.endswith(".py"):
                info = os.stat(path)
                digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())


def cache_key(root: Path, language: str) -> tuple[str, str]:
    """(the folder's place in ``language``, the key of its content and the program), as
    hex digests; Uncacheable if a file cannot be read or the folder is too big."""
    place = hashlib.sha256(f"{root.resolve()}\0{language}".encode()).hexdigest()[:16]
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{place}\0".encode())
    _code_fingerprint(digest)
    total, start = 0, len(str(root)) + 1
    try:
        for path in _folder_files(root):
            with open(path, "rb") as handle:
                data = handle.read(MAX_FOLDER_BYTES + 1)
            total += len(data)
            if total > MAX_FOLDER_BYTES:
                raise Uncacheable("question folder too big to cache")
            digest.update(f"{path[start:]}\0{len(data)}\0".encode() + data)
    except OSError as error:
        raise Uncacheable(str(error)) from None
    return place, digest.hexdigest()[:32]


# --- plain data: encoding a bundle, and constructing it back ------------------------------


def _model_modules() -> list[ModuleType]:
    from intake_tui.core import conditions
    from intake_tui.core.bank import models as bank_models
    from intake_tui.core.bank import named
    from intake_tui.core.protocol import models as protocol_models

    return [conditions, bank_models, named, protocol_models, sys.modules[Bundle.__module__]]


def _known_classes() -> dict[str, type]:
    """The only classes a cache file may name: the bundle's own models and values."""
    known: dict[str, type] = {}
    for module in _model_modules():
        for value in vars(module).values():
            ours = isinstance(value, type) and value.__module__ == module.__name__
            if ours and (issubclass(value, BaseModel) or dataclasses.is_dataclass(value)):
                known[f"{module.__name__}:{value.__qualname__}"] = value
    return known


def _encode(value: Any, known: Mapping[type, str]) -> Any:
    """``value`` as JSON data, every type tagged; Uncacheable for anything unexpected."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, BaseModel):
        fields = {name: _encode(getattr(value, name), known) for name in type(value).model_fields}
        return {"$m": _name(value, known), "f": fields, "s": sorted(value.model_fields_set)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _encode(getattr(value, f.name), known) for f in dataclasses.fields(value)}
        return {"$c": _name(value, known), "f": fields}
    if isinstance(value, tuple):
        return {"$t": [_encode(item, known) for item in value]}
    if isinstance(value, list):
        return [_encode(item, known) for item in value]
    if isinstance(value, frozenset):
        return {"$s": [_encode(item, known) for item in value]}
    if isinstance(value, Mapping):
        return {"$d": [[_encode(k, known), _encode(v, known)] for k, v in value.items()]}
    if isinstance(value, Path):
        return {"$p": str(value)}
    if isinstance(value, date) and not isinstance(value, datetime):
        return {"$date": value.isoformat()}
    raise Uncacheable(f"a {type(value).__name__} value")


def _name(value: object, known: Mapping[type, str]) -> str:
    try:
        return known[type(value)]
    except KeyError:
        raise Uncacheable(f"a {type(value).__name__}") from None


def _decoder(known: Mapping[str, type]) -> Callable[[dict[str, Any]], Any]:
    """JSON's object hook: each tagged table back to its value, bottom up. A model is
    restored as pickle restores one (``__setstate__``): no validation, no schema."""
    paths: dict[str, Path] = {}  # every question of a file names the same one

    def model(node: dict[str, Any]) -> BaseModel:
        cls = known[node["$m"]]
        if not issubclass(cls, BaseModel) or set(node["f"]) != cls.model_fields.keys():
            raise ValueError("not a model of the bundle, or not all of its fields")
        value = cls.__new__(cls)
        state = {"__dict__": node["f"], "__pydantic_fields_set__": set(node["s"])}
        value.__setstate__(state | {"__pydantic_extra__": None, "__pydantic_private__": None})
        return value

    def path(node: dict[str, Any]) -> Path:
        text = node["$p"]
        return paths.get(text) or paths.setdefault(text, Path(text))

    tags: dict[str, Callable[[dict[str, Any]], Any]] = {
        "$m": model,
        "$c": lambda node: known[node["$c"]](**node["f"]),
        "$t": lambda node: tuple(node["$t"]),
        "$s": lambda node: frozenset(node["$s"]),
        "$d": lambda node: dict(node["$d"]),
        "$p": path,
        "$date": lambda node: date.fromisoformat(node["$date"]),
    }

    def decode(node: dict[str, Any]) -> Any:
        tag = tags.get(next(iter(node), ""))  # a tag is always a table's first key
        return node if tag is None else tag(node)  # untagged: the fields of a model

    return decode


# --- reading and writing ------------------------------------------------------------------


def _file_name(place: str, key: str) -> str:
    return f"bank-{place}-{key}.json"


def _read_own_file(path: Path) -> bytes | None:
    """The bytes of ``path`` if it is a regular file of this user's, mode 0600, not a
    link; else None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        regular = stat.S_ISREG(info.st_mode) and info.st_size <= MAX_CACHE_BYTES
        if not regular or info.st_uid != os.getuid() or info.st_mode & 0o077:
            return None
        return handle.read(MAX_CACHE_BYTES + 1)


def read_cached(root: Path, language: str) -> Bundle | None:
    """The compiled bundle of ``root`` in ``language`` if a sound one is cached, else None."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        place, key = cache_key(root, language)
    except Uncacheable:
        return None
    data = _read_own_file(folder / _file_name(place, key))
    if data is None or not _private_folder(folder):
        return None
    header, _, payload = data.partition(b"\n")
    try:
        head = json.loads(header)
        sound = head == {"format": CACHE_FORMAT, "key": key, "sha256": _sha256(payload)}
        bundle = json.loads(payload, object_hook=_decoder(_known_classes())) if sound else None
    except (ValueError, TypeError, KeyError, AssertionError, RecursionError):
        return None  # corrupt or foreign: loaded the full way and written again
    if not isinstance(bundle, Bundle) or bundle.root != root or bundle.language != language:
        return None
    return bundle


def write_cached(bundle: Bundle) -> None:
    """Keep ``bundle`` (just loaded and linted clean) for the next load of its folder,
    replacing the folder's older compiled banks. A failure only means no cache."""
    folder = cache_folder()
    if folder is None or not _private_folder(folder):
        return
    from intake_tui.core.files import StoreError, remove_file, write_atomic_bytes

    try:
        place, key = cache_key(bundle.root, bundle.language)
        known = {cls: name for name, cls in _known_classes().items()}
        payload = json.dumps(_encode(bundle, known), separators=(",", ":")).encode()
    except (Uncacheable, RecursionError, ValueError):
        return
    header = {"format": CACHE_FORMAT, "key": key, "sha256": _sha256(payload)}
    name = _file_name(place, key)
    _unlink_unless_regular(folder / name)  # a link or a pipe there: ours to replace
    with contextlib.suppress(StoreError):
        write_atomic_bytes(folder / name, json.dumps(header).encode() + b"\n" + payload)
        for stale in folder.glob(f"bank-{place}-*.json"):
            if stale.name != name:
                remove_file(stale)


def _unlink_unless_regular(path: Path) -> None:
    with contextlib.suppress(OSError):
        if not stat.S_ISREG(os.lstat(path).st_mode):
            os.unlink(path)  # the name only: a link's target is left alone


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
