// KEDA v2.21.0 pkg/scalers/rabbitmq_scaler_test.go: testQueueInfoTestData, testQueueInfoTestDataSingleVhost and
// testRegexQueueInfoTestData, as data (management API answer, HTTP status, expected activity, extra trigger metadata).
// Generated once from that file; kept verbatim so that the expectations are KEDA's.

export interface KedaQueueInfoRow {
  response: string;
  status: number;
  isActive: boolean;
  metadata: Record<string, string>;
}

export const kedaQueueInfoRows: KedaQueueInfoRow[] = [
  {
    response:
      '{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10' },
  },
  {
    response:
      '{"messages": 1, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10' },
  },
  {
    response:
      '{"messages": 1, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10' },
  },
  {
    response:
      '{"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: false,
    metadata: { queueLength: '10' },
  },
  {
    response:
      '{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 1.4}, "deliver_get_details": {"rate": 0.8}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10' },
  },
  {
    response:
      '{"messages": 1, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 1.4}, "deliver_get_details": {"rate": 1.2}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10' },
  },
  {
    response:
      '{"messages": 1, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 1.4}, "deliver_get_details": {"rate": 1.6}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10' },
  },
  {
    response:
      '{"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 1.4}, "deliver_get_details": {"rate": 2}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: false,
    metadata: { queueLength: '10' },
  },
  {
    response:
      '{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 1.3}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { value: '100', mode: 'QueueLength' },
  },
  {
    response:
      '{"messages": 1, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 1}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { value: '100', mode: 'QueueLength' },
  },
  {
    response:
      '{"messages": 1, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 1}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { value: '100', mode: 'QueueLength' },
  },
  {
    response:
      '{"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: false,
    metadata: { value: '100', mode: 'QueueLength' },
  },
  {
    response:
      '{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 1.4}, "deliver_get_details": {"rate": 1.3}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { value: '100', mode: 'QueueLength' },
  },
  {
    response:
      '{"messages": 1, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 1.4}, "deliver_get_details": {"rate": 1}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { value: '100', mode: 'QueueLength' },
  },
  {
    response:
      '{"messages": 1, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 1.4}, "deliver_get_details": {"rate": 1}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { value: '100', mode: 'QueueLength' },
  },
  {
    response:
      '{"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 1.4}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: false,
    metadata: { value: '100', mode: 'QueueLength' },
  },
  {
    response:
      '{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 1.3}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { value: '100', mode: 'MessageRate' },
  },
  {
    response:
      '{"messages": 1, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 1}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { value: '100', mode: 'MessageRate' },
  },
  {
    response:
      '{"messages": 1, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 1}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { value: '100', mode: 'MessageRate' },
  },
  {
    response:
      '{"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: false,
    metadata: { value: '100', mode: 'MessageRate' },
  },
  {
    response:
      '{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 1.4}, "deliver_get_details": {"rate": 1.3}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { value: '100', mode: 'MessageRate' },
  },
  {
    response:
      '{"messages": 1, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 1.4}, "deliver_get_details": {"rate": 1}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { value: '100', mode: 'MessageRate' },
  },
  {
    response:
      '{"messages": 1, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 1.4}, "deliver_get_details": {"rate": 1}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { value: '100', mode: 'MessageRate' },
  },
  {
    response:
      '{"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 1.4}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { value: '100', mode: 'MessageRate' },
  },
  {
    response:
      '{"messages": 30, "messages_unacknowledged": 10, "message_stats": {"publish_details": {"rate": 5}, "deliver_get_details": {"rate": 1}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { value: '100', mode: 'DeliverGetRate' },
  },
  {
    response:
      '{"messages": 20, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 10}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { value: '100', mode: 'DeliverGetRate' },
  },
  {
    response:
      '{"messages": 10, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 12.5}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { value: '100', mode: 'DeliverGetRate' },
  },
  {
    response:
      '{"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: false,
    metadata: { value: '100', mode: 'DeliverGetRate' },
  },
  {
    response:
      '{"messages": 45, "messages_unacknowledged": 5, "message_stats": {"publish_details": {"rate": 5.5}, "deliver_get_details": {"rate": 1.5}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { value: '100', mode: 'DeliverGetRate' },
  },
  {
    response:
      '{"messages": 22, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 1.5}, "deliver_get_details": {"rate": 23}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { value: '100', mode: 'DeliverGetRate' },
  },
  {
    response:
      '{"messages": 3, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 18.5}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { value: '100', mode: 'DeliverGetRate' },
  },
  {
    response:
      '{"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: false,
    metadata: { value: '100', mode: 'DeliverGetRate' },
  },
  { response: 'Password is incorrect', status: 401, isActive: false, metadata: {} },
];

export const kedaSingleVhostRows: KedaQueueInfoRow[] = [
  {
    response:
      '{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 1.4}, "deliver_get_details": {"rate": 1.6}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { hostFromEnv: 'plainHost', vhostName: 'myhost' },
  },
  {
    response:
      '{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 1.4}, "deliver_get_details": {"rate": 2}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { hostFromEnv: 'plainHost', vhostName: '/' },
  },
  {
    response:
      '{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 1.4}, "deliver_get_details": {"rate": 2.5}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { hostFromEnv: 'plainHost', vhostName: '' },
  },
  {
    response:
      '{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { hostFromEnv: 'plainHost', vhostName: 'myhost' },
  },
  {
    response:
      '{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { hostFromEnv: 'plainHost', vhostName: '/' },
  },
  {
    response:
      '{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"}',
    status: 200,
    isActive: true,
    metadata: { hostFromEnv: 'plainHost', vhostName: '' },
  },
];

export const kedaRegexQueueInfoRows: KedaQueueInfoRow[] = [
  {
    response:
      '{"items":[{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'sum' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'sum' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'sum' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'sum' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: false,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'sum' },
  },
  {
    response: '{"items":[]}',
    status: 200,
    isActive: false,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'sum' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_ready": 3, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 4, "messages_ready": 3, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'sum', excludeUnacknowledged: 'true' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_ready": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 4, "messages_ready": 3, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'sum', excludeUnacknowledged: 'true' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_ready": 3, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_ready": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'sum', excludeUnacknowledged: 'true' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_ready": 3, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'sum' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_ready": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_ready": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: false,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'sum', excludeUnacknowledged: 'true' },
  },
  {
    response: '{"items":[]}',
    status: 200,
    isActive: false,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'sum' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'max' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'max' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'max' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'max' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: false,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'max' },
  },
  {
    response: '{"items":[]}',
    status: 200,
    isActive: false,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'max' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_ready": 3, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 4, "messages_ready": 3, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'max', excludeUnacknowledged: 'true' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_ready": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 4, "messages_ready": 3, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'max', excludeUnacknowledged: 'true' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_ready": 3, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_ready": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'max', excludeUnacknowledged: 'true' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_ready": 3, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'max' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_ready": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_ready": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: false,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'max', excludeUnacknowledged: 'true' },
  },
  {
    response: '{"items":[]}',
    status: 200,
    isActive: false,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'max' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'avg' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'avg' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'avg' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'avg' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: false,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'avg' },
  },
  {
    response: '{"items":[]}',
    status: 200,
    isActive: false,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'avg' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_ready": 3, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 4, "messages_ready": 3, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'avg', excludeUnacknowledged: 'true' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_ready": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 4, "messages_ready": 3, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'avg', excludeUnacknowledged: 'true' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_ready": 3, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_ready": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'avg', excludeUnacknowledged: 'true' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_ready": 3, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'avg' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_ready": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_ready": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: false,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'avg', excludeUnacknowledged: 'true' },
  },
  {
    response: '{"items":[]}',
    status: 200,
    isActive: false,
    metadata: { queueLength: '10', useRegex: 'true', operation: 'avg' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'MessageRate', value: '1000', useRegex: 'true', operation: 'sum' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'MessageRate', value: '1000', useRegex: 'true', operation: 'sum' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'MessageRate', value: '1000', useRegex: 'true', operation: 'sum' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'MessageRate', value: '1000', useRegex: 'true', operation: 'sum' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: false,
    metadata: { mode: 'MessageRate', value: '1000', useRegex: 'true', operation: 'sum' },
  },
  {
    response: '{"items":[]}',
    status: 200,
    isActive: false,
    metadata: { mode: 'MessageRate', value: '1000', useRegex: 'true', operation: 'sum' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'MessageRate', value: '1000', useRegex: 'true', operation: 'max' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'MessageRate', value: '1000', useRegex: 'true', operation: 'max' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'MessageRate', value: '1000', useRegex: 'true', operation: 'max' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'MessageRate', value: '1000', useRegex: 'true', operation: 'max' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: false,
    metadata: { mode: 'MessageRate', value: '1000', useRegex: 'true', operation: 'max' },
  },
  {
    response: '{"items":[]}',
    status: 200,
    isActive: false,
    metadata: { mode: 'MessageRate', value: '1000', useRegex: 'true', operation: 'max' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'MessageRate', value: '1000', useRegex: 'true', operation: 'avg' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'MessageRate', value: '1000', useRegex: 'true', operation: 'avg' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'MessageRate', value: '1000', useRegex: 'true', operation: 'avg' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'MessageRate', value: '1000', useRegex: 'true', operation: 'avg' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"},{"messages": 0, "messages_unacknowledged": 1, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: false,
    metadata: { mode: 'MessageRate', value: '1000', useRegex: 'true', operation: 'avg' },
  },
  {
    response: '{"items":[]}',
    status: 200,
    isActive: false,
    metadata: { mode: 'MessageRate', value: '1000', useRegex: 'true', operation: 'avg' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 2}}, "name": "evaluate_trials"}, {"messages": 2, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 2}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'DeliverGetRate', value: '1000', useRegex: 'true', operation: 'sum' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"}, {"messages": 4, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 4}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'DeliverGetRate', value: '1000', useRegex: 'true', operation: 'sum' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 4}}, "name": "evaluate_trials"}, {"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'DeliverGetRate', value: '1000', useRegex: 'true', operation: 'sum' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 4}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'DeliverGetRate', value: '1000', useRegex: 'true', operation: 'sum' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"}, {"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: false,
    metadata: { mode: 'DeliverGetRate', value: '1000', useRegex: 'true', operation: 'sum' },
  },
  {
    response: '{"items":[]}',
    status: 200,
    isActive: false,
    metadata: { mode: 'DeliverGetRate', value: '1000', useRegex: 'true', operation: 'sum' },
  },
  {
    response:
      '{"items":[{"messages": 8, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 2}}, "name": "evaluate_trials"}, {"messages": 4, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 4}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'DeliverGetRate', value: '1000', useRegex: 'true', operation: 'max' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"}, {"messages": 4, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 4}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'DeliverGetRate', value: '1000', useRegex: 'true', operation: 'max' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 4}}, "name": "evaluate_trials"}, {"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'DeliverGetRate', value: '1000', useRegex: 'true', operation: 'max' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 4}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'DeliverGetRate', value: '1000', useRegex: 'true', operation: 'max' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"}, {"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: false,
    metadata: { mode: 'DeliverGetRate', value: '1000', useRegex: 'true', operation: 'max' },
  },
  {
    response: '{"items":[]}',
    status: 200,
    isActive: false,
    metadata: { mode: 'DeliverGetRate', value: '1000', useRegex: 'true', operation: 'max' },
  },
  {
    response:
      '{"items":[{"messages": 8, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 4}}, "name": "evaluate_trials"}, {"messages": 4, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 4}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'DeliverGetRate', value: '1000', useRegex: 'true', operation: 'avg' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"}, {"messages": 4, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 4}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'DeliverGetRate', value: '1000', useRegex: 'true', operation: 'avg' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 4}}, "name": "evaluate_trials"}, {"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'DeliverGetRate', value: '1000', useRegex: 'true', operation: 'avg' },
  },
  {
    response:
      '{"items":[{"messages": 4, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 4}, "deliver_get_details": {"rate": 4}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: true,
    metadata: { mode: 'DeliverGetRate', value: '1000', useRegex: 'true', operation: 'avg' },
  },
  {
    response:
      '{"items":[{"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trials"}, {"messages": 0, "messages_unacknowledged": 0, "message_stats": {"publish_details": {"rate": 0}, "deliver_get_details": {"rate": 0}}, "name": "evaluate_trial2"}]}',
    status: 200,
    isActive: false,
    metadata: { mode: 'DeliverGetRate', value: '1000', useRegex: 'true', operation: 'avg' },
  },
  {
    response: '{"items":[]}',
    status: 200,
    isActive: false,
    metadata: { mode: 'DeliverGetRate', value: '1000', useRegex: 'true', operation: 'avg' },
  },
];
