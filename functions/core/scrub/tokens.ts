/**
 * Shapes of the delivery tokens (issue 21), scrubbed even when this container
 * never read them (a token pasted into a tag, an echo in an error): GitHub
 * personal, OAuth, App installation and fine-grained tokens, GitLab personal,
 * project and group tokens, a JWT (a GitHub App's proof), and a PEM private
 * key block (a GitHub App's key).
 */
export const TOKEN_SHAPES: readonly RegExp[] = [
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{30,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
];
