// The scalerkit side of bench/keda/rabbitmq-nats-side-by-side.bench.mjs: a process of its own that speaks the
// oracle's JSON-line protocol (bench/keda/lib/worker.ts), so both sides are measured the same way.
import type { ScalerDefinition } from '@scalerkit/core';
import { natsJetStreamScaler } from '@scalerkit/nats-jetstream';
import { rabbitmqScaler } from '@scalerkit/rabbitmq';
import { benchContext, serveWorker } from './lib/worker.js';

const definitions: Record<string, ScalerDefinition<unknown>> = {
  rabbitmq: rabbitmqScaler as never,
  'nats-jetstream': natsJetStreamScaler as never,
};

serveWorker((request) => {
  const definition = definitions[request.triggerType ?? ''];
  if (!definition) throw new Error(`worker: trigger type ${request.triggerType} not wired`);
  const config = definition.parse({ metadata: request.metadata ?? {}, authParams: request.authParams });
  return { scaler: definition.create(config, benchContext()) };
});
