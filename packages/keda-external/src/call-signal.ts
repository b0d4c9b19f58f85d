// One AbortSignal per gRPC call: aborted when KEDA cancels the call (its context ended, the connection went)
// or when the call's deadline passes, so the scaler stops work nobody waits for.
import { status } from '@grpc/grpc-js';
import { CallEndedError } from './status.js';

/** What this needs of a grpc-js server call (unary or streaming). */
export interface ServerSurfaceCall {
  readonly cancelled: boolean;
  getDeadline(): Date | number;
  on(event: 'cancelled', listener: () => void): unknown;
  removeListener(event: 'cancelled', listener: () => void): unknown;
}

/** The deadline KEDA set on the call, in ms since the epoch (Infinity when none). */
export function deadlineOf(call: ServerSurfaceCall): number {
  const deadline = call.getDeadline();
  if (deadline instanceof Date) return deadline.getTime();
  return typeof deadline === 'number' ? deadline : Number.POSITIVE_INFINITY;
}

export interface CallSignal {
  signal: AbortSignal;
  /** Stops watching the call (after it answered). */
  dispose(): void;
}

/** Aborts with a `CallEndedError` (CANCELLED or DEADLINE_EXCEEDED) when the call ends without its answer. */
export function callSignal(call: ServerSurfaceCall, now: () => number = Date.now): CallSignal {
  const controller = new AbortController();
  const onCancelled = () => {
    if (controller.signal.aborted) return;
    const deadline = deadlineOf(call);
    controller.abort(
      now() >= deadline
        ? new CallEndedError(status.DEADLINE_EXCEEDED, 'the call reached its deadline')
        : new CallEndedError(status.CANCELLED, 'the client cancelled the call'),
    );
  };
  call.on('cancelled', onCancelled);
  let timer: NodeJS.Timeout | undefined;
  const remaining = deadlineOf(call) - now();
  if (Number.isFinite(remaining)) {
    const expire = () =>
      controller.abort(new CallEndedError(status.DEADLINE_EXCEEDED, 'the call reached its deadline'));
    if (remaining <= 0) expire();
    // Node's timers hold at most ~24.8 days; a deadline further away is as good as none.
    else if (remaining < 2 ** 31 - 1) timer = setTimeout(expire, remaining);
  }
  if (call.cancelled) onCancelled();
  return {
    signal: controller.signal,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      call.removeListener('cancelled', onCancelled);
    },
  };
}
