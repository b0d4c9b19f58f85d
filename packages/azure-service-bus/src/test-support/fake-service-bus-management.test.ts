// The fake against the real @azure/service-bus client: it must answer the way the client understands.
import { Agent } from 'node:https';
import { ServiceBusAdministrationClient } from '@azure/service-bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServiceBusManagement, startFakeServiceBusManagement } from './fake-service-bus-management.js';

let fake: FakeServiceBusManagement;
let agent: Agent;
const client = (connection = fake.connectionString()) =>
  new ServiceBusAdministrationClient(connection, { agent, retryOptions: { maxRetries: 0 } });

beforeAll(async () => {
  fake = await startFakeServiceBusManagement({ pageSize: 2 });
  agent = new Agent({ ca: fake.ca });
});
afterAll(async () => {
  agent.destroy();
  await fake.close();
});

describe('fake Service Bus management endpoint', () => {
  it('answers queue and subscription runtime properties that the real client parses', async () => {
    fake.setQueue('orders', { activeMessageCount: 3, deadLetterMessageCount: 2 });
    fake.setSubscription('events', 'workers', 4);
    const queue = await client().getQueueRuntimeProperties('orders');
    expect([queue.name, queue.activeMessageCount, queue.deadLetterMessageCount, queue.totalMessageCount]).toEqual([
      'orders',
      3,
      2,
      5,
    ]);
    const subscription = await client().getSubscriptionRuntimeProperties('events', 'workers');
    expect([subscription.topicName, subscription.subscriptionName, subscription.activeMessageCount]).toEqual([
      'events',
      'workers',
      4,
    ]);
  });

  it('answers a missing entity with the empty feed (MessageEntityNotFoundError)', async () => {
    await expect(client().getQueueRuntimeProperties('missing')).rejects.toMatchObject({
      code: 'MessageEntityNotFoundError',
    });
    await expect(client().getSubscriptionRuntimeProperties('events', 'missing')).rejects.toMatchObject({
      code: 'MessageEntityNotFoundError',
    });
  });

  it('refuses a signature made with the wrong key (401)', async () => {
    const wrong = fake.connectionString('RootManageSharedAccessKey', 'd3Jvbmcta2V5');
    await expect(client(wrong).getQueueRuntimeProperties('orders')).rejects.toMatchObject({
      statusCode: 401,
      code: 'UnauthorizedRequestError',
    });
  });

  it('pages listings through the next link, one GET per page', async () => {
    fake.clear();
    for (const [index, count] of [1, 2, 3, 4, 5].entries()) fake.setQueue(`q${index}`, count);
    fake.resetRequests();
    const names: string[] = [];
    for await (const queue of client().listQueuesRuntimeProperties())
      names.push(`${queue.name}=${queue.activeMessageCount}`);
    expect(names).toEqual(['q0=1', 'q1=2', 'q2=3', 'q3=4', 'q4=5']);
    expect(fake.requests.map((request) => [request.path, request.query.$skip ?? '', request.status])).toEqual([
      ['$Resources/Queues', '', 200],
      ['$Resources/Queues', '2', 200],
      ['$Resources/Queues', '4', 200],
    ]);
  });
});
