import { parseAllDocuments } from 'yaml';
import { ScaledObjectValidationError } from '../errors.js';
import { describeType, field, isMapping } from './issues.js';

/** The API group and version of every KEDA custom resource scalerkit reads. */
export const KEDA_API_VERSION = 'keda.sh/v1alpha1';

/** A manifest after reading: either a full object or a bare spec (then the head fields are absent). */
export interface ManifestDocument {
  /** The whole object (`{apiVersion, kind, metadata, spec}`), or undefined for a bare spec. */
  manifest: Record<string, unknown> | undefined;
  spec: unknown;
  /** True when the input was a bare spec (no apiVersion, kind, metadata or spec key). */
  bare: boolean;
}

const HEAD_KEYS = ['apiVersion', 'kind', 'metadata', 'spec'];

function fail(kind: string, path: string, message: string): never {
  throw new ScaledObjectValidationError([{ path, message }], { kind });
}

/**
 * Describes a `yaml` parse error by its position and kind; the offending source line is never quoted (it may
 * hold a secret). `format` names what the text looked like (JSON text is read as YAML when `JSON.parse` fails).
 *
 * @example
 * const [document] = parseAllDocuments(text);
 * if (document?.errors[0]) console.error(formatSyntaxError('YAML', document.errors[0]));
 * // YAML syntax error at line 3, column 1: Map keys must be unique
 */
export function formatSyntaxError(format: 'YAML' | 'JSON', error: { message: string; linePos?: unknown }): string {
  const position = Array.isArray(error.linePos) ? (error.linePos[0] as { line: number; col: number }) : undefined;
  const where = position ? `line ${position.line}, column ${position.col}` : 'an unknown position';
  // yaml's first sentence describes the problem ("Map keys must be unique"); the rest quotes the source.
  const reason = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'syntax error';
  return `${format} syntax error at ${where}: ${reason.slice(0, 160)}`;
}

/** Parses YAML (one or many documents) or JSON text into plain values; syntax errors name line and column. */
function parseText(text: string, kind: string): unknown[] {
  const trimmed = text.trimStart();
  const format = trimmed.startsWith('{') || trimmed.startsWith('[') ? 'JSON' : 'YAML';
  if (format === 'JSON') {
    try {
      return [JSON.parse(text)];
    } catch {
      // JSON.parse messages may quote the input (and so a secret). As kubectl does, read the text as YAML
      // (a superset of JSON): it either accepts it or reports a position.
    }
  }
  const documents = parseAllDocuments(text, { logLevel: 'error', prettyErrors: true });
  const list = Array.isArray(documents) ? documents : [documents];
  const values: unknown[] = [];
  for (const document of list) {
    const first = document.errors[0];
    if (first) fail(kind, '', formatSyntaxError(format, first));
    try {
      values.push(document.toJS({ maxAliasCount: 1000 }));
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : 'cannot be converted';
      fail(kind, '', `${format} document cannot be read: ${message?.slice(0, 160)}`);
    }
  }
  return values.filter((value) => value !== null && value !== undefined);
}

/**
 * Reads `input` into one manifest document of one of `kinds`.
 * Text may hold several YAML documents: the first whose `kind` matches is taken.
 */
export function readManifest(input: unknown, kinds: readonly string[]): ManifestDocument {
  const label = kinds[0] ?? 'manifest';
  let value: unknown = input;
  if (typeof input === 'string') {
    const documents = parseText(input, label);
    if (documents.length === 0) fail(label, '', `no document found; expected a ${label} manifest`);
    const matching = documents.find((document) => kinds.includes(field(document, 'kind') as string));
    if (matching !== undefined) value = matching;
    else if (documents.length === 1) value = documents[0];
    else {
      const found = documents.map((document) => {
        const kind = field(document, 'kind');
        return typeof kind === 'string' ? kind : '(no kind)';
      });
      fail(
        label,
        'kind',
        `no ${kinds.join(' or ')} document found among ${documents.length} documents (kinds: ${found.join(', ')})`,
      );
    }
  }
  if (!isMapping(value)) {
    fail(label, '', `must be a ${label} manifest or its spec as a mapping; got ${describeType(value)}`);
  }
  const bare = !HEAD_KEYS.some((key) => Object.hasOwn(value, key));
  if (bare) return { manifest: undefined, spec: value, bare };
  return { manifest: value, spec: value.spec, bare };
}
