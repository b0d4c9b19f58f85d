import { parseDuration } from '@scalerkit/testing';

/** Where a command writes, and the directory relative paths start from. Tests pass their own. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
  /** Environment for `...FromEnv` parameters and secrets. */
  env: Record<string, string | undefined>;
}

/** The process's own console. */
export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  cwd: process.cwd(),
  env: process.env,
};

/** A usage mistake (unknown option, missing argument): exit code 2, the message and a hint at `--help`. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The `--replicas` option: an integer >= 0, or `fallback` when it is not given. */
export function replicasOption(value: string | undefined, fallback: number): number {
  const replicas = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw new UsageError(`--replicas must be an integer >= 0, got "${value}"`);
  }
  return replicas;
}

/**
 * A duration option (`--until 1h`): seconds, or text such as `90s`, `5m`, `1h30m`, `500ms`. Anything else is
 * wrong usage (exit 2), with the accepted forms in the message.
 */
export function durationOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDuration(value, `--${name}`);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
