// A slow consumer of the `orders` topic in group `orders-worker`: about 10 records per second per replica.
// `scalerkit run ... --target exec -- node examples/kafka/worker.mjs` starts as many copies as the
// autoscaler decides. KAFKA_BROKERS (default 127.0.0.1:19092) says where the broker is.
import { Kafka, logLevel } from 'kafkajs';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const topic = process.env.KAFKA_TOPIC ?? 'orders';
const groupId = process.env.KAFKA_GROUP ?? 'orders-worker';
const perRecordMs = Number(process.env.WORK_MS ?? 100);

// Rebalances log as errors in kafkajs; they are routine when replicas come and go.
const kafka = new Kafka({ clientId: `orders-worker-${process.pid}`, brokers, logLevel: logLevel.NOTHING });
const consumer = kafka.consumer({ groupId });
await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });

let handled = 0;
await consumer.run({
  // Offsets are committed as records are handled, so the scaler sees the lag shrink.
  eachMessage: async ({ partition, message }) => {
    await new Promise((resolve) => setTimeout(resolve, perRecordMs));
    handled += 1;
    if (handled % 50 === 0)
      console.log(`worker ${process.pid}: ${handled} records (last: partition ${partition}, offset ${message.offset})`);
  },
});

const stop = async () => {
  await consumer.disconnect();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
