"""Cases that travel between levels (上下级工会之间的交办和书面报告), as signed, encrypted files.

An upper union hands a case to a lower union (交办) with ``xinfang export assignment``; the lower union
imports the file as a new case (``channel: referral``, carrying the upper union's number, deadline and
requirement) with ``xinfang import``; once concluded it writes the written report back (书面报告) with
``xinfang export report``, which the upper union imports as the ``reported`` date of its assignment (or
supervision) entry plus a ``progress`` entry with the report. Nothing is typed twice, and no server is shared:
the files travel by the offices' own channels.

The file (``xinfang-exchange/1``, JSON):

- ``header`` in the clear — kind, a random exchange id (duplicates are refused by it), the date, the sender's
  name and Ed25519 public key, the receiver's name and X25519 public key, and the SHA-256 of the body
  (checksum, checked after decryption);
- ``sealed`` — the body, encrypted to the receiver: an ephemeral X25519 key agreement, HKDF-SHA256, AES-256-GCM
  with the header as additional data (a header moved to another body does not decrypt). The *whole* body is
  sealed, not only the petitioner's details: the summary and demands are internal too, and a file that
  travels by e-mail or USB stick should say nothing to whoever finds it but who sent it to whom;
- ``signature`` — Ed25519 by the sender over the canonical JSON of format, header and sealed.

On import the sender must be listed in ``reference/exchange.yaml`` with that signing key (an unknown or bad
signature is refused before anything is decrypted), the file must be addressed to this union's key, the
checksum must match, the exchange id must not have been imported before, and the result must validate with
the repository (else nothing is written).

Which petitioner details travel (``PETITIONER_FIELDS``): name, phone and employer — what the lower union needs
to contact the petitioner and the employer concerned; the ID number and address stay with the upper union
(the lower union asks the petitioner if it needs them), and the query code is the upper union's own.

Keys: each union has one secret, ``reference/exchange-key.txt`` (32 random bytes, hex), from which its Ed25519
signing key and its X25519 decryption key are derived; ``xinfang keys`` makes it and prints the entry the
other union pastes into its ``reference/exchange.yaml``. Like the lookup secret, whoever can read the repository
can use it; it is never part of any output.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Mapping

import yaml
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .config import Paths
from .errors import OutputError, UsageProblem, XinfangError
from .loader import load_file

FORMAT = "xinfang-exchange/1"
PETITIONER_FIELDS = ("name", "phone", "employer")
KEY_FILE = "exchange-key.txt"
UNIONS_FILE = "exchange.yaml"
_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


class ExchangeRefused(XinfangError):
    """A file that cannot be imported: unknown sender, bad signature, not for us, tampered, already imported."""


def canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


# ------------------------------------------------------------------ keys (密钥)

@dataclass(frozen=True)
class OwnKeys:
    """This union's keys, derived from its one secret: Ed25519 to sign, X25519 to decrypt."""

    sign: Ed25519PrivateKey
    decrypt: X25519PrivateKey

    @classmethod
    def from_seed(cls, seed: bytes) -> "OwnKeys":
        x = HKDF(hashes.SHA256(), 32, salt=None, info=b"xinfang-exchange/1 x25519").derive(seed)
        return cls(Ed25519PrivateKey.from_private_bytes(seed), X25519PrivateKey.from_private_bytes(x))

    @property
    def sign_key(self) -> str:
        return self.sign.public_key().public_bytes(*_RAW).hex()

    @property
    def encrypt_key(self) -> str:
        return self.decrypt.public_key().public_bytes(*_RAW).hex()


def key_file(paths: Paths) -> Path:
    return paths.reference / KEY_FILE


def ensure_own_keys(paths: Paths) -> tuple[OwnKeys, bool]:
    """This union's keys, made once (``x``: never replace a secret written meanwhile); True when made now."""
    file = key_file(paths)
    made = False
    if not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True)
        with file.open("x", encoding="utf-8") as out:
            out.write(secrets.token_hex(32) + "\n")
        file.chmod(0o600)
        made = True
    return own_keys(paths), made


def own_keys(paths: Paths) -> OwnKeys:
    file = key_file(paths)
    if not file.exists():
        raise UsageProblem(f"缺少 {paths.rel(file)}（本会的交换密钥）：请先运行 xinfang keys 生成，并把显示的公钥发给对方工会")
    text = file.read_text(encoding="utf-8").strip()
    try:
        seed = bytes.fromhex(text)
    except ValueError:
        seed = b""
    if len(seed) != 32:
        raise UsageProblem(f"{paths.rel(file)} 不是 64 位十六进制的密钥：请从 git 历史恢复")
    return OwnKeys.from_seed(seed)


def card(paths: Paths, keys: OwnKeys) -> str:
    """The entry of this union for the other union's ``reference/exchange.yaml`` (public keys only)."""
    union, _ = load_file(paths.union_file, paths.rel(paths.union_file), keep_node=False)
    name = union.data.get("name", "") if union is not None and isinstance(union.data, dict) else ""
    entry = {"id": "U-…", "name": name, "sign_key": keys.sign_key, "encrypt_key": keys.encrypt_key}
    return yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=4096)


@dataclass(frozen=True)
class Partner:
    """Another union listed in ``reference/exchange.yaml``."""

    id: str
    name: str
    sign_key: str
    encrypt_key: str


def partners(paths: Paths) -> dict[str, Partner]:
    """The unions this one exchanges with; the file is checked against ``exchange.schema.json``."""
    from .schema import extra_schema

    file = paths.reference / UNIONS_FILE
    if not file.exists():
        return {}
    doc, problems = load_file(file, paths.rel(file), keep_node=False)
    if doc is None:
        raise UsageProblem(problems[0].format())
    found = extra_schema("exchange").errors(doc.data)
    if found:
        raise UsageProblem(f"{paths.rel(file)}：{found[0].message}")
    return {u["id"]: Partner(u["id"], u["name"], u["sign_key"], u["encrypt_key"]) for u in doc.data["unions"]}


# ------------------------------------------------------------------ sealing and opening a file

def seal(kind: str, body: Mapping[str, Any], sender_name: str, keys: OwnKeys, to: Partner, today: date) -> dict[str, Any]:
    """The exchange file for ``to``: header, body encrypted to its key, signature by ours."""
    plain = canonical(body)
    header = {"kind": kind, "id": secrets.token_hex(16), "created": today.isoformat(),
              "from": {"name": sender_name, "sign_key": keys.sign_key},
              "to": {"name": to.name, "encrypt_key": to.encrypt_key},
              "sha256": hashlib.sha256(plain).hexdigest()}
    ephemeral = X25519PrivateKey.generate()
    receiver = X25519PublicKey.from_public_bytes(bytes.fromhex(to.encrypt_key))
    eph_public = ephemeral.public_key().public_bytes(*_RAW)
    nonce = secrets.token_bytes(12)
    secret = _content_key(ephemeral.exchange(receiver), eph_public, bytes.fromhex(to.encrypt_key))
    sealed = {"ephemeral": eph_public.hex(), "nonce": nonce.hex(),
              "ciphertext": base64.b64encode(AESGCM(secret).encrypt(nonce, plain, canonical(header))).decode("ascii")}
    signed = {"format": FORMAT, "header": header, "sealed": sealed}
    return {**signed, "signature": keys.sign.sign(canonical(signed)).hex()}


def _content_key(shared: bytes, eph_public: bytes, receiver: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=None, info=b"xinfang-exchange/1 aes-gcm" + eph_public + receiver).derive(shared)


@dataclass(frozen=True)
class Opened:
    """A verified, decrypted file: who sent it, its header and body."""

    sender: Partner
    header: Mapping[str, Any]
    body: Mapping[str, Any]


def open_file(file: Path, paths: Paths) -> Opened:
    """Read, verify and decrypt an exchange file; ``ExchangeRefused`` (one Chinese line) for anything wrong."""
    shown = file.name
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        header, sealed, signature = data["header"], data["sealed"], bytes.fromhex(data["signature"])
        if data.get("format") != FORMAT:
            raise ExchangeRefused(f"{shown} 不是 xinfang 交换文件（格式 {str(data.get('format'))[:40]}）")
        sign_key = header["from"]["sign_key"]
    except ExchangeRefused:
        raise
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ExchangeRefused(f"{shown} 不是完整的 xinfang 交换文件，未导入：{type(exc).__name__}") from None
    known = [p for p in partners(paths).values() if p.sign_key == sign_key]
    if not known:
        raise ExchangeRefused(f"{shown} 的发送方（{str(header['from'].get('name'))[:40]}）不在 reference/{UNIONS_FILE} 中，"
                              "或其签名公钥与登记的不同：未导入。请核实后把对方的公钥登记进该文件")
    sender = known[0]
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(sign_key)).verify(
            signature, canonical({"format": FORMAT, "header": header, "sealed": sealed}))
    except (InvalidSignature, ValueError):
        raise ExchangeRefused(f"{shown} 的签名与{sender.name}的公钥不符：文件在途中被改动，或不是对方发出的，未导入") from None
    keys = own_keys(paths)
    if header["to"]["encrypt_key"] != keys.encrypt_key:
        raise ExchangeRefused(f"{shown} 是发给{header['to']['name']}的，不是发给本会的（加密公钥不同），未导入")
    try:
        eph = bytes.fromhex(sealed["ephemeral"])
        secret = _content_key(keys.decrypt.exchange(X25519PublicKey.from_public_bytes(eph)), eph,
                              bytes.fromhex(keys.encrypt_key))
        plain = AESGCM(secret).decrypt(bytes.fromhex(sealed["nonce"]), base64.b64decode(sealed["ciphertext"]),
                                       canonical(header))
    except (InvalidTag, ValueError, KeyError):
        raise ExchangeRefused(f"{shown} 无法解密：内容已损坏，未导入") from None
    if hashlib.sha256(plain).hexdigest() != header["sha256"]:
        raise ExchangeRefused(f"{shown} 的校验和不符：内容已损坏，未导入")
    return Opened(sender, header, json.loads(plain))


def write_exchange_file(target: Path, content: Mapping[str, Any]) -> Path:
    """Write a new exchange file (never over an existing one)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as out:
            out.write(json.dumps(content, ensure_ascii=False, indent=2) + "\n")
    except FileExistsError:
        raise OutputError(f"{target} 已存在，未覆盖") from None
    return target


def check_unpublished(site: Path, paths: Paths) -> None:
    """Refuse a built site any file of which contains this union's exchange secret (or the decryption key derived
    from it), in hex or base64; the message never shows it. The site is built from public views only, so this is
    the second line, like ``lookup.check_unpublished`` for the lookup secret."""
    from .lookup import holds_any, secret_forms

    if not key_file(paths).exists():
        return
    keys = own_keys(paths)
    seed = keys.sign.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                   serialization.NoEncryption())
    x = keys.decrypt.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                   serialization.NoEncryption())
    forms = secret_forms(seed) + secret_forms(x)
    for file in sorted(site.rglob("*")):
        if file.is_file() and holds_any(file.read_bytes(), forms):  # the file read once, not once a form
            raise OutputError(f"生成的网站文件 {file.relative_to(site).as_posix()} 含有本会交换密钥 reference/{KEY_FILE} "
                              "的内容，拒绝发布；原网站保持不变")
