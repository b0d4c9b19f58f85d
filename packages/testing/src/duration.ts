const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Seconds from a number of seconds or a duration text (`90`, `90s`, `1m30s`, `2h`, `500ms`, `1d`).
 * Throws an error naming `what` and the accepted forms.
 */
export function parseDuration(value: number | string, what = 'duration'): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
    throw new Error(`${what} must be a non-negative number of seconds, got ${value}`);
  }
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new Error(`${what} must be seconds or a duration like 90s, 5m, 1h30m, 500ms, got "${value}"`);
  }
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * units[unit!]!, 0);
}

/** `3725` → `1h2m5s`: a compact duration text for charts and summaries. */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const negative = seconds < 0;
  let rest = Math.abs(seconds);
  let text = '';
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  if (rest > 0 || text === '') text += `${Number(rest.toFixed(3))}s`;
  return negative ? `-${text}` : text;
}
