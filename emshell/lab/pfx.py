"""A PKCS#12 (.pfx) writer whose salts and IVs come from the caller.

cryptography's PKCS#12 serializer draws its salts from OpenSSL, so the same export would give
different bytes on every run; a deterministic lab must print the same Base64 each time. This
writes the layout OpenSSL 3 exports by default (RFC 7292; RFC 8018 PBES2): the key in a
shrouded key bag (PBKDF2-HMAC-SHA256 + AES-256-CBC), the certificates in plain certificate
bags, friendlyName and localKeyId on the end-entity bags, and an HMAC-SHA256 MAC keyed by the
PKCS#12 key derivation function.
"""
from __future__ import annotations

import hashlib
import hmac
from typing import Callable, Sequence

from cryptography import x509
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

ITERATIONS = 2048  # OpenSSL's PKCS12_DEFAULT_ITER

_OID = {
    "data": "1.2.840.113549.1.7.1",
    "pkcs8ShroudedKeyBag": "1.2.840.113549.1.12.10.1.2",
    "certBag": "1.2.840.113549.1.12.10.1.3",
    "x509Certificate": "1.2.840.113549.1.9.22.1",
    "friendlyName": "1.2.840.113549.1.9.20",
    "localKeyId": "1.2.840.113549.1.9.21",
    "pbes2": "1.2.840.113549.1.5.13",
    "pbkdf2": "1.2.840.113549.1.5.12",
    "hmacWithSHA256": "1.2.840.113549.2.9",
    "aes256-CBC": "2.16.840.1.101.3.4.1.42",
    "sha256": "2.16.840.1.101.3.4.2.1",
}


# -- DER ----------------------------------------------------------------------------------------
def _tlv(tag: int, value: bytes) -> bytes:
    length = len(value)
    if length < 0x80:
        return bytes([tag, length]) + value
    octets = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(octets)]) + octets + value


def _seq(*items: bytes) -> bytes:
    return _tlv(0x30, b"".join(items))


def _set(*items: bytes) -> bytes:
    return _tlv(0x31, b"".join(sorted(items)))  # DER sorts SET OF by encoding


def _int(value: int) -> bytes:
    return _tlv(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def _octets(value: bytes) -> bytes:
    return _tlv(0x04, value)


def _explicit(value: bytes) -> bytes:
    return _tlv(0xA0, value)


def _oid(name: str) -> bytes:
    first, second, *rest = (int(part) for part in _OID[name].split("."))
    body = bytearray([first * 40 + second])
    for arc in rest:
        chunk = [arc & 0x7F]
        while arc > 0x7F:
            arc >>= 7
            chunk.append(0x80 | (arc & 0x7F))
        body += bytes(reversed(chunk))
    return _tlv(0x06, bytes(body))


def _algorithm(name: str, parameters: bytes = b"\x05\x00") -> bytes:
    return _seq(_oid(name), parameters)


# -- the file -----------------------------------------------------------------------------------
def write_pfx(
    key: PrivateKeyTypes,
    cert: x509.Certificate,
    chain: Sequence[x509.Certificate],
    password: str,
    friendly_name: str,
    random_bytes: Callable[[int], bytes],
) -> bytes:
    """The PKCS#12 file; `random_bytes(n)` supplies the salts and the IV."""
    secret = password.encode("utf-8")
    local_key_id = cert.fingerprint(hashes.SHA1())
    attributes = [_seq(_oid("localKeyId"), _set(_octets(local_key_id)))]
    if friendly_name:
        attributes.append(_seq(_oid("friendlyName"), _set(_tlv(0x1E, friendly_name.encode("utf-16-be")))))
    key_bag = _seq(_oid("pkcs8ShroudedKeyBag"), _explicit(_shrouded_key(key, secret, random_bytes)), _set(*attributes))
    cert_bags = [_cert_bag(cert, attributes)] + [_cert_bag(c, []) for c in chain]
    authenticated_safe = _seq(_data_content(_seq(key_bag)), _data_content(_seq(*cert_bags)))
    return _seq(_int(3), _data_content(authenticated_safe), _mac(authenticated_safe, password, random_bytes))


def _data_content(payload: bytes) -> bytes:
    return _seq(_oid("data"), _explicit(_octets(payload)))


def _cert_bag(cert: x509.Certificate, attributes: list[bytes]) -> bytes:
    value = _seq(_oid("x509Certificate"), _explicit(_octets(cert.public_bytes(serialization.Encoding.DER))))
    return _seq(_oid("certBag"), _explicit(value), *([_set(*attributes)] if attributes else []))


def _shrouded_key(key: PrivateKeyTypes, secret: bytes, random_bytes: Callable[[int], bytes]) -> bytes:
    """EncryptedPrivateKeyInfo with PBES2: PBKDF2-HMAC-SHA256 and AES-256-CBC."""
    salt, iv = random_bytes(8), random_bytes(16)
    derived = PBKDF2HMAC(hashes.SHA256(), 32, salt, ITERATIONS).derive(secret)
    info = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    padder = padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(derived), modes.CBC(iv)).encryptor()
    encrypted = encryptor.update(padder.update(info) + padder.finalize()) + encryptor.finalize()
    kdf = _algorithm("pbkdf2", _seq(_octets(salt), _int(ITERATIONS), _algorithm("hmacWithSHA256")))
    scheme = _seq(kdf, _algorithm("aes256-CBC", _octets(iv)))
    return _seq(_algorithm("pbes2", scheme), _octets(encrypted))


def _mac(content: bytes, password: str, random_bytes: Callable[[int], bytes]) -> bytes:
    salt = random_bytes(8)
    mac_key = pkcs12_kdf(password, salt, 3, ITERATIONS, 32)
    digest = hmac.new(mac_key, content, hashlib.sha256).digest()
    return _seq(_seq(_algorithm("sha256"), _octets(digest)), _octets(salt), _int(ITERATIONS))


def pkcs12_kdf(password: str, salt: bytes, purpose: int, iterations: int, length: int) -> bytes:
    """RFC 7292 appendix B.2 with SHA-256 (u = 32, v = 64); the password as a BMPString with its
    terminating zero. `length` is at most one hash output, all a MAC key needs."""
    if length > 32:
        raise ValueError("pkcs12_kdf derives at most 32 bytes")
    bmp = (password + "\0").encode("utf-16-be") if password else b""
    digest = bytes([purpose]) * _BLOCK + _fill(salt) + _fill(bmp)
    for _ in range(iterations):
        digest = hashlib.sha256(digest).digest()
    return digest[:length]


_BLOCK = 64  # SHA-256's input block, the v of RFC 7292


def _fill(data: bytes) -> bytes:
    """`data` repeated up to the next multiple of the block size (empty stays empty)."""
    if not data:
        return b""
    size = _BLOCK * -(-len(data) // _BLOCK)
    return (data * (size // len(data) + 1))[:size]
