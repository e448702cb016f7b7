/**
 * Plain-text tables and number formats for the printed report. Pure.
 */

/**
 * Lays `rows` out under `headers` in columns two spaces apart, with a rule under the header. Columns whose
 * cells (header aside) all look numeric are right-aligned so figures line up.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const numeric = headers.map((_, column) => rows.length > 0 && rows.every((row) => /^[-+]?[\d.,]+|^n\/a$|^–$/.test(row[column] ?? '')));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (numeric[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** Milliseconds with two decimals (`1.23`), `–` for no figure. */
export function formatMs(ms: number): string {
  return Number.isFinite(ms) ? ms.toFixed(2) : '–';
}

/** A share as a percentage with one decimal (`99.8 %`), `–` for no figure. */
export function formatShare(share: number): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(1)} %` : '–';
}

/**
 * `value / reference` as `3.4×` (two significant digits below 10). `n/a` when the reference is zero, negative or
 * missing, where a ratio would mean nothing.
 */
export function formatRatio(value: number, reference: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(reference) || reference <= 0) return 'n/a';
  const ratio = value / reference;
  return `${ratio < 10 ? ratio.toPrecision(2) : Math.round(ratio).toString()}×`;
}

/** Bytes as `4,321 B`. */
export function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} B`;
}
