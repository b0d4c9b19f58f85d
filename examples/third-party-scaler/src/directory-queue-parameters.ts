import { type InferParameters, parameters as p } from '@scalerkit/core';
import type { TriggerIdentity } from '@scalerkit/core/scaler-kit';

/** Trigger parameters of the `directory-queue` trigger, declared like scalerkit's own scalers declare theirs. */
export const directoryQueueParameters = {
  directory: p.string({ order: ['metadata', 'resolvedEnv'], description: 'The directory whose files are the queue.' }),
  targetFileCount: p.integer({ default: 5, description: 'Target files per replica (> 0).' }),
  activationTargetFileCount: p.integer({ default: 0, description: 'Active when more files than this wait (>= 0).' }),
  extension: p.string({ optional: true, description: 'Count only files ending with this, e.g. `.json`.' }),
};

/** The parsed configuration. */
export type DirectoryQueueConfig = InferParameters<typeof directoryQueueParameters> & TriggerIdentity;
