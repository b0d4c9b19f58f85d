import { describe, expect, it } from 'vitest';
import { LazyAbortController } from './lazy-abort.js';

describe('LazyAbortController', () => {
  it('gives one signal, aborted with the reason when abort() comes after the read', () => {
    const controller = new LazyAbortController();
    const signal = controller.signal;
    expect(controller.signal).toBe(signal);
    expect(signal.aborted).toBe(false);
    const reason = new Error('deadline');
    controller.abort(reason);
    expect([signal.aborted, signal.reason, controller.aborted, controller.reason]).toEqual([
      true,
      reason,
      true,
      reason,
    ]);
  });

  it('a signal first read after abort() is already aborted with the same reason; a second abort changes nothing', () => {
    const controller = new LazyAbortController();
    controller.abort('first');
    controller.abort('second');
    expect(controller.aborted).toBe(true);
    expect([controller.signal.aborted, controller.signal.reason]).toEqual([true, 'first']);
  });

  it('options() carries the signal as an own enumerable property, so a spread passes it on', () => {
    const controller = new LazyAbortController();
    const options = controller.options();
    expect(Object.keys(options)).toEqual(['signal']);
    const spread = { ...options };
    expect(spread.signal).toBe(controller.signal);
    controller.abort('stop');
    expect(spread.signal.aborted).toBe(true);
  });
});
