import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeScalerConformance } from '@scalerkit/testing';
import { directoryQueueScaler } from '../src/index.js';

// The "service" is a temporary directory; the harness fills and empties it.
const root = mkdtempSync(join(tmpdir(), 'directory-queue-'));
const directory = join(root, 'jobs');
let produced = 0;

describeScalerConformance(directoryQueueScaler, {
  setup: () => {
    mkdirSync(directory, { recursive: true });
  },
  teardown: () => rmSync(root, { recursive: true, force: true }),
  metadata: ({ target, activation }) => ({
    directory,
    targetFileCount: String(target),
    activationTargetFileCount: String(activation),
  }),
  requiredParameters: ['directory'],
  invalidMetadata: { targetFileCount: '0', activationTargetFileCount: 'many' },
  reset: () => {
    for (const name of readdirSync(directory)) rmSync(join(directory, name));
  },
  produceBacklog: (count) => {
    for (let i = 0; i < count; i++) writeFileSync(join(directory, `job-${produced++}.json`), '{}');
  },
  unreachableMetadata: ({ target }) => ({ directory: join(root, 'missing'), targetFileCount: String(target) }),
});
