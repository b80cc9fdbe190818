import { generateKeyPairSync } from 'node:crypto';
import { SCRUBBED, SecretScrubber } from '../../../functions/core/scrub/scrub';
import { appJwt } from '../../../functions/core/delivery/github/app-token';

describe('the scrubber and delivery tokens', () => {
  const scrubber = new SecretScrubber();

  it.each([
    ['a GitHub personal token', `ghp_${'a1B2'.repeat(9)}`],
    ['a GitHub App installation token', `ghs_${'Zz09'.repeat(9)}`],
    ['a fine-grained GitHub token', `github_pat_11ABCDEFG0${'x'.repeat(60)}`],
    ['a GitLab token', 'glpat-AbCdEfGhIjKlMnOpQrSt'],
  ])('removes %s, read or not', (_name, token) => {
    const text = scrubber.text(`request failed: Authorization: Bearer ${token} refused`);
    expect(text).toBe(`request failed: Authorization: Bearer ${SCRUBBED} refused`);
  });

  it('removes a GitHub App private key and the JWT made from it', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const jwt = appJwt('12345', pem, new Date('2026-01-01T00:00:00Z'));
    const text = scrubber.text(`key ${pem} jwt ${jwt} end`);
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain(jwt.split('.')[2]);
    expect(text).toContain('end');
  });

  it('removes a remembered token of no known shape, in its encodings', () => {
    const local = new SecretScrubber();
    local.remember('my-own-token/with+odd=chars');
    expect(local.text(`x=${encodeURIComponent('my-own-token/with+odd=chars')}`)).toBe(`x=${SCRUBBED}`);
  });

  it('keeps ordinary text that looks a little like a token', () => {
    expect(scrubber.text('ghp_short and glpat- and eyJ')).toBe('ghp_short and glpat- and eyJ');
  });
});
