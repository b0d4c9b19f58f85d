/**
 * Text for any value in an error message, never throwing: `String(value)` when that works, else the
 * value's `Object.prototype.toString` tag (`[object Object]` for an object without a prototype), else a
 * fixed phrase. User code can throw or hand over anything (`Object.create(null)`, a `toString` that throws
 * or returns an object, a revoked Proxy); a message about it must not become a second, untyped failure.
 *
 * @example
 * printable(Object.create(null)); // '[object Object]'  (String() would throw a TypeError)
 * printable(10n);                 // '10'
 */
export function printable(value: unknown): string {
  try {
    return String(value);
  } catch {
    // no usable toString / Symbol.toPrimitive
  }
  try {
    return Object.prototype.toString.call(value);
  } catch {
    return 'a value that cannot be printed';
  }
}

/** A value shown in a refusal: strings quoted (so `"5"` reads apart from 5), anything else `printable`. */
export function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : printable(value);
}

/**
 * The message of a thrown value, never throwing: an `Error`'s `message` when it is a string, otherwise
 * `printable(value)`.
 *
 * @example
 * thrownMessage(new Error('broker down')); // 'broker down'
 * thrownMessage(Object.create(null));      // '[object Object]'
 */
export function thrownMessage(value: unknown): string {
  try {
    if (value instanceof Error && typeof value.message === 'string') return value.message;
  } catch {
    // a Proxy whose prototype or `message` cannot be read
  }
  return printable(value);
}
