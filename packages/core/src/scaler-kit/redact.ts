// Secrets never reach an error message, a log line or an event: everything a scaler says about a failure
// passes through here first.
import type { Logger } from '../logger.js';

/** Secrets shorter than this are not scrubbed: replacing every "a" would destroy messages, not protect anything. */
const MIN_SECRET_LENGTH = 3;

/** The secrets worth scrubbing: defined, at least 3 characters, longest first (so a secret inside another goes too). */
export function secretList(secrets: readonly (string | undefined | null)[]): string[] {
  const kept = secrets.filter(
    (secret): secret is string => typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH,
  );
  return [...new Set(kept)].sort((a, b) => b.length - a.length);
}

/**
 * `text` with every secret (and its URL-encoded form) replaced by `***`.
 *
 * @example
 * redactSecrets('login failed for s3cr3t', [password]); // 'login failed for ***'
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined | null)[]): string {
  let result = text;
  for (const secret of secretList(secrets)) {
    result = result.split(secret).join('***');
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) result = result.split(encoded).join('***');
  }
  return result;
}

/** Scrubs the secrets from a log entry's fields (string values, recursively through plain objects and arrays). */
function redactFields(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactFields(item, secrets, depth + 1));
  if (value instanceof Error) return redactSecrets(value.message, secrets);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactFields(item, secrets, depth + 1)]));
}

/**
 * A logger that scrubs `secrets` from every message and field before passing them on.
 *
 * @example
 * const logger = redactingLogger(context.logger, [config.password]);
 */
export function redactingLogger(logger: Logger, secrets: readonly (string | undefined | null)[]): Logger {
  const list = secretList(secrets);
  if (list.length === 0) return logger;
  const wrap =
    (level: keyof Logger) =>
    (message: string, fields?: Record<string, unknown>): void => {
      const safe = fields === undefined ? undefined : (redactFields(fields, list) as Record<string, unknown>);
      logger[level](redactSecrets(message, list), safe);
    };
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
