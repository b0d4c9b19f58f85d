import {
  createAutoscaler,
  InMemoryScaleTarget,
  parseScaledObject,
  type ScalerRegistry,
  type ScaleTarget,
  silentLogger,
  type TriggerObservation,
} from '@scalerkit/core';
import { parseDuration } from '@scalerkit/testing';
import { authenticationSources, plainEnv } from '../authentication.js';
import { readText } from '../documents.js';
import { type Io, replicasOption, UsageError } from '../io.js';
import { createLiveView, parseUiAddress } from '../live-view/index.js';
import { ProcessPoolTarget } from '../process-pool.js';

/** Options of `scalerkit run`. */
export interface RunCommandOptions {
  target?: string;
  /** Initial replicas of a memory target. */
  replicas?: string;
  /** Seconds between SIGTERM and SIGKILL of an exec worker. Default 10. */
  grace?: string;
  /** Stop after this many seconds (default: until SIGINT). */
  for?: string;
  /** Seconds between HPA syncs (default 15); `0`: one merged decision per poll. */
  hpaSyncPeriod?: string;
  /** `--ui [HOST:]PORT`: serve the live view (read-only web page) there; loopback unless a host is given. */
  ui?: string;
  /** The command of an exec target. */
  command: string[];
}

function seconds(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDuration(value, `--${name}`);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const clockTime = () => new Date().toISOString().slice(11, 19);

/**
 * `scalerkit run <file>`: the live autoscaler. `--target memory` scales a counter; `--target exec -- <command>`
 * keeps that many local processes running. One progress line per decision; stops cleanly on `signal`.
 */
export async function runCommand(
  file: string,
  options: RunCommandOptions,
  registry: ScalerRegistry,
  io: Io,
  signal: AbortSignal,
): Promise<number> {
  const text = await readText(file, io.cwd);
  const scaledObject = parseScaledObject(text);
  const kind = options.target ?? 'memory';
  const graceSeconds = seconds(options.grace, 'grace') ?? 10;
  const stopAfter = seconds(options.for, 'for');
  const hpaSyncSeconds = seconds(options.hpaSyncPeriod, 'hpa-sync-period') ?? 15;
  let target: ScaleTarget;
  let pool: ProcessPoolTarget | undefined;
  if (kind === 'memory') {
    if (options.command.length > 0) throw new UsageError('a command after "--" needs --target exec');
    target = new InMemoryScaleTarget({ replicas: replicasOption(options.replicas, 0) });
  } else if (kind === 'exec') {
    if (options.command.length === 0)
      throw new UsageError('--target exec needs a command: scalerkit run <file> --target exec -- <command...>');
    pool = new ProcessPoolTarget(options.command, {
      graceMs: graceSeconds * 1000,
      env: io.env,
      cwd: io.cwd,
      log: (line) => io.err(`${clockTime()} ${line}`),
    });
    target = pool;
  } else {
    throw new UsageError(`--target must be memory or exec, got "${kind}"`);
  }

  const autoscaler = createAutoscaler({
    scaledObject,
    target,
    registry,
    authentication: authenticationSources(text, io),
    resolvedEnv: plainEnv(io),
    logger: silentLogger,
    hpaSyncPeriodMs: hpaSyncSeconds * 1000,
  });
  // One progress line per decision: what each trigger reported (`*` = active), replicas and the decision.
  let lastPoll = '';
  const showTriggers = (event: { triggers: Record<string, TriggerObservation> }) => {
    lastPoll = Object.entries(event.triggers)
      .map(([key, observation]) => {
        if (observation.error !== undefined) return `${key}=error`;
        const value = observation.metrics?.map((metric) => metric.value).join('/') ?? '-';
        return `${key}=${value}${observation.isActive ? '*' : ''}`;
      })
      .join(' ');
  };
  autoscaler.on('poll', showTriggers);
  autoscaler.on('hpaSync', showTriggers);
  autoscaler.on('decision', ({ decision, readyReplicas, currentReplicas }) =>
    io.out(
      `${clockTime()} ${lastPoll} | ready ${readyReplicas ?? currentReplicas}/${currentReplicas} | ${decision.toString()}`,
    ),
  );
  autoscaler.on('scale', ({ from, to }) => io.out(`${clockTime()} scaled ${from} → ${to}`));
  autoscaler.on('error', ({ phase, error, triggerKey }) =>
    io.err(`${clockTime()} error in ${phase}${triggerKey ? ` (${triggerKey})` : ''}: ${error.message}`),
  );

  io.out(
    `${clockTime()} running ${scaledObject.metadata.name} (${kind} target, polling every ${scaledObject.spec.pollingInterval}s${hpaSyncSeconds > 0 ? `, HPA sync every ${hpaSyncSeconds}s` : ''}); Ctrl-C stops`,
  );
  const ui = options.ui === undefined ? undefined : parseUiAddress(options.ui);
  const view =
    ui &&
    (await createLiveView({ host: ui.host, port: ui.port, title: `scalerkit run: ${scaledObject.metadata.name}` }));
  if (view) {
    view.attach(scaledObject.metadata.name, autoscaler);
    view.update(scaledObject.metadata.name, { target: kind });
    io.out(`${clockTime()} live view at ${view.url} (read-only)`);
    if (!ui.loopback) io.err(`${clockTime()} the live view listens on ${ui.host}: other machines can read it`);
  }
  const stopped = new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
    if (stopAfter !== undefined) setTimeout(resolve, stopAfter * 1000).unref();
  });
  try {
    await autoscaler.start();
    await stopped;
  } finally {
    await autoscaler.stop();
    await pool?.close();
    await view?.close();
  }
  io.out(`${clockTime()} stopped`);
  return 0;
}
