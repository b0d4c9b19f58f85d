// A client of tools/keda-oracle (KEDA v2.21.0's own scalers behind JSON lines), for the differential
// tests and the benchmark. Test equipment: not exported by any package.
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** One trigger as the operator hands it to a scaler constructor (`scalersconfig.ScalerConfig`). */
export interface OracleTrigger {
  triggerType: string;
  metadata: Record<string, string>;
  authParams?: Record<string, string>;
  resolvedEnv?: Record<string, string>;
  triggerIndex?: number;
  triggerName?: string;
  /** `AverageValue` (KEDA's default when empty), `Value`, or anything else (KEDA rejects it). */
  metricType?: string;
  globalHttpTimeoutMs?: number;
  asMetricSource?: boolean;
  /** `ScalerConfig.ScalableObjectName` (default `oracle`): the ScaledObjectRef name an external scaler receives. */
  scalableObjectName?: string;
  /** Default `default`. */
  scalableObjectNamespace?: string;
}

/** A Kubernetes quantity three ways: as printed, in thousandths (exact), and as an approximate number. */
export interface OracleQuantity {
  text: string;
  milli: number;
  value: number;
}

export interface OracleMetricSpec {
  name: string;
  targetType: string;
  value?: OracleQuantity;
  averageValue?: OracleQuantity;
  /** `averageValue` for an AverageValue target, `value` for a Value target. */
  targetValue?: OracleQuantity;
}

export interface OraclePoll {
  values: { name: string; value: OracleQuantity }[];
  active: boolean;
  error: string | null;
  elapsedMs: number;
  /** The oracle process's CPU time (user + system) spent during the poll. */
  cpuMs: number;
}

export interface OracleAnswer {
  /** The constructor's error (KEDA's text), or null when the scaler was built. */
  parseError?: string | null;
  metricSpecs?: OracleMetricSpec[];
  polls?: OraclePoll[];
  createMs?: number;
  createCpuMs?: number;
  specMs?: number;
  closeMs?: number;
  stats?: OracleStats;
  /** `activity` / `stop` of an external-push scaler's Run: the values read from its channel since the last call. */
  activity?: OracleActivity[];
  /** `activity` / `stop`: Run has ended (closed its channel). */
  closed?: boolean;
  /** `activity` / `stop`: the metric specs StreamMetricSpec delivered (KEDA's MetricSpecChan) since the last answer. */
  metricSpecUpdates?: OracleMetricSpec[][];
  stopMs?: number;
  /** A problem of the request itself (unknown handle, bad JSON), not of the scaler. */
  error?: string;
}

/** One value KEDA's push-scaler channel delivered: when, since `run`, and as wall-clock ms. */
export interface OracleActivity {
  active: boolean;
  atMs: number;
  unixMs: number;
}

export interface OracleStats {
  rssBytes: number;
  maxRssBytes: number;
  cpuMs: number;
  goroutines: number;
  heapInUseBytes: number;
  openScalers: number;
  kedaVersion: string;
  goVersion: string;
}

/**
 * Where the oracle binary is: `KEDA_ORACLE_BIN`, else what `scripts/keda-oracle.sh path` prints for the
 * current sources; undefined when it is not built.
 */
export function kedaOracleBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.KEDA_ORACLE_BIN) return existsSync(env.KEDA_ORACLE_BIN) ? env.KEDA_ORACLE_BIN : undefined;
  try {
    const printed = execFileSync('bash', [`${repositoryRoot}scripts/keda-oracle.sh`, 'path'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 30_000,
    }).trim();
    return printed && existsSync(printed) ? printed : undefined;
  } catch {
    return undefined;
  }
}

/** KEDA's kafka constructor fails with these prefixes when the trigger itself is invalid (before connecting). */
const PARSE_ERROR_PREFIXES = ['error parsing ', 'error getting scaler metric type'];

/** True when a constructor error is a rejection of the trigger (not a failure to reach the service). */
export function isParseRejection(parseError: string | null | undefined): boolean {
  return typeof parseError === 'string' && PARSE_ERROR_PREFIXES.some((prefix) => parseError.startsWith(prefix));
}

interface Pending {
  resolve: (answer: OracleAnswer) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * A running oracle in stream mode. Each request carries an id and the oracle handles requests concurrently, so
 * several `check`s may be in flight at once (answers are matched by id). Scalers created with `create` stay
 * open (as in the operator's cache) until `close`; `stop()` ends the process.
 *
 * @example
 * const oracle = KedaOracle.start(kedaOracleBinary()!);
 * const answer = await oracle.check({ triggerType: 'kafka', metadata: { bootstrapServers: '127.0.0.1:19092', consumerGroup: 'g', topic: 't' } });
 * await oracle.stop();
 */
export class KedaOracle {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private exited: Error | undefined;
  private stderrTail = '';

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      let answer: OracleAnswer & { id?: number };
      try {
        answer = JSON.parse(line) as OracleAnswer & { id?: number };
      } catch {
        return;
      }
      const waiter = answer.id === undefined ? undefined : this.pending.get(answer.id);
      if (!waiter) return;
      this.pending.delete(answer.id!);
      clearTimeout(waiter.timer);
      waiter.resolve(answer);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-2000);
    });
    child.on('exit', (code, signal) => {
      this.exited = new Error(`keda-oracle exited (code ${code}, signal ${signal}): ${this.stderrTail.trim()}`);
      for (const waiter of this.pending.values()) {
        clearTimeout(waiter.timer);
        waiter.reject(this.exited);
      }
      this.pending.clear();
    });
  }

  /** Starts `binary --stream`. */
  static start(binary: string, env: NodeJS.ProcessEnv = process.env): KedaOracle {
    return new KedaOracle(spawn(binary, ['--stream'], { stdio: ['pipe', 'pipe', 'pipe'], env }));
  }

  /** The oracle process id (for RSS and CPU readings from /proc). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Sends one request line; rejects after `deadlineMs` (default 60 s) without an answer. */
  request(body: Record<string, unknown>, deadlineMs = 60_000): Promise<OracleAnswer> {
    if (this.exited) return Promise.reject(this.exited);
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`keda-oracle: no answer within ${deadlineMs} ms to ${String(body.op ?? 'check')}`));
      }, deadlineMs);
      this.pending.set(id, { resolve, reject, timer });
      this.child.stdin.write(`${JSON.stringify({ ...body, id })}\n`);
    });
  }

  /** Builds the scaler, reads its specs, polls `polls` times (default 1, none with parseOnly) and closes it. */
  check(trigger: OracleTrigger, options: { polls?: number; parseOnly?: boolean; timeoutMs?: number } = {}) {
    return this.request({ op: 'check', ...trigger, ...options });
  }

  /** Builds a scaler and keeps it open under `handle`. */
  create(handle: string, trigger: OracleTrigger, timeoutMs?: number) {
    return this.request({ op: 'create', handle, ...trigger, timeoutMs });
  }

  /** Polls the open scaler `count` times (default 1). */
  poll(handle: string, count = 1, metricName?: string) {
    return this.request({ op: 'poll', handle, polls: count, metricName });
  }

  close(handle: string) {
    return this.request({ op: 'close', handle });
  }

  stats() {
    return this.request({ op: 'stats' });
  }

  /** Starts `Run` of an open `external-push` scaler (KEDA's push-scaler loop reads its channel). */
  run(handle: string) {
    return this.request({ op: 'run', handle });
  }

  /** The activity values Run delivered since the last call; waits for `waitFor` of them up to `timeoutMs`. */
  activity(handle: string, waitFor = 1, timeoutMs = 10_000) {
    return this.request({ op: 'activity', handle, waitFor, timeoutMs }, timeoutMs + 30_000);
  }

  /** Cancels Run's context and waits for Run to close its channel (the operator's teardown). */
  stopRun(handle: string, timeoutMs = 10_000) {
    return this.request({ op: 'stop', handle, timeoutMs }, timeoutMs + 30_000);
  }

  /** Closes the oracle's input (it closes every open scaler and exits) and waits, then kills it after 10 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
