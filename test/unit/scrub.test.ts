import fc from 'fast-check';
import { SCRUBBED, SecretScrubber } from '../../functions/core/scrub/scrub';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('SecretScrubber', () => {
  it('removes a remembered secret in every encoding an error message may carry', () => {
    const scrubber = new SecretScrubber();
    // Not key-shaped (39 characters): only remembering it can catch it.
    const odd = 'short+secret/with=padding-and-39-chars!';
    scrubber.remember(odd);
    for (const form of [odd, encodeURIComponent(odd), JSON.stringify({ s: odd })]) {
      expect(scrubber.text(`failed: ${form} echoed`)).not.toContain('short+secret');
    }
  });

  it('removes anything shaped like a secret access key, remembered or not', () => {
    const scrubber = new SecretScrubber();
    expect(scrubber.text(`SecretAccessKey=${SECRET}&x=1`)).toBe(`SecretAccessKey=${SCRUBBED}&x=1`);
    expect(scrubber.text(JSON.stringify({ SecretAccessKey: SECRET }))).toBe(`{"SecretAccessKey":"${SCRUBBED}"}`);
  });

  it('keeps what is not a secret: key ids, 40-digit hex, longer tokens, ordinary text', () => {
    const scrubber = new SecretScrubber();
    const kept = [
      'AKIAIOSFODNN7EXAMPLE',
      'e83c5163316f89bfbde7d9ab23ca2e25604af290',
      `AQoDYXdzEJr${'a'.repeat(60)}B`,
      'Account_111122223333_User_alice_AccessKey',
      'the old key is deactivated on 2026-01-16',
    ];
    for (const text of kept) expect(scrubber.text(text)).toBe(text);
  });

  it('scrubs strings deep inside values, keys included, and leaves the input alone', () => {
    const scrubber = new SecretScrubber();
    const input = { users: [{ error: `echo ${SECRET}` }], [SECRET]: 1, when: new Date(0) };
    const out = scrubber.value(input);
    expect(JSON.stringify(out)).not.toContain(SECRET);
    expect(out.users[0]?.error).toBe(`echo ${SCRUBBED}`);
    expect(input.users[0]?.error).toContain(SECRET);
  });

  it('never lets a generated secret access key through, whatever surrounds it', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+';
    const key = fc
      .array(fc.constantFrom(...alphabet), { minLength: 40, maxLength: 40 })
      .map((chars) => chars.join(''))
      .filter((k) => /[A-Z]/.test(k) && /[a-z]/.test(k));
    fc.assert(
      fc.property(key, fc.string(), fc.string(), (secret, before, after) => {
        const scrubber = new SecretScrubber();
        scrubber.remember(secret);
        expect(scrubber.text(`${before}${secret}${after}`)).not.toContain(secret);
      }),
      { numRuns: 500 },
    );
  });
});
