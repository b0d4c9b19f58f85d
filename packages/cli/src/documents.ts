import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readYamlDocuments } from '@scalerkit/core/manifest';
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

/**
 * Splits YAML (or JSON) text into documents, keeping each document's kind and name. Read by core's YAML reader:
 * its input limits, linear time, and syntax errors that never quote the text.
 */
export function splitDocuments(text: string): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  for (const [position, document] of readYamlDocuments(text).entries()) {
    const index = position + 1;
    if (document.problem !== undefined) {
      entries.push({ index, kind: undefined, name: undefined, value: undefined, syntaxError: document.problem });
      continue;
    }
    const value = document.value;
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
