import { describe, expect, it } from 'vitest';
import { simulate } from './simulate.js';

const scaledObject = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: { name: 'sharing' },
  spec: {
    scaleTargetRef: { name: 'app' },
    triggers: [{ type: 'rabbitmq', name: 'queue', metadata: { queueName: 'q', mode: 'QueueLength', value: '10' } }],
  },
};

describe('simulate: steps share what did not change', () => {
  it('metrics, activity and errors are the previous step’s objects while equal, new objects when they change', () => {
    const result = simulate({
      scaledObject,
      initialReplicas: 1,
      until: 6,
      timeline: {
        queue: [
          { at: 0, value: 5 },
          { at: 3, error: 'down' },
          { at: 5, value: 5 },
        ],
      },
    });
    const [s0, s1, s2, s3, s4, s5] = result.steps;
    expect(s1?.metrics).toBe(s0?.metrics);
    expect(s2?.activity).toBe(s0?.activity);
    expect(s2?.errors).toBe(s0?.errors);
    expect(s3?.errors).not.toBe(s2?.errors);
    expect([s3?.errors, s3?.metrics, s4?.errors]).toEqual([{ queue: 'down' }, {}, { queue: 'down' }]);
    expect(s4?.errors).toBe(s3?.errors);
    expect(s5?.metrics).not.toBe(s4?.metrics);
    expect([s5?.metrics, s5?.errors]).toEqual([{ queue: 5 }, {}]);
  });
});
