import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { type Io, UsageError } from '../io.js';
import { scalerPackageFiles } from '../scaffold/scaler-templates.js';

const TRIGGER_TYPE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * `scalerkit new scaler <directory> [--type t] [--package name]`: writes a scaler package on the scaler kit
 * that builds and passes its own tests as written. Refuses a directory that exists and is not empty.
 */
export function newScalerCommand(
  positionals: readonly string[],
  values: Record<string, string>,
  io: Io,
  version: string,
): number {
  const [what, directory, ...rest] = positionals;
  if (what !== 'scaler') throw new UsageError(`new: what to create: "scaler", got ${JSON.stringify(what ?? '')}`);
  if (directory === undefined) throw new UsageError('new scaler: a directory is required');
  if (rest.length > 0) throw new UsageError(`new scaler: one directory, got ${rest.length + 1}`);
  const target = resolve(io.cwd, directory);
  const type = values.type ?? basename(target);
  if (!TRIGGER_TYPE.test(type)) {
    throw new UsageError(
      `new scaler: --type must be a kebab-case trigger type such as "http-queue" (lower-case letters, digits, single dashes), got ${JSON.stringify(type)}`,
    );
  }
  if (existsSync(target) && readdirSync(target).length > 0) {
    io.err(`scalerkit: new scaler: ${directory} exists and is not empty; choose another directory`);
    return 1;
  }
  const packageName = values.package ?? `scalerkit-scaler-${type}`;
  const files = scalerPackageFiles({ type, packageName, scalerkitVersion: `^${version}` });
  for (const [path, content] of Object.entries(files)) {
    const file = join(target, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  io.out(`Created ${packageName} (trigger type "${type}") in ${relative(io.cwd, target) || '.'}:`);
  for (const path of Object.keys(files)) io.out(`  ${path}`);
  io.out('Next: npm install, then npm test (the conformance suite against a local queue service) and npm run build.');
  return 0;
}
