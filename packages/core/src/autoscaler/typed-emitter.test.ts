import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../logger.js';
import { TypedEmitter } from './typed-emitter.js';

interface Events {
  tick: number;
  error: Error;
}

describe('TypedEmitter', () => {
  it('calls listeners in the order added and unsubscribes through the returned function', () => {
    const events = new TypedEmitter<Events>();
    const seen: string[] = [];
    const offA = events.on('tick', (n) => seen.push(`a${n}`));
    events.on('tick', (n) => seen.push(`b${n}`));
    expect(events.emit('tick', 1)).toBe(true);
    offA();
    offA();
    events.emit('tick', 2);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
    expect(events.listenerCount('tick')).toBe(1);
  });

  it('removes one registration per unsubscribe when the same function is added twice', () => {
    const events = new TypedEmitter<Events>();
    const listener = vi.fn();
    const off = events.on('tick', listener);
    events.on('tick', listener);
    off();
    events.emit('tick', 1);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('does not throw when an error event has no listener', () => {
    const events = new TypedEmitter<Events>();
    expect(events.emit('error', new Error('nobody listens'))).toBe(false);
  });

  it('logs a throwing listener and still calls the others', () => {
    const logger: Logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const events = new TypedEmitter<Events>(logger);
    const after = vi.fn();
    events.on('tick', () => {
      throw new Error('listener bug');
    });
    events.on('tick', after);
    expect(() => events.emit('tick', 3)).not.toThrow();
    expect(after).toHaveBeenCalledWith(3);
    expect(logger.error).toHaveBeenCalledWith('event listener threw', { event: 'tick', error: 'listener bug' });
  });

  it('once() fires a single time; clear() removes everything', () => {
    const events = new TypedEmitter<Events>();
    const listener = vi.fn();
    events.once('tick', listener);
    events.emit('tick', 1);
    events.emit('tick', 2);
    expect(listener).toHaveBeenCalledTimes(1);
    events.on('tick', listener);
    events.clear();
    expect(events.emit('tick', 3)).toBe(false);
  });

  it('counts no listener for an event never listened to, and logs a thrown non-Error as text', () => {
    const error = vi.fn();
    const logger: Logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error };
    const events = new TypedEmitter<Events>(logger);
    expect(events.listenerCount('error')).toBe(0);
    events.on('tick', () => {
      throw 'boom';
    });
    expect(events.emit('tick', 1)).toBe(true);
    expect(error).toHaveBeenCalledWith('event listener threw', { event: 'tick', error: 'boom' });
  });

  it('logs a listener that throws a value without toString, and an async listener that rejects, as text', async () => {
    const error = vi.fn();
    const events = new TypedEmitter<Events>({ debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error });
    events.on('tick', () => {
      throw Object.create(null);
    });
    events.once('tick', async () => {
      throw new Error('async listener bug');
    });
    expect(events.emit('tick', 1)).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(error.mock.calls).toEqual([
      ['event listener threw', { event: 'tick', error: '[object Object]' }],
      ['event listener threw', { event: 'tick', error: 'async listener bug' }],
    ]);
  });

  it('ignores what a listener returns when reading its then throws', () => {
    const events = new TypedEmitter<Events>();
    const unreadable = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    events.on('tick', () => unreadable as never);
    expect(events.emit('tick', 1)).toBe(true);
  });

  it('does not throw when its logger throws too', () => {
    const failing = () => {
      throw Object.create(null);
    };
    const events = new TypedEmitter<Events>({ debug: failing, info: failing, warn: failing, error: failing });
    events.on('tick', failing);
    expect(events.emit('tick', 1)).toBe(true);
  });
});
