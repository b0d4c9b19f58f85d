import { z } from 'zod';
import { KEDA_API_VERSION, type ManifestDocument, readManifest } from './input.js';
import { describeType, field, IssueCollector, isMapping, optional, stringMap } from './issues.js';
import { kedaV1Issues } from './keda-v1.js';
import type { ManifestMetadata } from './types.js';

/** The name given to a manifest passed as a bare spec. */
export const DEFAULT_MANIFEST_NAME = 'unnamed';

const RFC1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Quotes short identifier-like strings (kinds, names, types); anything else is described by its type only. */
export function quoteIfSafe(value: unknown): string {
  if (typeof value === 'string' && /^[A-Za-z0-9._/-]{1,80}$/.test(value)) return `"${value}"`;
  return describeType(value);
}

const metadataSchema = z.object({
  name: z.string(),
  namespace: optional(z.string()),
  labels: optional(stringMap('')),
  annotations: optional(stringMap('; quote annotation values in YAML (e.g. "true")')),
});

/** The head of a manifest: apiVersion, kind and metadata. */
export interface ManifestHead<Kind extends string> {
  apiVersion: string;
  kind: Kind;
  metadata: ManifestMetadata;
}

function creationTimestamp(issues: IssueCollector, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const time = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    issues.add(['metadata', 'creationTimestamp'], `must be an RFC 3339 timestamp; got ${describeType(value)}`);
    return undefined;
  }
  return value instanceof Date ? value.toISOString() : (value as string);
}

/**
 * Checks apiVersion, kind and metadata. A bare spec gets `keda.sh/v1alpha1`, the first of `kinds` and the name
 * `unnamed`; a manifest without `kind` and `apiVersion` gets them inferred the same way.
 */
export function parseHead<Kind extends string>(
  issues: IssueCollector,
  document: ManifestDocument,
  kinds: readonly Kind[],
): ManifestHead<Kind> {
  const defaultKind = kinds[0] as Kind;
  const metadata: ManifestMetadata = { name: DEFAULT_MANIFEST_NAME, labels: {}, annotations: {} };
  const manifest = document.manifest;
  if (!manifest) return { apiVersion: KEDA_API_VERSION, kind: defaultKind, metadata };

  let kind = defaultKind;
  const hasKind = manifest.kind !== undefined && manifest.kind !== null;
  const hasApiVersion = manifest.apiVersion !== undefined && manifest.apiVersion !== null;
  if (hasKind) {
    if (kinds.includes(manifest.kind as Kind)) kind = manifest.kind as Kind;
    else issues.add(['kind'], `must be ${kinds.map((k) => `"${k}"`).join(' or ')}; got ${quoteIfSafe(manifest.kind)}`);
  }
  if (!hasApiVersion) {
    if (hasKind) issues.add(['apiVersion'], `is required; accepted: "${KEDA_API_VERSION}"`);
  } else if (manifest.apiVersion !== KEDA_API_VERSION) {
    issues.add(['apiVersion'], `must be "${KEDA_API_VERSION}"; got ${quoteIfSafe(manifest.apiVersion)}`);
  }

  // A wrong kind makes every spec issue noise: report the head alone.
  if (issues.hasIssuesAt(['kind'])) issues.throwIfAny(defaultKind);
  if (manifest.metadata === undefined || manifest.metadata === null) {
    // `{ spec }` alone is read like a bare spec; a full manifest (kind or apiVersion given) needs a name.
    if (hasKind || hasApiVersion) {
      issues.add(['metadata', 'name'], 'is required; the manifest needs metadata.name (a lowercase RFC 1123 name)');
    }
    return { apiVersion: KEDA_API_VERSION, kind, metadata };
  }
  if (!isMapping(manifest.metadata)) {
    issues.add(['metadata'], `must be a mapping with a name; got ${describeType(manifest.metadata)}`);
    return { apiVersion: KEDA_API_VERSION, kind, metadata };
  }
  const checked = issues.check(['metadata'], metadataSchema, manifest.metadata);
  const timestamp = creationTimestamp(issues, field(manifest.metadata, 'creationTimestamp'));
  if (checked.ok) {
    const { name, namespace, labels, annotations } = checked.value;
    metadata.name = name;
    if (namespace !== undefined) metadata.namespace = namespace;
    metadata.labels = { ...labels };
    metadata.annotations = { ...annotations };
    if (name.length > 253 || !RFC1123_SUBDOMAIN.test(name)) {
      issues.add(
        ['metadata', 'name'],
        'must be a lowercase RFC 1123 subdomain: at most 253 characters, lowercase letters, digits, "-" and ".", ' +
          'starting and ending with a letter or digit',
      );
    }
  } else if (typeof field(manifest.metadata, 'name') === 'string') {
    metadata.name = field(manifest.metadata, 'name') as string;
  }
  if (timestamp !== undefined) metadata.creationTimestamp = timestamp;
  return { apiVersion: KEDA_API_VERSION, kind, metadata };
}

/** Returns `spec` when it is a mapping; otherwise records the issue and throws every issue found so far. */
export function specMapping(issues: IssueCollector, document: ManifestDocument, kind: string): Record<string, unknown> {
  if (isMapping(document.spec)) return document.spec;
  if (document.spec === undefined || document.spec === null) issues.add(['spec'], 'is required; expected a mapping');
  else issues.add(['spec'], `must be a mapping; got ${describeType(document.spec)}`);
  issues.throwIfAny(kind);
  return {};
}

/**
 * The opening every manifest parser shares: reads `input` as one of `kinds`, checks its head and its `spec`
 * mapping. `specField(key, schema)` checks `spec.<key>` and records its issues under that path.
 */
export function openManifest<Kind extends string>(input: unknown, kinds: readonly Kind[]) {
  const document = readManifest(input, kinds);
  const issues = new IssueCollector();
  // KEDA v1 syntax still refused as KEDA v2 refuses it, but told what v2 wants instead.
  issues.advice = kedaV1Issues(document.manifest ?? { spec: document.spec });
  const head = parseHead(issues, document, kinds);
  const raw = specMapping(issues, document, head.kind);
  const specField = <S extends z.ZodType>(key: string, schema: S) => issues.check(['spec', key], schema, raw[key]);
  return { issues, head, raw, specField };
}
