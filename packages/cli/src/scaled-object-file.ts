// The ScaledObject of a manifest file for simulate, explain and run: found, checked as `validate` checks it
// (more thoroughly for explain and run, which need every trigger's scaler and resolve its authentication), and
// every problem reported as validate reports it: `file: ScaledObject/name: path: message`.
import { parseScaledObject, type ScaledObject, type ScalerRegistry } from '@scalerkit/core';
import { type CheckOptions, checkDocument } from './commands/validate.js';
import { entryLabel, type ManifestEntry, readText, splitDocuments } from './documents.js';
import type { Io } from './io.js';
import { ManifestProblems } from './messages.js';

/** A ScaledObject read from a file, with what messages about it start with. */
export interface ScaledObjectFile {
  scaledObject: ScaledObject;
  /** The file's text (its TriggerAuthentications serve explain and run). */
  text: string;
  /** `ScaledObject/orders`. */
  resource: string;
}

const COMMAND_DOES = {
  simulate: 'simulates a ScaledObject (replicas of a workload over time)',
  explain: 'explains the scaling decision of a ScaledObject',
  run: 'runs the autoscaler of a ScaledObject',
} as const;

/** What each command says about a ScaledJob it cannot handle. */
function scaledJobProblem(command: keyof typeof COMMAND_DOES, entry: ManifestEntry): string {
  return `${entryLabel(entry)}: ${command} ${COMMAND_DOES[command]}; a ScaledJob creates Jobs instead of scaling replicas, which ${command} does not model (check it with "scalerkit validate")`;
}

/**
 * Reads `file`, takes its first ScaledObject (or a bare spec), checks it and returns it parsed (`options`, or a
 * function of the file's text that returns them, say how thoroughly). Throws
 * `ManifestProblems` with one line per problem; notes worth a person's attention (warnings, deprecations) are
 * printed on stderr.
 */
export async function readScaledObjectFile(
  file: string,
  command: keyof typeof COMMAND_DOES,
  registry: ScalerRegistry,
  io: Io,
  options: CheckOptions | ((text: string) => CheckOptions) = {},
): Promise<ScaledObjectFile> {
  const text = await readText(file, io.cwd);
  const entries = splitDocuments(text);
  const broken = entries.find((entry) => entry.syntaxError !== undefined);
  if (broken) throw new ManifestProblems([`${file}: ${entryLabel(broken)}: ${broken.syntaxError}`]);
  const entry =
    entries.find((candidate) => candidate.kind === 'ScaledObject') ??
    // A bare spec (no kind), as parseScaledObject accepts it.
    (entries.length === 1 && entries[0]!.kind === undefined ? entries[0] : undefined);
  if (entry === undefined) {
    const job = entries.find((candidate) => candidate.kind === 'ScaledJob');
    if (job) throw new ManifestProblems([`${file}: ${scaledJobProblem(command, job)}`]);
    const found = entries.map(entryLabel);
    throw new ManifestProblems([
      `${file}: no ScaledObject found${found.length > 0 ? ` (found ${found.join(', ')})` : ''}; ${command} ${COMMAND_DOES[command]}`,
    ]);
  }
  const resource = entry.kind === undefined ? 'ScaledObject/(bare spec)' : entryLabel(entry);
  const others = entries.filter((candidate) => candidate.kind === 'ScaledObject' && candidate !== entry);
  if (others.length > 0) {
    io.err(
      `${file}: note: ${command} takes the first ScaledObject, ${resource}; not ${others.map(entryLabel).join(', ')} (one ScaledObject per file, or run it on each file)`,
    );
  }
  const notes: string[] = [];
  const given = typeof options === 'function' ? options(text) : options;
  const authentications = entries
    .filter(
      (candidate) => candidate.kind === 'TriggerAuthentication' || candidate.kind === 'ClusterTriggerAuthentication',
    )
    .map((candidate) => candidate.value);
  const checks: CheckOptions = { authentications, ...given };
  const problems = await checkDocument({ ...entry, kind: 'ScaledObject' }, registry, notes, checks);
  for (const note of notes) {
    // What `validate` notes about checks it could not make is its business; warnings are everyone's.
    if (/: (warning: |scaler \S+ info: )/.test(note))
      io.err(`${file}: ${note.replace(/^ScaledObject\/\(unnamed\)/, resource)}`);
  }
  if (problems.length > 0) {
    throw new ManifestProblems(
      problems.map((problem) => `${file}: ${resource}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`),
    );
  }
  return { scaledObject: parseScaledObject(entry.value), text, resource };
}
