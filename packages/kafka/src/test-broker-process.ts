// Test equipment (not exported, not bundled): the broker process of scripts/services/kafka.sh, frozen, resumed,
// killed and restarted, and the sockets this process holds to it. Used by this package's integration tests and by
// the chaos suite (tests/chaos).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const serviceScript = `${root}scripts/services/kafka.sh`;

/** The state directory of scripts/services/kafka.sh (KAFKA_SERVICE_DIR, default `.services/kafka`). */
export function kafkaServiceDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.KAFKA_SERVICE_DIR ?? '.services/kafka';
  return dir.startsWith('/') ? dir : `${root}${dir}`;
}

/** The pid of the running broker of scripts/services/kafka.sh, recognised by its command line; undefined if none. */
export function kafkaBrokerPid(env: NodeJS.ProcessEnv = process.env): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(`${kafkaServiceDir(env)}/kafka.pid`, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return commandLine.includes('kafka.Kafka') ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The state letter of a process (`S`, `R`, `T` when stopped...), or undefined when it is gone. */
export function processState(pid: number): string | undefined {
  try {
    return /^State:\s+([A-Z])/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/** A frozen broker; `resume()` is idempotent and must run in a `finally` (the broker is shared). */
export interface FrozenBroker {
  readonly pid: number;
  resume(): void;
}

/**
 * Stops the broker with SIGSTOP. A detached watchdog resumes it after `safetyMs` even if this process dies
 * first (a test runner's timeout, a crash), so a test can never leave the shared broker frozen.
 */
export function freezeBroker(pid: number, safetyMs = 30_000): FrozenBroker {
  const watchdog = spawn('sh', ['-c', `sleep ${Math.ceil(safetyMs / 1000)}; kill -CONT ${pid}`], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  process.kill(pid, 'SIGSTOP');
  let resumed = false;
  return {
    pid,
    resume() {
      if (resumed) return;
      resumed = true;
      try {
        process.kill(pid, 'SIGCONT');
      } finally {
        if (watchdog.pid !== undefined) {
          try {
            process.kill(-watchdog.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
    },
  };
}

/** Kills the broker with SIGKILL and waits (bounded) until the process is gone. */
export async function killBroker(pid: number, timeoutMs = 10_000): Promise<void> {
  process.kill(pid, 'SIGCONT');
  process.kill(pid, 'SIGKILL');
  const started = Date.now();
  while (processState(pid) !== undefined && processState(pid) !== 'Z' && Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * `scripts/services/kafka.sh up` (a fresh data directory: topics and offsets are gone), run without blocking the
 * event loop. Rejects with the script's output when it fails.
 */
export function brokerUp(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [serviceScript, 'up'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status === 0) resolve();
      else reject(new Error(`kafka.sh up failed (status ${status}): ${output.trim()}`));
    });
  });
}

/** Sockets of this process by TCP state (`ESTABLISHED`, `FIN_WAIT2`...), and their total. */
export interface SocketCount {
  total: number;
  states: Record<string, number>;
}

const TCP_STATES: Record<string, string> = {
  '01': 'ESTABLISHED',
  '02': 'SYN_SENT',
  '03': 'SYN_RECV',
  '04': 'FIN_WAIT1',
  '05': 'FIN_WAIT2',
  '06': 'TIME_WAIT',
  '07': 'CLOSE',
  '08': 'CLOSE_WAIT',
  '09': 'LAST_ACK',
  '0A': 'LISTEN',
  '0B': 'CLOSING',
};

/**
 * The TCP sockets this process holds (an open file descriptor) to `port` on any address, by state: read from
 * /proc/self/fd and /proc/self/net/tcp{,6}. Linux only.
 */
export function socketsToPort(port: number): SocketCount {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const wanted = port.toString(16).toUpperCase().padStart(4, '0');
  const count: SocketCount = { total: 0, states: {} };
  for (const table of ['/proc/self/net/tcp', '/proc/self/net/tcp6']) {
    let lines: string[];
    try {
      lines = readFileSync(table, 'utf8').split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const remotePort = fields[2]!.split(':')[1];
      if (remotePort !== wanted || !inodes.has(fields[9]!)) continue;
      const state = TCP_STATES[fields[3]!] ?? fields[3]!;
      count.total += 1;
      count.states[state] = (count.states[state] ?? 0) + 1;
    }
  }
  return count;
}

/** Resources that keep the process alive (sockets, timers...), counted by type. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}
