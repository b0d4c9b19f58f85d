import { ScaledObjectValidationError } from '../errors.js';
import { describeType, field, isMapping } from './issues.js';
import { checkJsonLimits } from './json-like.js';
import { MANIFEST_LIMITS } from './limits.js';
import { readYamlDocuments } from './yaml-reader.js';

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

/** Parses YAML (one or many documents) or JSON text into plain values; problems name line and column. */
function parseText(text: string, kind: string): unknown[] {
  const trimmed = text.trimStart();
  const format = trimmed.startsWith('{') || trimmed.startsWith('[') ? 'JSON' : 'YAML';
  if (format === 'JSON' && text.length <= MANIFEST_LIMITS.maxTextLength) {
    try {
      return [checkJsonLimits(JSON.parse(text), kind)];
    } catch (error) {
      if (ScaledObjectValidationError.isInstance(error)) throw error;
      // JSON.parse messages may quote the input (and so a secret). As kubectl does, read the text as YAML
      // (a superset of JSON): it either accepts it or reports a position.
    }
  }
  const documents = readYamlDocuments(text, { format, kind });
  const values: unknown[] = [];
  for (const document of documents) {
    if (document.problem !== undefined) fail(kind, '', document.problem);
    values.push(document.value);
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
  if (typeof input !== 'string') checkJsonLimits(input, label);
  else {
    const documents = parseText(input, label);
    if (documents.length === 0) fail(label, '', `no document found; expected a ${label} manifest`);
    const matching = documents.find((document) => kinds.includes(field(document, 'kind') as string));
    if (matching !== undefined) value = matching;
    else if (documents.length === 1) value = documents[0];
    else {
      // Kinds are quoted only when they look like kind names: the text is the user's.
      const found = documents.map((document) => {
        const kind = field(document, 'kind');
        if (typeof kind !== 'string') return '(no kind)';
        return /^[A-Za-z][A-Za-z0-9]{0,62}$/.test(kind) ? kind : '(not a kind name)';
      });
      const shown = found.slice(0, 10).join(', ') + (found.length > 10 ? `, and ${found.length - 10} more` : '');
      fail(
        label,
        'kind',
        `no ${kinds.join(' or ')} document found among ${documents.length} documents (kinds: ${shown})`,
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
