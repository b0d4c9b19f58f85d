import { describe, expect, it } from 'vitest';
import {
  ScaledObjectValidationError,
  ScalerConfigError,
  ScalerError,
  ScalerTimeoutError,
  toScalerError,
  UnknownTriggerTypeError,
} from './errors.js';

describe('error hierarchy', () => {
  it('gives every error a stable code and keeps the cause', () => {
    const cause = new Error('socket hang up');
    const error = new ScalerError('kafka: fetching offsets failed', { code: 'CONNECTION_ERROR', cause });
    expect(error.code).toBe('CONNECTION_ERROR');
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('ScalerError');
    expect(new ScalerConfigError('x').code).toBe('CONFIG_ERROR');
    expect(new ScaledObjectValidationError([{ path: 'spec', message: 'bad' }]).code).toBe('VALIDATION_ERROR');
    expect(new ScalerTimeoutError('slow', 5).code).toBe('TIMEOUT');
  });

  it('recognises instances by brand across copies of the package', () => {
    const foreign = Object.assign(new Error('from another copy'), {
      [Symbol.for('scalerkit.error')]: ['ScalerConfigError', 'ScalerError'],
    });
    expect(ScalerError.isInstance(foreign)).toBe(true);
    expect(ScalerConfigError.isInstance(foreign)).toBe(true);
    expect(ScaledObjectValidationError.isInstance(foreign)).toBe(false);
    expect(ScalerError.isInstance(new Error('plain'))).toBe(false);
    expect(ScalerError.isInstance(null)).toBe(false);
  });

  it('answers false, without throwing, for a thrown Proxy whose traps throw (issue 10: nothing thrown may crash)', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('get refused');
        },
      },
    );
    expect(ScalerError.isInstance(hostile)).toBe(false);
    expect(ScalerConfigError.isInstance(hostile)).toBe(false);
  });

  it('makes subclasses instances of their parents only', () => {
    const config = new ScalerConfigError('kafka: parameter "lagThreshold" must be a positive integer, got "-3"', {
      parameter: 'lagThreshold',
      scalerType: 'kafka',
    });
    expect(ScalerError.isInstance(config)).toBe(true);
    expect(ScalerConfigError.isInstance(config)).toBe(true);
    expect(UnknownTriggerTypeError.isInstance(config)).toBe(false);
    expect(config.parameter).toBe('lagThreshold');
    expect(config).toBeInstanceOf(ScalerError);
  });

  it('lists every validation issue with its path in the message', () => {
    const error = new ScaledObjectValidationError(
      [
        { path: 'spec.triggers[1].metricType', message: 'must be AverageValue or Value' },
        { path: 'spec.minReplicaCount', message: 'must be >= 0' },
      ],
      { kind: 'ScaledObject' },
    );
    expect(error.message).toBe(
      'invalid ScaledObject: spec.triggers[1].metricType: must be AverageValue or Value; spec.minReplicaCount: must be >= 0',
    );
    expect(error.issues).toHaveLength(2);
  });

  it('wraps foreign thrown values and passes ScalerErrors through', () => {
    const original = new ScalerConfigError('bad');
    expect(toScalerError(original, 'ignored')).toBe(original);
    const wrapped = toScalerError('boom', 'rabbitmq: poll failed', 'METRIC_ERROR');
    expect(wrapped.message).toBe('rabbitmq: poll failed: boom');
    expect(wrapped.code).toBe('METRIC_ERROR');
    expect(wrapped.cause).toBe('boom');
  });
});
