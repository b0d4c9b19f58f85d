import { type ParseArgsConfig, parseArgs } from 'node:util';
import { registry as defaultRegistry, ScaledObjectValidationError, ScalerRegistry } from '@scalerkit/core';
import { scriptedScalerDefinition } from '@scalerkit/testing';
import { explainCommand } from './commands/explain.js';
import { migrateCommand } from './commands/migrate.js';
import { newScalerCommand } from './commands/new-scaler.js';
import { operatorCommand } from './commands/operator.js';
import { runCommand } from './commands/run.js';
import { serveExternalCommand } from './commands/serve-external.js';
import { simulateCommand } from './commands/simulate.js';
import { validateCommand } from './commands/validate.js';
import { type Io, processIo, UsageError } from './io.js';
import { ManifestProblems, ResourceError, terminalMessage } from './messages.js';

export const usage = `scalerkit — KEDA ScaledObjects without Kubernetes

Usage:
  scalerkit validate <file...>
      Check every ScaledObject, ScaledJob and TriggerAuthentication; one line per problem.
  scalerkit simulate <file> [--workload <preset|file>] [--until 1h] [--step 1s] [--initial-replicas N]
                            [--service-rate N] [--startup-delay 20s] [--hpa-sync-period 15s]
                            [--svg out.svg] [--csv out.csv] [--width 72] [--height 8]
                            [--html report.html] [--compare other.yaml]
      Run the ScaledObject's real scaling engine against a simulated queue; print a chart and a summary.
      --html writes an interactive report (zoom, pan, each decision's explanation on hover; loads nothing);
      --compare runs another manifest under the same workload and shows both side by side.
      Presets: steady, bursty (default), sine, spike, ramp. Files: .json/.yaml workload or .csv "time,rate" trace.
  scalerkit explain <file> [--replicas N] [--timeout ms]
      Poll every trigger once against its real source and explain the decision.
  scalerkit run <file> [--target memory|exec] [--replicas N] [--grace 10s] [--for 5m] [--hpa-sync-period 15s]
                       [--ui [HOST:]PORT] [-- <command...>]
      The live autoscaler. With --target exec, keeps N copies of <command> running. --ui serves a read-only
      live view (timeline and each decision's explanation) on 127.0.0.1:PORT unless a host is given.
  scalerkit migrate <file> [--write]
      Rewrite KEDA v1 manifests (keda.k8s.io, scaleTargetRef.deploymentName, scaleType: job, v1 trigger
      metadata) to v2: the result on stdout (or the file rewritten with --write), each change on stderr;
      the result is then validated. Comments and key order are kept.
  scalerkit new scaler <directory> [--type <trigger-type>] [--package <npm-name>]
      Write a new scaler package on the scaler kit: parameters, definition, /register, a conformance test
      against a local queue service, a README whose parameter table is checked. It passes its tests as written.
  scalerkit operator [--namespace NS] [--kubeconfig FILE] [--no-leader-election] [--lease-name scalerkit-operator]
                     [--lease-namespace NS] [--metrics-address [HOST:]8080] [--log-format json|text] [--debug]
                     [--ui [HOST:]PORT]
      Run KEDA's ScaledObjects and ScaledJobs of a cluster (one namespace or all) with scalerkit's engine: status,
      events, engine state kept in the cluster. Leader election on a Lease unless --no-leader-election; serves
      /metrics, /healthz, /readyz (port 0: off); JSON log lines on stderr. --ui serves the read-only live view,
      one row per ScaledObject (loopback unless a host is given).
  scalerkit serve-external [--address 0.0.0.0:9090] [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]]
                           [--poll-interval 5s] [--idle-timeout 10m] [--call-timeout 30s] [--auth-params FILE] [--debug]
      Serve every installed scaler to KEDA as an external scaler (trigger type external or external-push,
      metadata scalerType: <type>); gRPC health service included; JSON log lines on stderr. Needs
      @scalerkit/keda-external. --auth-params: JSON { "<namespace>/<name>": { "<parameter>": "<value>" } }.

Options:
  -h, --help     show this help
  -v, --version  show the version

Exit codes: 0 ok, 1 problems found or the command failed, 2 wrong usage.`;

const commandOptions = {
  validate: {},
  simulate: {
    workload: { type: 'string' },
    until: { type: 'string' },
    step: { type: 'string' },
    'initial-replicas': { type: 'string' },
    'service-rate': { type: 'string' },
    'startup-delay': { type: 'string' },
    'hpa-sync-period': { type: 'string' },
    svg: { type: 'string' },
    csv: { type: 'string' },
    html: { type: 'string' },
    compare: { type: 'string' },
    width: { type: 'string' },
    height: { type: 'string' },
  },
  explain: { replicas: { type: 'string' }, timeout: { type: 'string' } },
  run: {
    target: { type: 'string' },
    replicas: { type: 'string' },
    grace: { type: 'string' },
    for: { type: 'string' },
    'hpa-sync-period': { type: 'string' },
    ui: { type: 'string' },
  },
  new: { type: { type: 'string' }, package: { type: 'string' } },
  migrate: { write: { type: 'boolean' } },
  operator: {
    namespace: { type: 'string' },
    kubeconfig: { type: 'string' },
    'no-leader-election': { type: 'boolean' },
    'lease-name': { type: 'string' },
    'lease-namespace': { type: 'string' },
    'metrics-address': { type: 'string' },
    'log-format': { type: 'string' },
    debug: { type: 'boolean' },
    ui: { type: 'string' },
  },
  'serve-external': {
    address: { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'tls-client-ca': { type: 'string' },
    'poll-interval': { type: 'string' },
    'idle-timeout': { type: 'string' },
    'call-timeout': { type: 'string' },
    'auth-params': { type: 'string' },
    debug: { type: 'boolean' },
  },
} as const;

type CommandName = keyof typeof commandOptions;

/** Options of `main`. */
export interface MainOptions {
  io?: Io;
  registry?: ScalerRegistry;
  /** Stops `run` (the binary wires SIGINT and SIGTERM to it). */
  signal?: AbortSignal;
  version?: string;
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Registers the `scripted` trigger type (constant `value`, for trying the CLI without a broker). */
/**
 * The registry the commands use: the caller's definitions plus the built-in `scripted` type, in a copy, so
 * that running the CLI as a library leaves the caller's (or the default) registry as it was.
 */
function withScripted(registry: ScalerRegistry): ScalerRegistry {
  const copy = new ScalerRegistry();
  for (const type of registry.types()) copy.register(registry.get(type));
  if (!copy.has('scripted')) copy.register(scriptedScalerDefinition());
  return copy;
}

/**
 * Runs the scalerkit command line with `argv` (without `node` and the script) and returns the exit code.
 * Never throws: errors become one message line (no stack trace unless `SCALERKIT_DEBUG=1`).
 */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const io = options.io ?? processIo;
  const separator = argv.indexOf('--');
  const args = separator === -1 ? [...argv] : argv.slice(0, separator);
  const command = separator === -1 ? [] : argv.slice(separator + 1);
  const first = args[0];
  // The manifest file, once the arguments are parsed: errors in it are reported under its name.
  let manifestFile: string | undefined;
  try {
    if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
      io.out(usage);
      return first === undefined ? 2 : 0;
    }
    if (first === '-v' || first === '--version') {
      io.out(options.version ?? '0.0.0');
      return 0;
    }
    if (!Object.hasOwn(commandOptions, first)) throw new UsageError(`unknown command "${first}"`);
    const name = first as CommandName;
    let parsed: { values: Record<string, unknown>; positionals: string[] };
    try {
      const declared: ParseArgsConfig['options'] = { ...commandOptions[name], help: { type: 'boolean', short: 'h' } };
      parsed = parseArgs({
        args: args.slice(1),
        options: declared,
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new UsageError(`${name}: ${(error as Error).message.split(/\n|\. /)[0]}`);
    }
    if (parsed.values.help) {
      io.out(usage);
      return 0;
    }
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed.values)) if (typeof value === 'string') values[camel(key)] = value;
    if (name === 'new') {
      if (command.length > 0) throw new UsageError('new: unexpected arguments after "--"');
      return newScalerCommand(parsed.positionals, values, io, options.version ?? '0.1.0');
    }
    if (name === 'operator') {
      if (parsed.positionals.length > 0 || command.length > 0) throw new UsageError('operator: takes options only');
      const flags = {
        noLeaderElection: parsed.values['no-leader-election'] === true,
        debug: parsed.values.debug === true,
      };
      return await operatorCommand(
        { ...values, ...flags },
        withScripted(options.registry ?? defaultRegistry),
        io,
        options.signal ?? new AbortController().signal,
      );
    }
    if (name === 'serve-external') {
      if (parsed.positionals.length > 0 || command.length > 0)
        throw new UsageError('serve-external: takes options only');
      return await serveExternalCommand(
        { ...values, debug: parsed.values.debug === true },
        withScripted(options.registry ?? defaultRegistry),
        io,
        options.signal ?? new AbortController().signal,
      );
    }
    const files = parsed.positionals;
    if (files.length === 0) throw new UsageError(`${name}: a manifest file is required`);
    if (name !== 'validate' && files.length > 1)
      throw new UsageError(`${name}: one manifest file, got ${files.length}`);
    if (name !== 'run' && command.length > 0) throw new UsageError(`${name}: unexpected arguments after "--"`);
    const registry = withScripted(options.registry ?? defaultRegistry);
    const file = files[0]!;
    manifestFile = file;
    switch (name) {
      case 'validate':
        return await validateCommand(files, registry, io);
      case 'migrate':
        return await migrateCommand(file, { write: parsed.values.write === true }, registry, io);
      case 'simulate':
        return await simulateCommand(file, values, io, registry);
      case 'explain':
        return await explainCommand(file, values, registry, io);
      case 'run':
        return await runCommand(
          file,
          { ...values, command },
          registry,
          io,
          options.signal ?? new AbortController().signal,
        );
    }
  } catch (error) {
    return report(error, manifestFile, io);
  }
}

function report(error: unknown, file: string | undefined, io: Io): number {
  if (process.env.SCALERKIT_DEBUG === '1' && error instanceof Error && error.stack) io.err(error.stack);
  if (error instanceof UsageError) {
    io.err(`scalerkit: ${error.message}`);
    io.err('Run "scalerkit --help" for usage.');
    return 2;
  }
  if (error instanceof ManifestProblems) {
    for (const line of error.lines) io.err(line);
    return 1;
  }
  if (error instanceof ResourceError) {
    io.err(error.message);
    return 1;
  }
  if (ScaledObjectValidationError.isInstance(error)) {
    for (const issue of error.issues)
      io.err(`${file ?? 'manifest'}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
    return 1;
  }
  io.err(`scalerkit: ${terminalMessage(error)}`);
  return 1;
}
