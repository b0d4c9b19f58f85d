import { type ChildProcess, spawn } from 'node:child_process';
import type { ScaleTarget } from '@scalerkit/core';

/** Options of `ProcessPoolTarget`. */
export interface ProcessPoolOptions {
  /** Time a worker gets between SIGTERM and SIGKILL. Default 10 000 ms. */
  graceMs?: number;
  /** Environment of the workers (each also gets `SCALERKIT_REPLICA`, its number from 0). */
  env?: Record<string, string | undefined>;
  /** Receives one line per worker started, stopped or failed. */
  log?: (line: string) => void;
  /** Working directory of the workers. */
  cwd?: string;
}

interface Worker {
  replica: number;
  child: ChildProcess;
  running: boolean;
  exited: Promise<void>;
}

/**
 * A scale target made of local processes: `setReplicas(n)` keeps `n` copies of a command running. Scale-in
 * stops the newest workers with SIGTERM, then SIGKILL after the grace period. A worker that exits on its own
 * is started again at the next poll, as a ReplicaSet replaces a failed pod.
 */
export class ProcessPoolTarget implements ScaleTarget {
  readonly #command: string;
  readonly #args: string[];
  readonly #options: ProcessPoolOptions;
  #workers: Worker[] = [];
  readonly #stopping = new Set<Promise<void>>();
  #spec = 0;
  #nextReplica = 0;

  constructor(command: readonly string[], options: ProcessPoolOptions = {}) {
    if (command.length === 0) throw new Error('ProcessPoolTarget: a command is required');
    this.#command = command[0]!;
    this.#args = command.slice(1);
    this.#options = options;
  }

  /** Workers currently running. */
  get running(): number {
    return this.#workers.filter((worker) => worker.running).length;
  }

  async getReplicas(): Promise<{ replicas: number; readyReplicas: number }> {
    this.#workers = this.#workers.filter((worker) => worker.running);
    while (this.#workers.length < this.#spec) this.#start();
    return { replicas: this.#spec, readyReplicas: this.running };
  }

  async setReplicas(replicas: number): Promise<void> {
    this.#spec = replicas;
    this.#workers = this.#workers.filter((worker) => worker.running);
    while (this.#workers.length < replicas) this.#start();
    while (this.#workers.length > replicas) this.#stop(this.#workers.pop()!);
  }

  /** Stops every worker (SIGTERM, then SIGKILL after the grace period) and waits until all have exited. */
  async close(): Promise<void> {
    this.#spec = 0;
    for (const worker of this.#workers.splice(0)) this.#stop(worker);
    await Promise.all(this.#stopping);
  }

  #start(): void {
    const replica = this.#nextReplica++;
    const child = spawn(this.#command, this.#args, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...(this.#options.env ?? process.env), SCALERKIT_REPLICA: String(replica) },
      cwd: this.#options.cwd,
    });
    const worker: Worker = { replica, child, running: true, exited: Promise.resolve() };
    worker.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        worker.running = false;
        this.#options.log?.(`worker ${replica} failed to start: ${error.message}`);
        resolve();
      });
      child.once('exit', (code, signal) => {
        worker.running = false;
        this.#options.log?.(`worker ${replica} exited (${signal ?? `code ${code}`})`);
        resolve();
      });
    });
    this.#workers.push(worker);
    this.#options.log?.(`worker ${replica} started (pid ${child.pid ?? '?'})`);
  }

  #stop(worker: Worker): void {
    if (!worker.running) return;
    worker.child.kill('SIGTERM');
    const kill = setTimeout(() => {
      if (worker.running) worker.child.kill('SIGKILL');
    }, this.#options.graceMs ?? 10_000);
    const done = worker.exited.then(() => clearTimeout(kill));
    this.#stopping.add(done);
    void done.then(() => this.#stopping.delete(done));
  }
}
