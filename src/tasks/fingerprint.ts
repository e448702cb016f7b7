/**
 * A short, cheap fingerprint of a string, so the poll task can tell "same body as last time" while keeping only a
 * few bytes in metadata (which is persisted) instead of the body itself.
 *
 * Not cryptographic and not meant to be: `crypto.subtle` exists only in secure contexts (not on plain-http pages
 * other than localhost) and is async. Two independent 32-bit lanes plus the length make an accidental collision
 * between two successive bodies of a polled resource vanishingly unlikely; nobody gains from forging one.
 */
export function fingerprintOf(text: string): string {
  // Lane one is FNV-1a; lane two mixes each code unit with a different multiplier and a shift, so the lanes do not
  // collide together.
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995);
    b ^= b >>> 15;
  }
  const hex = (lane: number) => (lane >>> 0).toString(16).padStart(8, '0');
  return `${text.length.toString(36)}-${hex(a)}${hex(b)}`;
}
