import {
  type Clock,
  computeJobsToCreate,
  parseScaledJob,
  resolveTriggerAuthentication,
  type ScaledJob,
  systemClock,
  type TimerHandle,
} from '@scalerkit/core';
import { createScalerRuntime, type ScalerRuntime } from '@scalerkit/core/autoscaler';
import { combineJobScalerMetrics, type JobScalerEntry } from '@scalerkit/core/engine';
import { isResourceTrigger, resolveTriggerPodIdentity } from '@scalerkit/core/manifest';
import { type ContainerLike, resolveWorkloadEnvironment } from './environment.js';
import { type KubeObject, resources } from './resources.js';
import {
  authenticationSources,
  changeKeyOf,
  errorMessage,
  referencesAuthentication,
  SerialQueue,
} from './runner-shared.js';
import type { RunnerContext } from './scaled-object-runner.js';
import { type Condition, findCondition, kubernetesTime, PAUSED_MESSAGE, setCondition } from './status.js';

/** Label KEDA puts on the Jobs of a ScaledJob (pkg/scaling/executor/scale_jobs.go `generateJobs`). */
export const SCALED_JOB_LABEL = 'scaledjob.keda.sh/name';

interface JobStatus {
  conditions?: { type: string; status: string }[];
  completionTime?: string;
}

function finishedAs(job: KubeObject): 'Complete' | 'Failed' | undefined {
  for (const condition of (job.status as JobStatus | undefined)?.conditions ?? []) {
    if ((condition.type === 'Complete' || condition.type === 'Failed') && condition.status === 'True') {
      return condition.type;
    }
  }
  return undefined;
}

/**
 * Runs one ScaledJob as KEDA's job executor does (KEDA v2.21.0 pkg/scaling/executor/scale_jobs.go
 * `RequestJobScale`): each `pollingInterval`, queries every trigger, combines them (`multipleScalersCalculation`),
 * counts running and pending Jobs, creates the Jobs the scaling strategy asks for from `jobTargetRef`, and
 * deletes finished Jobs beyond the history limits.
 */
export class ScaledJobRunner {
  readonly key: string;
  readonly #context: RunnerContext;
  readonly #clock: Clock;
  #object: KubeObject;
  #parsed: ScaledJob | undefined;
  #runtimes: ScalerRuntime[] = [];
  #timer: TimerHandle | undefined;
  #abort = new AbortController();
  readonly #queue = new SerialQueue();
  #polling: Promise<void> | undefined;
  #changeKey: string | undefined;
  #stopped = false;
  #conditions: Condition[];

  constructor(context: RunnerContext, object: KubeObject) {
    this.#context = context;
    this.#clock = context.clock ?? systemClock;
    this.#object = object;
    this.key = `${object.metadata.namespace}/${object.metadata.name}`;
    this.#conditions = ((object.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).map((c) => ({
      ...c,
    }));
  }

  get object(): KubeObject {
    return this.#object;
  }

  references(kind: string, name: string, namespace: string | undefined): boolean {
    return referencesAuthentication(this.#object, kind, name, namespace);
  }

  reconcile(object: KubeObject, force = false): Promise<void> {
    return this.#queue.run(() => this.#reconcile(object, force));
  }

  stop(): Promise<void> {
    return this.#queue.run(async () => {
      this.#stopped = true;
      await this.#halt();
    });
  }

  /** Polls now (after the poll in flight); for tests. */
  async pollNow(): Promise<void> {
    await this.#queue.idle();
    await this.#polling;
    await this.#poll();
  }

  async settled(): Promise<void> {
    await this.#queue.idle();
    await this.#polling;
  }

  async #halt(): Promise<void> {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#abort.abort();
    await this.#polling;
    await Promise.allSettled(this.#runtimes.map((runtime) => runtime.close()));
    this.#runtimes = [];
  }

  async #reconcile(object: KubeObject, force: boolean): Promise<void> {
    if (this.#stopped) return;
    this.#object = object;
    const changeKey = changeKeyOf(object);
    if (!force && changeKey === this.#changeKey) return;
    this.#changeKey = changeKey;
    await this.#halt();
    this.#abort = new AbortController();
    let parsed: ScaledJob;
    try {
      parsed = parseScaledJob(object);
      this.#parsed = parsed;
    } catch (error) {
      await this.#setConditions(
        setCondition(
          this.#conditions,
          'Ready',
          'False',
          'ScaledJobCheckFailed',
          `ScaledJob doesn't have correct specification: ${errorMessage(error)}`,
        ),
      );
      return;
    }
    // KEDA v2.21.0 controllers/keda/scaledjob_controller.go `checkIfPaused`: the loop stops while paused.
    if (parsed.pause.paused) {
      await this.#setConditions(
        setCondition(
          this.#conditions,
          'Paused',
          'True',
          'ScaledJobPaused',
          PAUSED_MESSAGE.replace('ScaledObject', 'ScaledJob'),
        ),
      );
      return;
    }
    let conditions = this.#conditions;
    if (findCondition(conditions, 'Paused')?.status === 'True') {
      conditions = setCondition(conditions, 'Paused', 'False', 'ScaledJobUnpaused', 'ScaledJob is unpaused');
    }
    try {
      this.#runtimes = await this.#build(parsed);
    } catch (error) {
      await this.#setConditions(
        setCondition(
          conditions,
          'Ready',
          'False',
          'ScaledJobCheckFailed',
          `failed to build the scalers: ${errorMessage(error)}`,
        ),
      );
      this.#context.events.record(
        { type: resources.scaledJobs, object },
        'Warning',
        'KEDAScalerFailed',
        errorMessage(error),
      );
      return;
    }
    await this.#setConditions(
      setCondition(
        conditions,
        'Ready',
        'True',
        'ScaledJobReady',
        'ScaledJob is defined correctly and is ready for scaling',
      ),
    );
    this.#schedule(0);
  }

  /** KEDA's scalers builder for a ScaledJob: the environment of `jobTargetRef.template`, then parse and create. */
  async #build(parsed: ScaledJob): Promise<ScalerRuntime[]> {
    const context = this.#context;
    const namespace = parsed.metadata.namespace as string;
    const template = (parsed.spec.jobTargetRef as { template?: { spec?: { containers?: ContainerLike[] } } }).template;
    const environment = await resolveWorkloadEnvironment(
      template?.spec?.containers ?? [],
      parsed.spec.envSourceContainerName,
      namespace,
      context.reader,
    );
    const sources = authenticationSources(context, namespace, environment, context.authentications());
    const timeoutMs = context.autoscalerOptions.pollTimeoutMs ?? Math.min(parsed.spec.pollingInterval * 1000, 10_000);
    const built: ScalerRuntime[] = [];
    try {
      for (const [index, trigger] of parsed.spec.triggers.entries()) {
        if (isResourceTrigger(trigger)) continue;
        const definition = await context.registry.resolve(trigger.type);
        const authParams = await resolveTriggerAuthentication(trigger, sources);
        const podIdentity = resolveTriggerPodIdentity(trigger, sources);
        const config = definition.parse({
          metadata: { ...trigger.metadata },
          authParams,
          resolvedEnv: environment.resolvedEnv,
          triggerIndex: index,
          ...(trigger.name ? { triggerName: trigger.name } : {}),
          metricType: trigger.metricType === 'Value' ? 'Value' : 'AverageValue',
          ...(podIdentity ? { podIdentity } : {}),
        });
        const scaler = definition.create(config, {
          logger: context.logger,
          signal: this.#abort.signal,
          connections: context.connections,
          timeoutMs,
          clock: this.#clock,
          emit: (event) =>
            context.events.record(
              { type: resources.scaledJobs, object: this.#object },
              event.type === 'Warning' ? 'Warning' : 'Normal',
              event.reason,
              event.message,
            ),
        });
        built.push(
          createScalerRuntime(scaler, {
            type: trigger.type,
            triggerIndex: index,
            ...(trigger.name ? { triggerName: trigger.name } : {}),
            timeoutMs,
            clock: this.#clock,
            logger: context.logger,
          }),
        );
      }
    } catch (error) {
      await Promise.allSettled(built.map((runtime) => runtime.close()));
      throw error;
    }
    return built;
  }

  #schedule(ms: number): void {
    if (this.#stopped || this.#abort.signal.aborted) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#polling = this.#poll().finally(() => {
        this.#polling = undefined;
        this.#schedule((this.#parsed?.spec.pollingInterval ?? 30) * 1000);
      });
    }, ms);
  }

  /** One poll of KEDA's job executor. Never rejects. */
  async #poll(): Promise<void> {
    const parsed = this.#parsed;
    if (!parsed || this.#abort.signal.aborted) return;
    const { cluster, events, logger } = this.#context;
    const namespace = parsed.metadata.namespace as string;
    const subject = { type: resources.scaledJobs, object: this.#object };
    try {
      const entries: JobScalerEntry[] = [];
      let isError = false;
      for (const runtime of this.#runtimes) {
        try {
          const specs = runtime.getMetricSpecs();
          const first = specs[0];
          if (!first) continue;
          const result = await runtime.getMetricsAndActivity(first.metricName, { signal: this.#abort.signal });
          const averages = specs.filter((spec) => spec.targetType === 'AverageValue').map((spec) => spec.targetValue);
          entries.push({
            queueLength: result.metrics.reduce((sum, metric) => sum + metric.value, 0),
            targetAverageValue: averages.length > 0 ? averages.reduce((a, b) => a + b, 0) / averages.length : 0,
            isActive: result.isActive,
          });
        } catch (error) {
          isError = true;
          logger.warn(`ScaledJob ${this.key}: a trigger failed: ${errorMessage(error)}`);
        }
      }
      if (this.#abort.signal.aborted) return;
      const combined = combineJobScalerMetrics(parsed, entries);
      const jobs = await cluster.list(resources.jobs, namespace, {
        labelSelector: `${SCALED_JOB_LABEL}=${parsed.metadata.name}`,
      });
      const unfinished = jobs.filter((job) => finishedAs(job) === undefined);
      const pending = await this.#pendingCount(parsed, unfinished);
      let created = 0;
      let createError: string | undefined;
      if (combined.isActive) {
        const count = computeJobsToCreate(parsed, {
          queueLength: combined.queueLength,
          targetAverageValue: combined.maxValue > 0 ? combined.queueLength / combined.maxValue : 0,
          runningJobCount: unfinished.length,
          pendingJobCount: pending,
          isActive: true,
        });
        for (let i = 0; i < count; i++) {
          try {
            await cluster.create(resources.jobs, namespace, this.#jobFor(parsed));
            created++;
          } catch (error) {
            createError = errorMessage(error);
            events.record(
              subject,
              'Warning',
              'KEDAJobCreateFailed',
              `Failed to create job ${parsed.metadata.name}-: ${createError}`,
            );
          }
        }
        if (created > 0) events.record(subject, 'Normal', 'KEDAJobsCreated', `Created ${created} jobs`);
      }
      let conditions = setCondition(
        this.#conditions,
        'Ready',
        'True',
        'ScaledJobReady',
        'ScaledJob is defined correctly and is ready for scaling',
      );
      if (isError) {
        conditions = combined.isActive
          ? setCondition(
              conditions,
              'Ready',
              'Unknown',
              'PartialTriggerError',
              'Some triggers defined in ScaledJob are not working correctly',
            )
          : setCondition(
              conditions,
              'Ready',
              'False',
              'TriggerError',
              'Triggers defined in ScaledJob are not working correctly',
            );
      }
      if (createError !== undefined)
        conditions = setCondition(conditions, 'Ready', 'False', 'KEDAJobCreateFailed', createError);
      const wasActive = findCondition(this.#conditions, 'Active')?.status === 'True';
      if (combined.isActive) {
        if (!wasActive)
          events.record(subject, 'Normal', 'ScaledJobActive', 'Scaling is performed because triggers are active');
        conditions = setCondition(
          conditions,
          'Active',
          'True',
          'ScalerActive',
          'Scaling is performed because triggers are active',
        );
      } else {
        if (wasActive)
          events.record(
            subject,
            'Normal',
            'ScaledJobInactive',
            'Scaling is not performed because triggers are not active',
          );
        conditions = setCondition(
          conditions,
          'Active',
          'False',
          'ScalerNotActive',
          'Scaling is not performed because triggers are not active',
        );
      }
      await this.#setConditions(
        conditions,
        combined.isActive ? { lastActiveTime: kubernetesTime(this.#clock.now()) } : {},
      );
      await this.#cleanUp(parsed, jobs);
      logger.debug?.(`ScaledJob ${this.key}: polled`, { running: unfinished.length, pending, created });
    } catch (error) {
      logger.warn(`ScaledJob ${this.key}: poll failed: ${errorMessage(error)}`);
    }
  }

  /** KEDA's `getPendingJobCount`: unfinished Jobs with no Pod running or succeeded (or without the pending conditions). */
  async #pendingCount(parsed: ScaledJob, unfinished: KubeObject[]): Promise<number> {
    let pending = 0;
    const required = parsed.spec.scalingStrategy.pendingPodConditions ?? [];
    for (const job of unfinished) {
      const pods = await this.#context.cluster.list(resources.pods, job.metadata.namespace, {
        labelSelector: `job-name=${job.metadata.name}`,
      });
      const started = pods.some((pod) => {
        const status = pod.status as { phase?: string; conditions?: { type: string; status: string }[] } | undefined;
        if (required.length === 0) return status?.phase === 'Succeeded' || status?.phase === 'Running';
        const fulfilled = new Set(
          (status?.conditions ?? []).filter((c) => required.includes(c.type) && c.status === 'True').map((c) => c.type),
        );
        return fulfilled.size === required.length;
      });
      if (!started) pending++;
    }
    return pending;
  }

  /** KEDA's `generateJobs`: the jobTargetRef as a Job spec, KEDA's labels and annotations, owned by the ScaledJob. */
  #jobFor(parsed: ScaledJob): KubeObject {
    const name = parsed.metadata.name;
    const spec = structuredClone(parsed.spec.jobTargetRef) as {
      template?: { metadata?: { labels?: Record<string, string> }; spec?: { restartPolicy?: string } };
    };
    spec.template ??= {};
    spec.template.metadata ??= {};
    spec.template.metadata.labels = { ...spec.template.metadata.labels, [SCALED_JOB_LABEL]: name };
    spec.template.spec ??= {};
    spec.template.spec.restartPolicy ||= 'OnFailure';
    const excluded = new Set((parsed.metadata.annotations['scaledjob.keda.sh/job-excluded-labels'] ?? '').split(','));
    const labels: Record<string, string> = {
      'app.kubernetes.io/name': name,
      'app.kubernetes.io/part-of': name,
      'app.kubernetes.io/managed-by': 'scalerkit-operator',
      [SCALED_JOB_LABEL]: name,
    };
    for (const [key, value] of Object.entries(parsed.metadata.labels)) if (!excluded.has(key)) labels[key] = value;
    return {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        generateName: `${name}-`,
        namespace: parsed.metadata.namespace,
        labels,
        annotations: {
          'scaledjob.keda.sh/generation': String(this.#object.metadata.generation ?? 0),
          ...parsed.metadata.annotations,
        },
        ...(this.#object.metadata.uid
          ? {
              ownerReferences: [
                {
                  apiVersion: 'keda.sh/v1alpha1',
                  kind: 'ScaledJob',
                  name,
                  uid: this.#object.metadata.uid,
                  controller: true,
                  blockOwnerDeletion: true,
                },
              ],
            }
          : {}),
      } as unknown as KubeObject['metadata'],
      spec,
    };
  }

  /** KEDA's `cleanUp`: finished Jobs beyond `successfulJobsHistoryLimit` / `failedJobsHistoryLimit`, oldest first. */
  async #cleanUp(parsed: ScaledJob, jobs: KubeObject[]): Promise<void> {
    const completionTime = (job: KubeObject) =>
      Date.parse((job.status as JobStatus | undefined)?.completionTime ?? '') || 0;
    for (const [kind, limit] of [
      ['Complete', parsed.spec.successfulJobsHistoryLimit],
      ['Failed', parsed.spec.failedJobsHistoryLimit],
    ] as const) {
      const finished = jobs
        .filter((job) => finishedAs(job) === kind)
        .sort((a, b) => completionTime(a) - completionTime(b));
      for (const job of finished.slice(0, Math.max(0, finished.length - limit))) {
        await this.#context.cluster.delete(resources.jobs, job.metadata.namespace, job.metadata.name, {
          propagationPolicy: 'Background',
        });
      }
    }
  }

  async #setConditions(conditions: Condition[], extra: Record<string, unknown> = {}): Promise<void> {
    const changed = JSON.stringify(conditions) !== JSON.stringify(this.#conditions);
    this.#conditions = conditions;
    if (!changed && Object.keys(extra).length === 0) return;
    try {
      await this.#context.cluster.patchStatus(
        resources.scaledJobs,
        this.#object.metadata.namespace as string,
        this.#object.metadata.name,
        { conditions, ...extra },
      );
    } catch (error) {
      this.#context.logger.warn(`ScaledJob ${this.key}: writing the status failed: ${errorMessage(error)}`);
    }
  }
}
