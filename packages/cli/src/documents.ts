import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatSyntaxError } from '@scalerkit/core/manifest';
import { parseAllDocuments } from 'yaml';
import { UsageError } from './io.js';

/** One YAML document of a manifest file. */
export interface ManifestEntry {
  /** 1-based position in the file. */
  index: number;
  kind: string | undefined;
  name: string | undefined;
  value: unknown;
  /** A syntax error of this document (line and column, never the source text). */
  syntaxError?: string;
}

/** The resources `validate` knows. */
export const kedaKinds = ['ScaledObject', 'ScaledJob', 'TriggerAuthentication', 'ClusterTriggerAuthentication'];

/** Reads a file; a missing or unreadable file is a usage error that names it. */
export async function readText(file: string, cwd: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`);
  }
}

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Splits YAML (or JSON) text into documents, keeping each document's kind and name. */
export function splitDocuments(text: string): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  let index = 0;
  for (const document of parseAllDocuments(text, { logLevel: 'silent' })) {
    index += 1;
    const error = document.errors[0];
    if (error) {
      entries.push({
        index,
        kind: undefined,
        name: undefined,
        value: undefined,
        syntaxError: formatSyntaxError('YAML', error),
      });
      continue;
    }
    const value: unknown = document.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) continue;
    const kind = field(value, 'kind');
    const name = field(value, 'metadata', 'name');
    entries.push({
      index,
      kind: typeof kind === 'string' ? kind : undefined,
      name: typeof name === 'string' ? name : undefined,
      value,
    });
  }
  return entries;
}

/** `ScaledObject/orders`, or `document 2` when the document has no kind. */
export function entryLabel(entry: ManifestEntry): string {
  if (!entry.kind) return `document ${entry.index}`;
  return `${entry.kind}/${entry.name ?? '(unnamed)'}`;
}
