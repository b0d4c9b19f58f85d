// What the side-by-side benchmarks share (bench/keda/*-side-by-side.bench.mjs, bench/rabbitmq/*.bench.mjs): the
// command line, bundling a worker from the sources, the JSON-line peers (KEDA's oracle and a Node.js worker), TCP
// relays that count traffic, alternating rounds of polls, and the statistics and markdown rows of the report.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** The repository root. */
export const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The value after `--name` on the command line, or the fallback. */
export function argument(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

/** `--rounds` and `--batch` (polls per side per round), with this script's defaults. */
export function roundsAndBatch(defaults) {
  return {
    rounds: Number(argument('rounds', String(defaults.rounds))),
    batch: Number(argument('batch', String(defaults.batch))),
  };
}

/** The KEDA oracle binary (KEDA_ORACLE_BIN, or `scripts/keda-oracle.sh path`); exits with a hint when not built. */
export function oracleBinary() {
  if (process.env.KEDA_ORACLE_BIN) return process.env.KEDA_ORACLE_BIN;
  try {
    return execFileSync('bash', [join(root, 'scripts/keda-oracle.sh'), 'path'], { encoding: 'utf8' }).trim();
  } catch {
    console.error('keda side by side: the oracle is not built; run: bash scripts/keda-oracle.sh build');
    process.exit(1);
  }
}

/**
 * A folder under node_modules/.cache (so that the bundles' external packages resolve) where TypeScript entries are
 * bundled from the sources, `@scalerkit/<pkg>` resolved as vitest's aliases do (packages/<pkg>/src/index.ts, and
 * `@scalerkit/<pkg>/<sub>` to src/<sub>.ts). `unique` makes a fresh folder per run.
 */
export function bundler(name, external, { unique = false, sourceRoot = root } = {}) {
  const cache = join(root, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const dir = unique ? mkdtempSync(join(cache, `${name}-`)) : join(cache, name);
  mkdirSync(dir, { recursive: true });
  const sources = {
    name: 'scalerkit-sources',
    setup(builder) {
      builder.onResolve({ filter: /^@scalerkit\// }, ({ path }) => {
        const [, pkg, sub] = /^@scalerkit\/([^/]+)(?:\/(.+))?$/.exec(path);
        return { path: join(sourceRoot, 'packages', pkg, 'src', sub ? `${sub}.ts` : 'index.ts') };
      });
    },
  };
  return {
    dir,
    /** Bundles `entry` (relative to the root, or absolute) to `<dir>/<outfile>`; resolves its absolute path. */
    async bundle(entry, outfile) {
      const path = join(dir, outfile);
      await build({
        entryPoints: [entry.startsWith('/') ? entry : join(root, entry)],
        outfile: path,
        bundle: true,
        platform: 'node',
        format: 'esm',
        external: [...external, 'yaml', 'zod'],
        plugins: [sources],
        logLevel: 'error',
      });
      return path;
    },
    /** Imports a bundle made by `bundle`. */
    load: (outfile) => import(pathToFileURL(join(dir, outfile)).href),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A JSON-line peer (the oracle or a worker) in a process of its own: requests carry an id, answers are matched by
 * it; an answer with `error` rejects, and so does no answer within 120 s.
 */
export function startPeer(name, command, args, { env = process.env, stderr = 'ignore' } = {}) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', stderr], env });
  const pending = new Map();
  let nextId = 0;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const answer = JSON.parse(line);
    pending.get(answer.id)?.(answer);
    pending.delete(answer.id);
  });
  return {
    name,
    pid: child.pid,
    request(body) {
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no answer to ${body.op}`)), 120_000);
        pending.set(id, (answer) => {
          clearTimeout(timer);
          if (answer.error) reject(new Error(`${name}: ${answer.error}`));
          else resolve(answer);
        });
        child.stdin.write(`${JSON.stringify({ ...body, id })}\n`);
      });
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.stdin.end();
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** The oracle (`--stream`) as a peer named KEDA. */
export const startOracle = (options) => startPeer('KEDA', oracleBinary(), ['--stream'], options);

/** A bundled Node.js worker as a peer (named scalerkit unless told). */
export const startWorker = (path, name = 'scalerkit', options = undefined) =>
  startPeer(name, process.execPath, [path], options);

/** Process-wide numbers from /proc: RSS in bytes, and write syscalls (syscw). */
export function procStats(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  return { rssBytes: rssKb * 1024, writes: Number(/syscw:\s+(\d+)/.exec(io)[1]) };
}

/** A process's RSS in whole MB. */
export const rssMegabytes = (pid) =>
  Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024);

const httpRequestLine = /^(GET|HEAD|PUT|POST|DELETE|PATCH|OPTIONS) \/\S* HTTP\/1\.1/gm;

/**
 * A TCP relay on 127.0.0.1 to host:port that counts bytes each way (`up`, `down`), HTTP/1.1 request lines sent
 * (`requests`) and connections accepted. `address` is host:port, `endpoint` the same as an http:// URL.
 */
export function relay(host, port) {
  return new Promise((resolve) => {
    const state = { up: 0, down: 0, requests: 0, connections: 0 };
    const sockets = new Set();
    const server = createServer((client) => {
      state.connections += 1;
      const upstream = connect(port, host);
      sockets.add(client).add(upstream);
      client.on('data', (data) => {
        state.up += data.length;
        state.requests += (data.toString('latin1').match(httpRequestLine) ?? []).length;
      });
      upstream.on('data', (data) => {
        state.down += data.length;
      });
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    server.listen(0, '127.0.0.1', () => {
      const address = `127.0.0.1:${server.address().port}`;
      resolve({
        state,
        address,
        endpoint: `http://${address}`,
        close: () => {
          for (const socket of sockets) socket.destroy();
          server.close();
        },
      });
    });
  });
}

/**
 * Polls every side in `rounds` rounds of `batch` polls each, one side at a time. A side is `{ name, request(polls) }`
 * (resolving the peer's `{ polls }` answer) with optional `counters()` (numbers read before and after each batch:
 * their differences add up in `side.counted`). The order flips every round; `rotate` also rotates it by one side
 * every round. Fills each side's `elapsed`, `cpu`, `values` (the first metric's value of every poll), `requests`
 * (counted by the worker, when it reports them), `polls` and `batches`; a failed poll throws.
 */
export async function pollInRounds(sides, { rounds, batch, rotate = false, label = '' }) {
  for (const side of sides)
    Object.assign(side, { elapsed: [], cpu: [], values: new Set(), requests: [], counted: {}, polls: 0, batches: 0 });
  for (let round = 0; round < rounds; round += 1) {
    const shift = rotate ? round % sides.length : 0;
    const order = [...sides.slice(shift), ...sides.slice(0, shift)];
    for (const side of round % 2 === 0 ? order : order.reverse()) {
      const before = side.counters?.();
      const { polls } = await side.request(batch);
      const after = side.counters?.();
      for (const key of Object.keys(after ?? {}))
        side.counted[key] = (side.counted[key] ?? 0) + after[key] - before[key];
      for (const poll of polls) {
        if (poll.error) throw new Error(`${label}${side.name}: poll failed: ${poll.error}`);
        side.elapsed.push(poll.elapsedMs);
        side.cpu.push(poll.cpuMs);
        side.values.add(poll.values[0].value.value);
        if (poll.requests !== undefined) side.requests.push(poll.requests);
      }
      side.polls += polls.length;
      side.batches += 1;
    }
  }
  return sides;
}

/** The q-quantile of samples (the sample at floor(q * n) once sorted). */
export function percentile(samples, q) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export const mean = (samples) => samples.reduce((sum, value) => sum + value, 0) / samples.length;

/** p50, p95 (ms) and mean CPU per poll (ms) of a side polled by `pollInRounds`, and its values as one string. */
export const summary = (side) => ({
  p50: percentile(side.elapsed, 0.5),
  p95: percentile(side.elapsed, 0.95),
  cpu: mean(side.cpu),
  values: [...side.values].join(','),
});

/** Warns unless every poll of the side reported `expected`. */
export function checkValues(side, expected, label = '') {
  const values = [...side.values];
  if (values.length !== 1 || values[0] !== expected)
    console.warn(`${label}${side.name}: expected ${expected}, got ${values.join(',')}`);
}

/** Two decimals. */
export const f = (n) => n.toFixed(2);

/** The load averages (1, 5, 15 minutes) with one decimal. */
export const loadAverages = () => loadavg().map((value) => value.toFixed(1));

/** A markdown table: the header row, the separator, one row per array of cells. */
export const markdownTable = (headers, rows) =>
  [
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');

/** Prints a markdown table. */
export const printTable = (headers, rows) => console.log(markdownTable(headers, rows));
