/**
 * Go's `strconv.ParseFloat(s, 64)`, which KEDA's webhook applies to `scalingModifiers.target`: decimal and
 * hexadecimal (`0x1p-2`) notation, `Inf`/`Infinity` with an optional sign and `NaN`, case-insensitive. No
 * surrounding spaces, no underscores outside base-prefixed numbers. Returns undefined where Go returns an
 * error, including overflow (`1e400`).
 */
export function parseGoFloat(text: string): number | undefined {
  if (/^[+-]?(?:inf|infinity)$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return Number.NaN;
  const decimal = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.exec(text);
  if (decimal) return finite(Number(text));
  return parseHexFloat(text);
}

function finite(value: number): number | undefined {
  return Number.isFinite(value) ? value : undefined;
}

const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/;

/** Hexadecimal floats: the `p` exponent is mandatory, underscores only between digits or after `0x`. */
function parseHexFloat(text: string): number | undefined {
  const match = HEX_FLOAT.exec(text);
  if (!match) return undefined;
  const [, sign, whole = '', fraction = '', exponent = ''] = match;
  if (!underscoresOk(text) || `${whole}${fraction}`.replaceAll('_', '') === '') return undefined;
  const digits = `${whole}${fraction}`.replaceAll('_', '');
  const mantissa = Number.parseInt(digits, 16);
  const shift = Number(exponent.replaceAll('_', '')) - 4 * fraction.replaceAll('_', '').length;
  const value = mantissa * 2 ** shift;
  return finite(sign === '-' ? -value : value);
}

/** Go's `underscoreOK`: each `_` sits between two digits, or between the base prefix and a digit. */
function underscoresOk(text: string): boolean {
  const body = text.replace(/^[+-]?0[xX]/, 'x');
  for (let index = 0; index < body.length; index++) {
    if (body[index] !== '_') continue;
    const before = body[index - 1] ?? '';
    const after = body[index + 1] ?? '';
    if (!/[0-9a-fA-Fx]/.test(before) || !/[0-9a-fA-F]/.test(after)) return false;
  }
  return true;
}
