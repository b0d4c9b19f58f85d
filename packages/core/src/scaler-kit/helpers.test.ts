import { FakeClock } from '@scalerkit/testing';
import { describe, expect, it } from 'vitest';
import { ScalerError, ScalerTimeoutError } from '../errors.js';
import type { Logger } from '../logger.js';
import { parameters as p } from '../parameters/builders.js';
import type { ScalerEvent } from '../types.js';
import { classifyError, errorStatus, tlsHint, toScalerFailure } from './classify.js';
import { combineSignals, settleWithin, untilAborted, withDeadline } from './deadline.js';
import { metricSpec, parseTrigger, triggerIdentity } from './identity.js';
import { redactingLogger, redactSecrets } from './redact.js';
import { buildTlsOptions } from './tls.js';

const coded = (code: string, message = `failed with ${code}`) => Object.assign(new Error(message), { code });

describe('withDeadline', () => {
  it('settles with the work when it is first', async () => {
    const clock = new FakeClock();
    await expect(withDeadline(Promise.resolve(4), { timeoutMs: 10, what: 'x', clock })).resolves.toBe(4);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects with ScalerTimeoutError at the deadline, on the given clock', async () => {
    const clock = new FakeClock();
    const late = withDeadline(new Promise(() => {}), { timeoutMs: 250, what: 'q: reading', clock }).catch(
      (e: unknown) => e,
    );
    await clock.advance(249);
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(1);
    const error = await late;
    expect(error).toBeInstanceOf(ScalerTimeoutError);
    expect(error).toMatchObject({
      code: 'TIMEOUT',
      timeoutMs: 250,
      message: 'q: reading did not answer within 250 ms',
    });
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects with ABORTED when the signal aborts, keeping its reason, and removes its timer', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const waiting = withDeadline(new Promise(() => {}), {
      timeoutMs: 250,
      what: 'q',
      signal: controller.signal,
      clock,
    });
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(waiting).rejects.toMatchObject({ code: 'ABORTED', message: 'q was aborted', cause: reason });
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects at once for an aborted signal and absorbs the late rejection of the work', async () => {
    const controller = new AbortController();
    controller.abort();
    let rejectWork: (error: Error) => void = () => {};
    const work = new Promise((_resolve, reject) => {
      rejectWork = reject;
    });
    await expect(withDeadline(work, { timeoutMs: 5, what: 'q', signal: controller.signal })).rejects.toMatchObject({
      code: 'ABORTED',
    });
    rejectWork(new Error('late'));
    await new Promise((resolve) => setImmediate(resolve)); // an unhandled rejection would fail the run
  });
});

describe('untilAborted', () => {
  it('settles as the work does while the signal stays unaborted', async () => {
    const controller = new AbortController();
    await expect(untilAborted(Promise.resolve(4), controller.signal)).resolves.toBe(4);
    await expect(untilAborted(Promise.reject(new Error('refused')), controller.signal)).rejects.toThrow('refused');
  });

  it('rejects with the abort reason as the signal aborts, before the work settles, and at once when already aborted', async () => {
    const controller = new AbortController();
    const waiting = untilAborted(new Promise(() => {}), controller.signal);
    const reason = new Error('poll timed out');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    await expect(untilAborted(Promise.resolve(1), controller.signal)).rejects.toBe(reason);
  });
});

describe('settleWithin and combineSignals', () => {
  it('waits for every promise, or gives up at the bound without a timer left', async () => {
    const clock = new FakeClock();
    let settled = false;
    const waiting = settleWithin([new Promise(() => {}), Promise.reject(new Error('x'))], 100, clock).then(() => {
      settled = true;
    });
    await clock.advance(99);
    expect(settled).toBe(false);
    await clock.advance(1);
    await waiting;
    expect(settled).toBe(true);
    expect(clock.pendingTimers).toBe(0);
    await settleWithin([Promise.resolve(1)], 100, clock);
    expect(clock.pendingTimers).toBe(0);
  });

  it('combines signals: undefined for none, the signal itself for one, any of several', () => {
    expect(combineSignals(undefined, undefined)).toBeUndefined();
    const one = new AbortController();
    expect(combineSignals(undefined, one.signal)).toBe(one.signal);
    const two = new AbortController();
    const combined = combineSignals(one.signal, two.signal)!;
    expect(combined.aborted).toBe(false);
    two.abort('second');
    expect(combined.aborted).toBe(true);
    expect(combined.reason).toBe('second');
  });
});

describe('redaction', () => {
  it('replaces each secret and its URL-encoded form, longest first, ignoring short or absent ones', () => {
    expect(redactSecrets('pw p@ss/word and p%40ss%2Fword', ['p@ss/word'])).toBe('pw *** and ***');
    expect(redactSecrets('abc-def and abc', ['abc', 'abc-def'])).toBe('*** and ***');
    expect(redactSecrets('a ab', ['a', 'ab', undefined])).toBe('a ab');
  });

  it('scrubs messages and fields of every log level', () => {
    const seen: unknown[] = [];
    const record = (level: string) => (message: string, fields?: Record<string, unknown>) =>
      seen.push([level, message, fields]);
    const logger: Logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    };
    const scrubbed = redactingLogger(logger, ['t0ken']);
    scrubbed.debug('use t0ken', { nested: { list: ['Bearer t0ken', 3] } });
    scrubbed.error('failed', { error: new Error('bad t0ken') });
    expect(seen).toEqual([
      ['debug', 'use ***', { nested: { list: ['Bearer ***', 3] } }],
      ['error', 'failed', { error: 'bad ***' }],
    ]);
    expect(redactingLogger(logger, [undefined])).toBe(logger);
  });
});

describe('classifyError', () => {
  const table: [string, unknown, string][] = [
    ['a ScalerError keeps its code', new ScalerError('x', { code: 'NOT_FOUND' }), 'NOT_FOUND'],
    ['HTTP 401', Object.assign(new Error('x'), { status: 401 }), 'AUTHENTICATION_ERROR'],
    [
      'HTTP 403 in the AWS SDK shape',
      Object.assign(new Error('x'), { $metadata: { httpStatusCode: 403 } }),
      'AUTHENTICATION_ERROR',
    ],
    ['HTTP 404 as statusCode', Object.assign(new Error('x'), { statusCode: 404 }), 'NOT_FOUND'],
    ['authentication words', new Error('ACCESS_REFUSED - Login was refused'), 'AUTHENTICATION_ERROR'],
    ['ECONNREFUSED', coded('ECONNREFUSED'), 'CONNECTION_ERROR'],
    ['ENOTFOUND in a cause', Object.assign(new Error('wrapped'), { cause: coded('ENOTFOUND') }), 'CONNECTION_ERROR'],
    ['an untrusted certificate', coded('SELF_SIGNED_CERT_IN_CHAIN'), 'CONNECTION_ERROR'],
    ['an OpenSSL alert', coded('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'), 'CONNECTION_ERROR'],
    ['a closed socket in words', new Error('socket hang up'), 'CONNECTION_ERROR'],
    ['anything else', new Error('unexpected answer'), 'METRIC_ERROR'],
    ['a thrown string', 'nope', 'METRIC_ERROR'],
  ];
  for (const [name, error, code] of table) {
    it(`${name} → ${code}`, () => expect(classifyError(error)).toBe(code));
  }

  it('reads the status through causes', () => {
    expect(errorStatus({ cause: { status: 503 } })).toBe(503);
    expect(errorStatus(new Error('x'))).toBeUndefined();
  });

  it('hints at TLS causes, naming the peer', () => {
    expect(tlsHint(coded('DEPTH_ZERO_SELF_SIGNED_CERT'), 'broker')).toBe(
      ` (TLS: the broker's certificate was not accepted, DEPTH_ZERO_SELF_SIGNED_CERT; give the CA that signed it in "ca", or set "unsafeSsl")`,
    );
    expect(tlsHint(coded('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'))).toContain('the server refused the handshake');
    expect(tlsHint(coded('ECONNREFUSED'))).toBe('');
  });
});

describe('toScalerFailure', () => {
  it('keeps a ScalerError, scrubbing a secret from its message only when needed', () => {
    const clean = new ScalerError('q: nothing secret', { code: 'TIMEOUT' });
    expect(toScalerFailure(clean, { what: 'q', secrets: ['hunter22'] })).toBe(clean);
    const leaky = new ScalerError('q: bad hunter22', { code: 'METRIC_ERROR' });
    const safe = toScalerFailure(leaky, { what: 'q', secrets: ['hunter22'] });
    expect(safe).toMatchObject({ code: 'METRIC_ERROR', message: 'q: bad ***' });
  });

  it('wraps anything else with what failed, a code, the hint and the cause', () => {
    const cause = coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5672');
    const failure = toScalerFailure(cause, { what: 'rabbitmq: reading queue "q"', hint: () => ' (is it up?)' });
    expect(failure).toMatchObject({
      code: 'CONNECTION_ERROR',
      message: 'rabbitmq: reading queue "q" failed: connect ECONNREFUSED 127.0.0.1:5672 (is it up?)',
      cause,
    });
  });
});

describe('trigger identity', () => {
  it('defaults to index 0 and AverageValue, and carries name and asMetricSource only when given', () => {
    expect(triggerIdentity({ metadata: {} })).toStrictEqual({ triggerIndex: 0, metricType: 'AverageValue' });
    expect(
      triggerIdentity({ metadata: {}, triggerIndex: 3, metricType: 'Value', triggerName: 'q', asMetricSource: true }),
    ).toStrictEqual({ triggerIndex: 3, metricType: 'Value', triggerName: 'q', asMetricSource: true });
  });

  it('refuses a metric type other than AverageValue or Value, naming metricType (KEDA GetMetricTargetType)', () => {
    for (const metricType of ['Utilization', 'averagevalue', '']) {
      let error: unknown;
      try {
        triggerIdentity({ metadata: {}, metricType: metricType as 'Value' });
      } catch (caught) {
        error = caught;
      }
      if (metricType === '') {
        expect(error).toBeUndefined(); // empty is KEDA's default, AverageValue
        continue;
      }
      expect(error).toMatchObject({ code: 'CONFIG_ERROR', parameter: 'metricType' });
    }
  });

  it('makes a MetricSpec with the index, KEDA normalization and the metric type', () => {
    expect(metricSpec({ triggerIndex: 1, metricType: 'Value' }, 'queue-a/b.c:d%e(f)', 20)).toEqual({
      metricName: 's1-queue-a-b-c-d-e-f-',
      targetType: 'Value',
      targetValue: 20,
    });
  });

  it('parseTrigger adds the identity and sends notices to the parse context', () => {
    const declared = {
      queueName: p.string({ description: 'the queue' }),
      old: p.string({ optional: true, deprecatedAnnounce: 'old is going away', description: 'old' }),
    };
    const events: ScalerEvent[] = [];
    const config = parseTrigger(
      declared,
      { metadata: { queueName: 'q', old: 'x', stray: '1' }, triggerIndex: 2, metricType: 'Value' },
      { scalerType: 'test' },
      { emit: (event) => events.push(event), warnUnexpected: true },
    );
    expect(config).toStrictEqual({ queueName: 'q', old: 'x', triggerIndex: 2, metricType: 'Value' });
    expect(events.map((event) => event.message)).toEqual([
      'scaler test info: old is going away',
      'Unmatched input property stray in scaler test',
    ]);
  });
});

describe('buildTlsOptions', () => {
  it('names the trigger parameter at fault, with the trigger own names', () => {
    let error: unknown;
    try {
      buildTlsOptions({ ca: 'not a certificate' }, { scalerType: 'rabbitmq', parameterNames: { ca: 'caCert' } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: 'CONFIG_ERROR',
      parameter: 'caCert',
      message: 'rabbitmq: "caCert" holds no PEM certificate (-----BEGIN CERTIFICATE-----)',
    });
  });

  it('ignores a cert without a key (KEDA loads them only together) and sets TLS 1.2 at least', () => {
    expect(buildTlsOptions({ cert: 'x' }, { scalerType: 't' })).toEqual({
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    });
    expect(buildTlsOptions({ unsafeSsl: true }, { scalerType: 't' })).toEqual({
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    });
  });
});

describe('values without a usable toString', () => {
  it('classify and toScalerFailure describe Object.create(null) instead of throwing', () => {
    const odd = Object.create(null);
    expect(classifyError(odd)).toBe('METRIC_ERROR');
    expect(toScalerFailure(odd, { what: 'q: reading' }).message).toBe('q: reading failed: [object Object]');
  });
});
