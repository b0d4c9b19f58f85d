import type { Io } from './io.js';

/** An `Io` that records what a command prints (for tests). */
export function recordingIo(
  cwd: string,
  env: Record<string, string | undefined> = {},
): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { out: (line) => stdout.push(line), err: (line) => stderr.push(line), cwd, env, stdout, stderr };
}
