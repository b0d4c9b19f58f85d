// The package's one side effect: `import '@scalerkit/azure-storage-queue/register'` registers the azure-queue
// scaler with the default registry of @scalerkit/core (registering the same definition twice is a no-op).
import { registry } from '@scalerkit/core';
import { azureQueueScaler } from './azure-storage-queue-scaler.js';

registry.register(azureQueueScaler);
