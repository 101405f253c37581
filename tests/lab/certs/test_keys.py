"""Deterministic RSA keys: reproducible, well-formed, cached."""
from __future__ import annotations

import hashlib
import math
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from emshell.lab import keys
from emshell.lab.lab import Lab


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty key cache and memo, so generation really happens."""
    directory = tmp_path / "cache"
    monkeypatch.setattr(keys, "cache_dir", lambda: directory)
    monkeypatch.setattr(keys, "_memo", {})
    return directory


def _lab(path: Path, seed: str = "emshell", deterministic: bool = True) -> Lab:
    return Lab.initialise(path, deterministic=deterministic, seed=seed)


def _modulus(key) -> int:
    return key.private_numbers().public_numbers.n


def test_same_seed_gives_the_same_keys_in_two_labs(tmp_path: Path, cache: Path) -> None:
    first, second = _lab(tmp_path / "a"), _lab(tmp_path / "b")
    with first.transaction(), second.transaction():
        a = [keys.new_rsa_key(first, 1024), keys.new_rsa_key(first, 2048)]
        keys._memo.clear()
        for path in cache.iterdir():  # the second lab computes its keys itself
            path.unlink()
        b = [keys.new_rsa_key(second, 1024), keys.new_rsa_key(second, 2048)]
    assert [_modulus(k) for k in a] == [_modulus(k) for k in b]
    assert _modulus(a[0]) != _modulus(b[1])


def test_known_key_for_a_known_seed(cache: Path) -> None:
    """Pins the derivation: any change to the prime search changes every lab's thumbprints."""
    key = keys.derived_rsa_key(hashlib.sha256(b"pinned").digest(), 1024)
    digest = hashlib.sha256(str(_modulus(key)).encode()).hexdigest()
    assert digest == "3ebfcb71a4a45234727f1b7671fc1bc2e9a1ff2704ee70cab00ff06c680bd809"


def test_other_seed_other_key(tmp_path: Path, cache: Path) -> None:
    first, second = _lab(tmp_path / "a"), _lab(tmp_path / "b", seed="other")
    with first.transaction(), second.transaction():
        assert _modulus(keys.new_rsa_key(first, 1024)) != _modulus(keys.new_rsa_key(second, 1024))


def test_successive_keys_of_one_lab_differ(tmp_path: Path, cache: Path) -> None:
    lab = _lab(tmp_path / "a")
    with lab.transaction():
        assert _modulus(keys.new_rsa_key(lab, 1024)) != _modulus(keys.new_rsa_key(lab, 1024))


@pytest.mark.parametrize("bits", [1024, 2048])
def test_derived_key_is_well_formed(bits: int, cache: Path) -> None:
    key = keys.derived_rsa_key(b"\x01" * 32, bits)
    numbers = key.private_numbers()
    p, q, n = numbers.p, numbers.q, numbers.public_numbers.n
    assert key.key_size == bits and n.bit_length() == bits
    assert numbers.public_numbers.e == 65537
    assert p > q and p * q == n
    assert p >> (bits // 2 - 2) == 0b11 and q >> (bits // 2 - 2) == 0b11
    assert numbers.d * 65537 % math.lcm(p - 1, q - 1) == 1
    assert numbers.iqmp * q % p == 1


def test_keys_are_cached_on_disk_and_a_corrupt_file_is_regenerated(cache: Path) -> None:
    seed = b"\x02" * 32
    key = keys.derived_rsa_key(seed, 1024)
    (path,) = cache.iterdir()
    assert path.name == f"{hashlib.sha256(seed).hexdigest()}-1024.pem"
    keys._memo.clear()
    assert _modulus(keys.derived_rsa_key(seed, 1024)) == _modulus(key)
    path.write_bytes(b"-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n")
    keys._memo.clear()
    assert _modulus(keys.derived_rsa_key(seed, 1024)) == _modulus(key)
    assert serialization.load_pem_private_key(path.read_bytes(), None).key_size == 1024


def test_a_cached_key_with_damaged_numbers_is_regenerated(cache: Path) -> None:
    seed = b"\x05" * 32
    good = keys.derived_rsa_key(seed, 1024).private_numbers()
    damaged = rsa.RSAPrivateNumbers(good.p, good.q, good.d, good.dmp1 + 2, good.dmq1, good.iqmp, good.public_numbers)
    (path,) = cache.iterdir()
    path.write_bytes(damaged.private_key(unsafe_skip_rsa_key_validation=True).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ))
    keys._memo.clear()
    assert keys.derived_rsa_key(seed, 1024).private_numbers() == good


def test_a_cached_key_of_the_wrong_size_is_regenerated(cache: Path) -> None:
    seed = b"\x03" * 32
    keys.derived_rsa_key(seed, 1024)
    (path,) = cache.iterdir()
    other = keys.derived_rsa_key(b"\x04" * 32, 2048)
    path.write_bytes(other.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ))
    keys._memo.clear()
    assert keys.derived_rsa_key(seed, 1024).key_size == 1024


def test_unsupported_sizes_are_refused(tmp_path: Path) -> None:
    lab = _lab(tmp_path / "a")
    for bits in (512, 1023, 3072, 8192):
        with pytest.raises(ValueError):
            keys.new_rsa_key(lab, bits)


def test_non_deterministic_lab_uses_fresh_keys(tmp_path: Path, cache: Path) -> None:
    lab = _lab(tmp_path / "a", deterministic=False)
    a, b = keys.new_rsa_key(lab, 1024), keys.new_rsa_key(lab, 1024)
    assert a.key_size == 1024 and _modulus(a) != _modulus(b)
    assert not cache.exists()
