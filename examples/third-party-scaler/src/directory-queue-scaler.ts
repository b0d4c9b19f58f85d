import { readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  defineScaler,
  type MetricSpec,
  type MetricsAndActivity,
  metricNameWithIndex,
  normalizeMetricName,
  parseParameters,
  type Scaler,
  ScalerError,
} from '@scalerkit/core';
import { type DirectoryQueueConfig, directoryQueueParameters } from './directory-queue-parameters.js';

const type = 'directory-queue';

/** Counts the files waiting in a directory: every file is one queued job. */
class DirectoryQueueScaler implements Scaler {
  readonly #config: DirectoryQueueConfig;
  readonly #spec: MetricSpec;
  #closed = false;

  constructor(config: DirectoryQueueConfig) {
    this.#config = config;
    this.#spec = {
      metricName: metricNameWithIndex(
        config.triggerIndex,
        normalizeMetricName(`${type}-${basename(config.directory)}`),
      ),
      targetType: 'AverageValue',
      targetValue: config.targetFileCount,
    };
  }

  getMetricSpecs(): MetricSpec[] {
    return [this.#spec];
  }

  async getMetricsAndActivity(metricName: string, options: { signal?: AbortSignal } = {}): Promise<MetricsAndActivity> {
    if (this.#closed) throw new ScalerError(`${type}: the scaler is closed`, { code: 'CLOSED' });
    options.signal?.throwIfAborted();
    let count = 0;
    try {
      for (const entry of await readdir(this.#config.directory, { withFileTypes: true })) {
        if (!entry.isFile() || entry.name.startsWith('.')) continue;
        if (this.#config.extension && !entry.name.endsWith(this.#config.extension)) continue;
        count += 1;
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ScalerError(
        `${type}: cannot read directory "${this.#config.directory}": ${code === 'ENOENT' ? 'it does not exist' : String(code ?? error)}`,
        { code: code === 'ENOENT' ? 'NOT_FOUND' : 'CONNECTION_ERROR', cause: error },
      );
    }
    return {
      metrics: [{ metricName, value: count }],
      isActive: count > this.#config.activationTargetFileCount,
    };
  }

  async close(): Promise<void> {
    this.#closed = true; // nothing to release: every poll opens and closes its own directory handle
  }
}

/**
 * The `directory-queue` trigger: scales on the number of files in a directory.
 *
 * @example
 * registry.register(directoryQueueScaler);
 * // triggers: [{ type: directory-queue, metadata: { directory: /var/spool/jobs, targetFileCount: "10" } }]
 */
export const directoryQueueScaler = defineScaler<DirectoryQueueConfig>({
  type,
  packageName: '@scalerkit-examples/third-party-scaler',
  parse(input) {
    const config = parseParameters(directoryQueueParameters, input, {
      scalerType: type,
      validate: (c) => {
        const problems = [];
        if (c.targetFileCount <= 0)
          problems.push({ parameter: 'targetFileCount', message: 'targetFileCount must be > 0' });
        if (c.activationTargetFileCount < 0) {
          problems.push({ parameter: 'activationTargetFileCount', message: 'activationTargetFileCount must be >= 0' });
        }
        return problems;
      },
    });
    return { ...config, triggerIndex: input.triggerIndex ?? 0 };
  },
  create: (config) => new DirectoryQueueScaler(config),
});
