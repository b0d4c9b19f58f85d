// The scalerkit side of bench/keda/kafka-side-by-side.bench.mjs: a process of its own that speaks the oracle's
// JSON-line protocol (bench/keda/lib/worker.ts), so both sides are measured the same way from outside (RSS, CPU) and
// inside (latency per poll). Each poll also reports the Kafka requests kafkajs sent for it (its request events).
import { createKafkaJsAdmin, KafkaScaler, kafkaScaler } from '@scalerkit/kafka';
import { benchContext, serveWorker } from './lib/worker.js';

let requests = 0;

serveWorker((request) => {
  if (request.triggerType !== 'kafka') throw new Error(`worker: trigger type ${request.triggerType} not wired`);
  const config = kafkaScaler.parse({ metadata: request.metadata ?? {}, authParams: request.authParams });
  const scaler = new KafkaScaler(config, benchContext(), {
    createAdmin: (options) => createKafkaJsAdmin({ ...options, onRequest: () => (requests += 1) }),
  });
  return { scaler, requestsSent: () => requests };
});
