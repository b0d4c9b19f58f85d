export type { DirectoryQueueConfig } from './directory-queue-parameters.js';
export { directoryQueueParameters } from './directory-queue-parameters.js';
export { directoryQueueScaler } from './directory-queue-scaler.js';
