// The package's one side effect: `import '@scalerkit/rabbitmq/register'` registers the rabbitmq scaler with the
// default registry of @scalerkit/core (registering the same definition twice is a no-op).
import { registry } from '@scalerkit/core';
import { rabbitmqScaler } from './rabbitmq-scaler.js';

registry.register(rabbitmqScaler);
