/**
 * The one scrubber everything that leaves a function passes through: log
 * lines, queue messages, emails and handler results (docs/design.md#6-security-model). It
 * removes the secret access key of every key created in this container, in
 * the encodings an error message or a serialiser may have put it in, and
 * anything else shaped like a secret access key.
 */
export const SCRUBBED = '[SCRUBBED]';

/**
 * 40 characters of the base64 alphabet, standing alone, with upper and lower
 * case letters both present: the shape of an AWS secret access key. Requiring
 * both cases keeps 40-digit hex (git commits, SHA-1 digests) out; requiring
 * exactly 40 keeps longer tokens (receipt handles, session tokens) whole.
 */
const KEY_SHAPE = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/g;
const HAS_UPPER = /[A-Z]/;
const HAS_LOWER = /[a-z]/;

// Far more keys than one container creates (one rotation run creates at most one per user).
const MAX_REMEMBERED = 10_000;

export class SecretScrubber {
  /** Insertion order, so the oldest is forgotten first. */
  private readonly remembered = new Set<string>();
  /** One alternation of every form of every remembered secret, rebuilt lazily after a change. */
  private pattern: RegExp | undefined;

  /** Remembers a secret value (a new key's SecretAccessKey) so every later output is cleaned of it. */
  remember(secret: string): void {
    if (secret.length < 8 || this.remembered.has(secret)) return;
    this.remembered.add(secret);
    if (this.remembered.size > MAX_REMEMBERED) this.remembered.delete(this.remembered.values().next().value as string);
    this.pattern = undefined;
  }

  /** The text without any remembered secret or key-shaped string. */
  text(value: string): string {
    let out = value;
    const pattern = this.knownSecrets();
    if (pattern) out = out.replace(pattern, SCRUBBED);
    return out.replace(KEY_SHAPE, (match) => (HAS_UPPER.test(match) && HAS_LOWER.test(match) ? SCRUBBED : match));
  }

  private knownSecrets(): RegExp | undefined {
    if (this.pattern === undefined && this.remembered.size > 0) {
      const forms = [...this.remembered].flatMap(encodings).sort((a, b) => b.length - a.length);
      this.pattern = new RegExp([...new Set(forms)].map(escapeRegExp).join('|'), 'g');
    }
    return this.pattern;
  }

  /** A deep copy with every string scrubbed (keys of objects too); Dates become ISO strings, Errors plain objects. */
  value<T>(input: T): T {
    return this.walk(input, 0) as T;
  }

  private walk(input: unknown, depth: number): unknown {
    if (typeof input === 'string') return this.text(input);
    if (input === null || typeof input !== 'object' || depth > 32) return input;
    if (input instanceof Date) return input.toISOString();
    if (input instanceof Error) return { name: input.name, message: this.text(input.message) };
    if (Array.isArray(input)) return input.map((item) => this.walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(input)) out[this.text(key)] = this.walk(inner, depth + 1);
    return out;
  }
}

/** The secret as it may appear: raw, URL-encoded, JSON-escaped slashes, in a query string with + for spaces. */
function encodings(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), secret.replace(/\//g, '\\/'), JSON.stringify(secret).slice(1, -1)])];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The container's scrubber: what one invocation remembers protects the outputs of every later one. */
export const scrubber = new SecretScrubber();
