import {
  createAutoscaler,
  InMemoryScaleTarget,
  type ScalerRegistry,
  type ScaleTarget,
  silentLogger,
  type TriggerObservation,
} from '@scalerkit/core';
import { authenticationSources, plainEnv } from '../authentication.js';
import { durationOption, type Io, replicasOption, UsageError } from '../io.js';
import { ResourceError, tidyMessage, withoutRepeatedErrors } from '../messages.js';
import { readScaledObjectFile } from '../scaled-object-file.js';
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

const seconds = durationOption;

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
  const kind = options.target ?? 'memory';
  const graceSeconds = seconds(options.grace, 'grace') ?? 10;
  const stopAfter = seconds(options.for, 'for');
  const hpaSyncSeconds = seconds(options.hpaSyncPeriod, 'hpa-sync-period') ?? 15;
  if (kind !== 'memory' && kind !== 'exec') throw new UsageError(`--target must be memory or exec, got "${kind}"`);
  // Checked as validate checks it, with the TriggerAuthentication and environment values the triggers will use.
  const { scaledObject, text, resource } = await readScaledObjectFile(file, 'run', registry, io, (text) => ({
    runtime: { authentication: authenticationSources(text, io), env: plainEnv(io) },
    requireScalers: true,
  }));
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
  // Errors already printed this cycle (error events): the decision line refers to them instead of repeating them.
  let printedErrors: string[] = [];
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
  autoscaler.on('decision', ({ decision, readyReplicas, currentReplicas }) => {
    const errors = decision.explanation.triggers.flatMap((trigger) =>
      trigger.error === undefined ? [] : [trigger.error],
    );
    const printed = errors.every((error) => printedErrors.includes(error));
    printedErrors = [];
    io.out(
      `${clockTime()} ${lastPoll} | ready ${readyReplicas ?? currentReplicas}/${currentReplicas} | ${withoutRepeatedErrors(decision.toString(), errors, !printed)}`,
    );
  });
  autoscaler.on('scale', ({ from, to }) => io.out(`${clockTime()} scaled ${from} → ${to}`));
  autoscaler.on('error', ({ phase, error, triggerKey }) => {
    // A failed build fails start(), reported once below with the file and resource.
    if (phase === 'build') return;
    printedErrors.push(error.message);
    io.err(`${clockTime()} error in ${phase}${triggerKey ? ` (${triggerKey})` : ''}: ${tidyMessage(error.message)}`);
  });
  autoscaler.on('scalerEvent', ({ triggerKey, type, message }) =>
    io.err(`${clockTime()} ${type === 'Warning' ? 'warning' : 'note'} (${triggerKey}): ${tidyMessage(message)}`),
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
    try {
      await autoscaler.start();
    } catch (error) {
      throw new ResourceError(file, resource, error);
    }
    await stopped;
  } finally {
    await autoscaler.stop();
    await pool?.close();
    await view?.close();
  }
  io.out(`${clockTime()} stopped`);
  return 0;
}
