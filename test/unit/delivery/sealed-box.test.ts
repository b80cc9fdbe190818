import sodium from 'libsodium-wrappers';
import fc from 'fast-check';
import { sealedBox, sealForGitHub } from '../../../functions/core/delivery/github/sealed-box';

// The reference: libsodium itself opens what our sealed box made.
beforeAll(async () => {
  await sodium.ready;
});

describe('sealed box (crypto_box_seal)', () => {
  it('is opened by libsodium crypto_box_seal_open, for any message', () => {
    const pair = sodium.crypto_box_keypair();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (message) => {
        const opened = sodium.crypto_box_seal_open(sealedBox(message, pair.publicKey), pair.publicKey, pair.privateKey);
        expect(Buffer.from(opened).equals(Buffer.from(message))).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it('has libsodium length: 32 bytes of ephemeral key + 16 of tag more than the message', () => {
    const pair = sodium.crypto_box_keypair();
    expect(sealedBox(new Uint8Array(40), pair.publicKey)).toHaveLength(40 + sodium.crypto_box_SEALBYTES);
  });

  it('cannot be opened with another key pair', () => {
    const pair = sodium.crypto_box_keypair();
    const other = sodium.crypto_box_keypair();
    const sealed = sealedBox(new TextEncoder().encode('secret'), pair.publicKey);
    expect(() => sodium.crypto_box_seal_open(sealed, other.publicKey, other.privateKey)).toThrow();
  });

  it('seals a GitHub value under a base64 public key, a new box every time', () => {
    const pair = sodium.crypto_box_keypair();
    const key = Buffer.from(pair.publicKey).toString('base64');
    const first = sealForGitHub('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', key);
    expect(first).not.toBe(sealForGitHub('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', key));
    const opened = sodium.crypto_box_seal_open(Buffer.from(first, 'base64'), pair.publicKey, pair.privateKey);
    expect(Buffer.from(opened).toString('utf8')).toBe('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
  });

  it('refuses a public key of the wrong length', () => {
    expect(() => sealedBox(new Uint8Array(1), new Uint8Array(31))).toThrow(RangeError);
  });
});
