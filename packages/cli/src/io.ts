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
