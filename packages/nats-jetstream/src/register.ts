// The package's one side effect: `import '@scalerkit/nats-jetstream/register'` registers the nats-jetstream
// scaler with the default registry of @scalerkit/core (registering the same definition twice is a no-op).
import { registry } from '@scalerkit/core';
import { natsJetStreamScaler } from './nats-jetstream-scaler.js';

registry.register(natsJetStreamScaler);
