"""RSA keys for the lab's certificates and requests.

A non-deterministic lab asks OpenSSL for a fresh key. A deterministic lab must print the same
thumbprints on every machine, so its keys are derived from the lab's random stream: 32 bytes of
seed material feed a SHA-256 counter stream from which we draw prime candidates (top two bits and
the low bit set, small-prime sieve, Miller-Rabin with bases drawn from the same stream). Only
integer arithmetic and hashlib are involved, so the result does not depend on the platform or the
Python version.

Pure-Python prime search costs seconds for the larger sizes, so derived keys are kept as PEM files
in the user cache directory (keyed by a hash of the seed material and the size) and memoised in
the process. A cache file that cannot be read, or holds the wrong size, is regenerated.
"""
from __future__ import annotations

import hashlib
import math
import os
import tempfile
from pathlib import Path
from typing import Iterator

import platformdirs
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from emshell.lab.lab import Lab

SUPPORTED_SIZES = (1024, 2048, 4096)
PUBLIC_EXPONENT = 65537

# Trial division by the primes below 2000 rejects about 85% of odd candidates for one gcd.
_SIEVE_LIMIT = 2000
# Miller-Rabin rounds per prime size (bits of p), enough for an error below 2**-100 on random
# candidates (FIPS 186-4, table C.2); a composite almost always fails the first round.
_MR_ROUNDS = {512: 7, 1024: 4, 2048: 3}

_memo: dict[tuple[str, int], rsa.RSAPrivateKey] = {}


def new_rsa_key(lab: Lab, bits: int) -> rsa.RSAPrivateKey:
    """A new RSA key of `bits` bits; derived from the lab's seed in a deterministic lab."""
    if bits not in SUPPORTED_SIZES:
        raise ValueError(f"unsupported RSA key size {bits}; expected one of {SUPPORTED_SIZES}")
    if not lab.deterministic:
        return rsa.generate_private_key(public_exponent=PUBLIC_EXPONENT, key_size=bits)
    return derived_rsa_key(lab.random.seed_material(f"rsa-{bits}"), bits)


def derived_rsa_key(seed: bytes, bits: int) -> rsa.RSAPrivateKey:
    """The key derived from `seed` (memoised, then cached on disk, then computed)."""
    digest = hashlib.sha256(seed).hexdigest()
    memo_key = (digest, bits)
    key = _memo.get(memo_key)
    if key is None:
        path = cache_dir() / f"{digest}-{bits}.pem"
        key = _read_cached(path, bits)
        if key is None:
            key = _generate(seed, bits)
            _write_cached(path, key)
        _memo[memo_key] = key
    return key


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("emshell")) / "keys"


# -- the cache ----------------------------------------------------------------------------
def _read_cached(path: Path, bits: int) -> rsa.RSAPrivateKey | None:
    # OpenSSL's RSA key check costs 30 ms (2048) to 200 ms (4096); the arithmetic below
    # catches the same damage in microseconds.
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), None, unsafe_skip_rsa_key_validation=True)
    except (OSError, ValueError, TypeError):
        return None
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size != bits or not _consistent(key.private_numbers()):
        return None
    return key


def _consistent(numbers: rsa.RSAPrivateNumbers) -> bool:
    p, q, d = numbers.p, numbers.q, numbers.d
    return (
        p * q == numbers.public_numbers.n
        and numbers.public_numbers.e * d % math.lcm(p - 1, q - 1) == 1
        and numbers.dmp1 == d % (p - 1)
        and numbers.dmq1 == d % (q - 1)
        and numbers.iqmp * q % p == 1
    )


def _write_cached(path: Path, key: rsa.RSAPrivateKey) -> None:
    """Write atomically so a concurrent reader never sees half a file; a read-only cache is fine."""
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
        os.replace(tmp, path)
    except OSError:
        pass


# -- deterministic generation --------------------------------------------------------------
def _generate(seed: bytes, bits: int) -> rsa.RSAPrivateKey:
    stream = _Stream(seed)
    p = _find_prime(stream, bits // 2)
    q = _find_prime(stream, bits // 2)
    while q == p:
        q = _find_prime(stream, bits // 2)
    if p < q:  # the usual convention, so iqmp = q^-1 mod p with p the larger prime
        p, q = q, p
    d = pow(PUBLIC_EXPONENT, -1, math.lcm(p - 1, q - 1))
    numbers = rsa.RSAPrivateNumbers(
        p=p,
        q=q,
        d=d,
        dmp1=d % (p - 1),
        dmq1=d % (q - 1),
        iqmp=pow(q, -1, p),
        public_numbers=rsa.RSAPublicNumbers(PUBLIC_EXPONENT, p * q),
    )
    return numbers.private_key()


class _Stream:
    """SHA-256(seed || counter) blocks, read as big-endian integers."""

    def __init__(self, seed: bytes) -> None:
        self._seed = seed
        self._counter = 0

    def _blocks(self, count: int) -> Iterator[bytes]:
        for _ in range(count):
            yield hashlib.sha256(self._seed + self._counter.to_bytes(8, "big")).digest()
            self._counter += 1

    def integer(self, bits: int) -> int:
        raw = b"".join(self._blocks((bits + 255) // 256))
        return int.from_bytes(raw, "big") >> (len(raw) * 8 - bits)


def _small_primes(limit: int) -> list[int]:
    sieve = bytearray([1]) * limit
    sieve[0:2] = b"\x00\x00"
    for i in range(2, math.isqrt(limit) + 1):
        if sieve[i]:
            sieve[i * i :: i] = bytearray(len(sieve[i * i :: i]))
    return [i for i in range(limit) if sieve[i]]


_SMALL_PRIMES = _small_primes(_SIEVE_LIMIT)
_PRIMORIAL = math.prod(_SMALL_PRIMES)


def _find_prime(stream: _Stream, bits: int) -> int:
    """A prime of exactly `bits` bits with the top two bits set and gcd(p-1, e) = 1."""
    top = 0b11 << (bits - 2)
    rounds = _MR_ROUNDS[bits]
    while True:
        candidate = stream.integer(bits) | top | 1
        if math.gcd(candidate, _PRIMORIAL) != 1:
            continue
        if (candidate - 1) % PUBLIC_EXPONENT == 0:
            continue
        if _probably_prime(candidate, stream, rounds):
            return candidate


def _probably_prime(n: int, stream: _Stream, rounds: int) -> bool:
    """Miller-Rabin with bases in [2, n-2] drawn from the stream."""
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(rounds):
        a = 2 + stream.integer(n.bit_length() + 64) % (n - 3)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True
