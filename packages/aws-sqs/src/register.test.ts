import { registry } from '@scalerkit/core';
import { expect, it } from 'vitest';
import { awsSqsQueueScaler } from './aws-sqs-scaler.js';

it('registers the aws-sqs-queue scaler with the default registry when imported', async () => {
  await import('./register.js');
  expect(registry.get('aws-sqs-queue')).toBe(awsSqsQueueScaler);
});
