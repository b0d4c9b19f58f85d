import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ScalerRegistry } from '@scalerkit/core';
import { migrateKedaV1 } from '@scalerkit/core/manifest';
import { readText } from '../documents.js';
import type { Io } from '../io.js';
import { validateText } from './validate.js';

/** `migrate` options (already parsed). */
export interface MigrateOptions {
  /** `--write`: rewrite the file in place instead of printing the result. */
  write?: boolean;
}

/**
 * `scalerkit migrate <file> [--write]`: rewrites the KEDA v1 manifests of a file to v2 (core's `migrateKedaV1`),
 * then checks the result as `validate` does.
 *
 * Output: the rewritten YAML on stdout (nothing else there, so that `> new.yaml` works), one line per change and per
 * thing left untranslated on stderr. With `--write` the file is rewritten and the changes go to stdout.
 * Exit code: 0 when the result validates, 1 when it still has problems (each printed, as `validate` prints them).
 */
export async function migrateCommand(
  file: string,
  options: MigrateOptions,
  registry: ScalerRegistry,
  io: Io,
): Promise<number> {
  const text = await readText(file, io.cwd);
  const { text: migrated, changes, untranslated } = migrateKedaV1(text);
  const report = options.write ? io.out : io.err;
  const where = (document: number) => (text.match(/^---/gm) ? `${file}: document ${document}` : file);
  for (const change of changes) report(`${where(change.document)}: ${change.path}: ${change.message}`);
  for (const item of untranslated) {
    report(`${where(item.document)}: ${item.path}: not translated: ${item.message}`);
  }
  if (changes.length === 0) report(`${file}: no KEDA v1 syntax found; nothing to change`);
  if (options.write) {
    if (changes.length > 0) await writeFile(resolve(io.cwd, file), migrated);
  } else {
    io.out(migrated.replace(/\n$/, ''));
  }

  // The result must be what KEDA v2 accepts: checked as `validate` checks a file.
  const { problems, notes } = await validateText(migrated, registry);
  for (const note of notes) io.err(`${file}: note: ${note}`);
  for (const problem of problems) {
    io.err(
      `${file}: after migration: ${problem.resource}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`,
    );
  }
  if (problems.length === 0) report(`${file}: the ${options.write ? 'rewritten file' : 'result'} validates`);
  return problems.length > 0 ? 1 : 0;
}
