import { blake2b } from '@noble/hashes/blake2';
import nacl from 'tweetnacl';

/**
 * libsodium's `crypto_box_seal`, which GitHub requires for Actions secrets:
 * an ephemeral Curve25519 key pair, the nonce BLAKE2b-192(ephemeral public key
 * || recipient public key), then `crypto_box` (XSalsa20-Poly1305); the output
 * is the ephemeral public key followed by the box. The primitives come from
 * two small audited libraries (tweetnacl, @noble/hashes) rather than all of
 * libsodium, which would triple the Lambda bundle; the tests open the result
 * with libsodium's own `crypto_box_seal_open`.
 */
export function sealedBox(message: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array {
  if (recipientPublicKey.length !== nacl.box.publicKeyLength) {
    throw new RangeError(`a Curve25519 public key has ${nacl.box.publicKeyLength} bytes, got ${recipientPublicKey.length}`);
  }
  const ephemeral = nacl.box.keyPair();
  const nonce = blake2b(concat(ephemeral.publicKey, recipientPublicKey), { dkLen: nacl.box.nonceLength });
  const box = nacl.box(message, nonce, recipientPublicKey, ephemeral.secretKey);
  // The ephemeral secret key is not needed again; overwrite it rather than leave it to the collector.
  ephemeral.secretKey.fill(0);
  return concat(ephemeral.publicKey, box);
}

/** GitHub's form: the secret as UTF-8, sealed under the scope's base64 public key, as base64. */
export function sealForGitHub(value: string, publicKeyBase64: string): string {
  const sealed = sealedBox(new TextEncoder().encode(value), Buffer.from(publicKeyBase64, 'base64'));
  return Buffer.from(sealed).toString('base64');
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
