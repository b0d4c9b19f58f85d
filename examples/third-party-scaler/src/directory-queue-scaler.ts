import { readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { defineScaler, ScalerError } from '@scalerkit/core';
import { createPolledScaler, metricSpec, parseTrigger } from '@scalerkit/core/scaler-kit';
import { type DirectoryQueueConfig, directoryQueueParameters } from './directory-queue-parameters.js';

const type = 'directory-queue';

/** The files waiting in the directory: every file is one queued job. */
async function countFiles(config: DirectoryQueueConfig): Promise<number> {
  let count = 0;
  try {
    for (const entry of await readdir(config.directory, { withFileTypes: true })) {
      if (!entry.isFile() || entry.name.startsWith('.')) continue;
      if (config.extension && !entry.name.endsWith(config.extension)) continue;
      count += 1;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScalerError(
      `${type}: cannot read directory "${config.directory}": ${code === 'ENOENT' ? 'it does not exist' : String(code ?? error)}`,
      { code: code === 'ENOENT' ? 'NOT_FOUND' : 'CONNECTION_ERROR', cause: error },
    );
  }
  return count;
}

/**
 * The `directory-queue` trigger: scales on the number of files in a directory. Only what is specific to the
 * source is here; `createPolledScaler` supplies deadlines, abort, closed state, error codes and redaction.
 *
 * @example
 * registry.register(directoryQueueScaler);
 * // triggers: [{ type: directory-queue, metadata: { directory: /var/spool/jobs, targetFileCount: "10" } }]
 */
export const directoryQueueScaler = defineScaler<DirectoryQueueConfig>({
  type,
  packageName: '@scalerkit-examples/third-party-scaler',
  parse: (input, context) =>
    parseTrigger(
      directoryQueueParameters,
      input,
      {
        scalerType: type,
        validate: (c) => {
          const problems = [];
          if (c.targetFileCount <= 0)
            problems.push({ parameter: 'targetFileCount', message: 'targetFileCount must be > 0' });
          if (c.activationTargetFileCount < 0) {
            problems.push({
              parameter: 'activationTargetFileCount',
              message: 'activationTargetFileCount must be >= 0',
            });
          }
          return problems;
        },
      },
      context,
    ),
  create: (config, context) =>
    createPolledScaler(
      {
        type,
        describe: `counting the files of directory "${config.directory}"`,
        metricSpecs: [metricSpec(config, `${type}-${basename(config.directory)}`, config.targetFileCount)],
        // Nothing to share: every poll opens and closes its own directory handle.
        connection: { key: `${type}|${config.directory}`, open: () => config, close: () => {} },
        measure: async (directory) => {
          const count = await countFiles(directory);
          return { value: count, isActive: count > config.activationTargetFileCount };
        },
      },
      context,
    ),
});
