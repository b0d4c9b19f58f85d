// Creates the `orders` topic (4 partitions) if needed and writes N records to it: a backlog for the worker.
//   node examples/kafka/produce.mjs 200
import { Kafka, logLevel, Partitioners } from 'kafkajs';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const topic = process.env.KAFKA_TOPIC ?? 'orders';
const count = Number(process.argv[2] ?? 200);

const kafka = new Kafka({ clientId: 'orders-producer', brokers, logLevel: logLevel.WARN });
const admin = kafka.admin();
await admin.connect();
if (!(await admin.listTopics()).includes(topic)) {
  await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true });
}
await admin.disconnect();

const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();
await producer.send({
  topic,
  messages: Array.from({ length: count }, (_, index) => ({ key: `order-${index}`, value: JSON.stringify({ index }) })),
});
await producer.disconnect();
console.log(`wrote ${count} records to ${topic}`);
