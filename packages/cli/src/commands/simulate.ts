import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { registry as defaultRegistry, type ScaledObject, type ScalerRegistry } from '@scalerkit/core';
import {
  formatSummary,
  parseArrivalCsv,
  parseWorkload,
  renderTerminalChart,
  renderTimelineSvg,
  simulate,
  simulationCsv,
  type Workload,
  workloadPresets,
} from '@scalerkit/testing';
import { parse as parseYaml } from 'yaml';
import { readText } from '../documents.js';
import { durationOption, type Io, UsageError } from '../io.js';
import { ResourceError } from '../messages.js';
import { readScaledObjectFile } from '../scaled-object-file.js';
import { planSimulation } from './simulate-checks.js';
import { simulationReport } from './simulate-report.js';

/** Options of `scalerkit simulate`. */
export interface SimulateCommandOptions {
  workload?: string;
  until?: string;
  step?: string;
  initialReplicas?: string;
  serviceRate?: string;
  startupDelay?: string;
  /** Seconds or a duration between HPA syncs (default 15 s); `0`: one merged decision per poll. */
  hpaSyncPeriod?: string;
  svg?: string;
  csv?: string;
  /** Writes the interactive report (`renderTimelineHtml`) here. */
  html?: string;
  /** Another manifest simulated under the same workload, shown side by side. */
  compare?: string;
  width?: string;
  height?: string;
}

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0) {
    throw new UsageError(`--${name} must be a non-negative number, got "${value}"`);
  }
  return parsed;
}

/** A preset name, a workload file (JSON/YAML) or an arrival trace (CSV). */
async function loadWorkload(spec: string, options: SimulateCommandOptions, io: Io): Promise<Workload> {
  let workload: Workload;
  if (Object.hasOwn(workloadPresets, spec)) {
    workload = { ...workloadPresets[spec as keyof typeof workloadPresets] };
  } else if (/\.(json|ya?ml|csv)$/i.test(spec)) {
    const text = await readText(spec, io.cwd);
    if (extname(spec).toLowerCase() === '.csv') {
      workload = { arrivals: parseArrivalCsv(text, spec), serviceRatePerReplica: 5, startupDelay: 20 };
    } else {
      workload = parseWorkload(parseYaml(text), spec);
    }
  } else {
    throw new UsageError(
      `--workload must be a preset (${Object.keys(workloadPresets).join(', ')}) or a .json, .yaml or .csv file, got "${spec}"`,
    );
  }
  const serviceRate = numberOption(options.serviceRate, 'service-rate');
  if (serviceRate !== undefined) workload.serviceRatePerReplica = serviceRate;
  if (options.startupDelay !== undefined) workload.startupDelay = options.startupDelay;
  return workload;
}

/**
 * `scalerkit simulate <file>`: runs the ScaledObject against a workload on KEDA's two cadences (polls every
 * `pollingInterval`, HPA syncs every `--hpa-sync-period`); prints a chart and a summary naming both.
 */
export async function simulateCommand(
  file: string,
  options: SimulateCommandOptions,
  io: Io,
  registry: ScalerRegistry = defaultRegistry,
): Promise<number> {
  // Wrong durations are wrong usage (exit 2), found before any work.
  for (const name of ['until', 'step', 'startupDelay', 'hpaSyncPeriod'] as const) {
    const flag = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const seconds = durationOption(options[name], flag);
    if ((name === 'until' || name === 'step') && seconds === 0) {
      throw new UsageError(`--${flag} must be longer than 0, got "${options[name]}"`);
    }
  }
  const { scaledObject, resource } = await readScaledObjectFile(file, 'simulate', registry, io);
  const workload = await loadWorkload(options.workload ?? 'bursty', options, io);
  const requestedTrigger = workload.trigger;
  const plan = planSimulation(scaledObject, `${file}: ${resource}`, requestedTrigger);
  if (plan.workloadTrigger !== undefined) workload.trigger = plan.workloadTrigger;
  const initialReplicas =
    numberOption(options.initialReplicas, 'initial-replicas') ?? scaledObject.spec.minReplicaCount;
  if (!Number.isInteger(initialReplicas)) throw new UsageError('--initial-replicas must be an integer');
  const run = (scaledObject: ScaledObject, metricSpecs = plan.metricSpecs, runWorkload = workload) =>
    simulate({
      scaledObject,
      initialReplicas,
      workload: runWorkload,
      until: options.until ?? '1h',
      step: options.step ?? '1s',
      metricSpecs,
      ...(options.hpaSyncPeriod === undefined ? {} : { hpaSyncPeriod: options.hpaSyncPeriod }),
    });
  let result: ReturnType<typeof run>;
  try {
    result = run(scaledObject);
  } catch (error) {
    throw new ResourceError(file, resource, error);
  }
  for (const note of plan.notes) io.err(note);
  const width = numberOption(options.width, 'width') ?? 72;
  const height = numberOption(options.height, 'height') ?? 8;
  io.out(renderTerminalChart(result, { width, height }));
  io.out('');
  io.out(formatSummary(result));
  for (const [file, render] of [
    [options.svg, () => renderTimelineSvg(result)],
    [options.csv, () => simulationCsv(result)],
  ] as const) {
    if (!file) continue;
    const path = resolve(io.cwd, file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, render());
    io.out(`wrote ${file}`);
  }
  const { html, compare } = options;
  // --compare: the other file is read, checked and planned as this one, under the same workload and settings.
  const rerun = async (path: string) => {
    const other = await readScaledObjectFile(path, 'simulate', registry, io);
    const otherPlan = planSimulation(other.scaledObject, `${path}: ${other.resource}`, requestedTrigger);
    for (const note of otherPlan.notes) io.err(note);
    try {
      return run(other.scaledObject, otherPlan.metricSpecs, { ...workload, trigger: otherPlan.workloadTrigger });
    } catch (error) {
      throw new ResourceError(path, other.resource, error);
    }
  };
  if (html !== undefined || compare !== undefined) await simulationReport({ file, result, html, compare, rerun }, io);
  return 0;
}
