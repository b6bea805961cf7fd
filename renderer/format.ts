// Numbers as the screens show them: grouped by thousands (12,345), the same way everywhere.
const COUNT = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

/** A count (entries, tickets, quotas, balls, files, bytes) with thousands separators. */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

const MEGABYTES = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Bytes in MB (2^20 bytes, as the failures' words count them), one decimal, thousands separated: 1,234.5. */
export function formatMegabytes(bytes: number): string {
  return MEGABYTES.format(bytes / 2 ** 20);
}
