// Human-readable sizes and counts for bench options and tables: "100M" means 100 MiB for bytes and
// 100 million for counts, the way people say them; formatting mirrors that.

const BYTE_UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
const COUNT_UNITS: Record<string, number> = { '': 1, K: 1e3, M: 1e6, G: 1e9 };

function parseWith(text: string, units: Record<string, number>, what: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]?)(?:i?B)?$/i.exec(text.trim());
  if (!m) throw new Error(`expected a ${what} such as 100M, got '${text}'`);
  return Math.round(Number(m[1]) * units[m[2].toUpperCase()]);
}

/** "100M" → 104857600 bytes (binary units). */
export function parseBytes(text: string): number {
  return parseWith(text, BYTE_UNITS, 'size');
}

/** "10M" → 10000000 (decimal units, for unit counts). */
export function parseCount(text: string): number {
  return parseWith(text, COUNT_UNITS, 'count');
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

export function formatCount(n: number): string {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  return n.toLocaleString('en-US');
}
