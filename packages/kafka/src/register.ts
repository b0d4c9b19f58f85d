// The package's one side effect: `import '@scalerkit/kafka/register'` registers the kafka scaler with
// the default registry of @scalerkit/core (registering the same definition twice is a no-op).
import { registry } from '@scalerkit/core';
import { kafkaScaler } from './kafka-scaler.js';

registry.register(kafkaScaler);
