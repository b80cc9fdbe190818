/** A short, log-safe description of anything thrown: SDK errors carry their code in `name`. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
