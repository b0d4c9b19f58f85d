// The package's one side effect: `import '@scalerkit/azure-service-bus/register'` registers the azure-servicebus
// scaler with the default registry of @scalerkit/core (registering the same definition twice is a no-op).
import { registry } from '@scalerkit/core';
import { azureServiceBusScaler } from './azure-service-bus-scaler.js';

registry.register(azureServiceBusScaler);
