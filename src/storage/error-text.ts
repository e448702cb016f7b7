/**
 * Turns whatever was thrown or rejected (an `Error`, a `DOMException` such as `QuotaExceededError`, a string) into
 * one line for a `persistence-error` reason. The DOMException name is kept because it is the part that tells
 * people what went wrong (`QuotaExceededError`, `VersionError`); a plain `Error` adds nothing beyond its message.
 */
export function errorText(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : '';
    if (typeof name === 'string' && name !== '' && name !== 'Error') return text ? `${name}: ${text}` : name;
    if (text) return text;
  }
  return String(error);
}
