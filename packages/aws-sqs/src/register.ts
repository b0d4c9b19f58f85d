// The package's one side effect: `import '@scalerkit/aws-sqs/register'` registers the aws-sqs-queue scaler with
// the default registry of @scalerkit/core (registering the same definition twice is a no-op).
import { registry } from '@scalerkit/core';
import { awsSqsQueueScaler } from './aws-sqs-scaler.js';

registry.register(awsSqsQueueScaler);
