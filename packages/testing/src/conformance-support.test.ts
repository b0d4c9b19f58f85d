import { ScalerConfigError } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { errorValues, outcomeWithin } from './conformance-support.js';

describe('errorValues', () => {
  it('holds the message, property values (nested) and causes, not property names nor stack frames', () => {
    const cause = new Error('inner detail');
    const error = new ScalerConfigError('scaler: bad "target"', { parameter: 'target', scalerType: 'counter', cause });
    const values = errorValues(error);
    expect(values).toContain('scaler: bad "target"');
    expect(values).toContain('counter');
    expect(values).toContain('inner detail');
    expect(values.filter((value) => value === 'target')).toHaveLength(2); // .parameter and .problems[0].parameter
    expect(values).not.toContain('scalerType');
    expect(values.some((value) => value.includes('conformance-support.test.ts'))).toBe(false);
  });

  it('stops at a cycle of causes', () => {
    const first = new Error('first');
    const second = new Error('second', { cause: first });
    (first as { cause?: unknown }).cause = second;
    expect(errorValues(first)).toEqual(['first', 'second']);
  });
});

describe('outcomeWithin', () => {
  it('tells answered, rejected and still pending apart', async () => {
    expect((await outcomeWithin(Promise.resolve(1), 50)).state).toBe('answered');
    expect((await outcomeWithin(Promise.reject(new Error('no')), 50)).state).toBe('rejected');
    expect((await outcomeWithin(new Promise(() => {}), 20)).state).toBe('pending');
  });
});
