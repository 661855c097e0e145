/** The kafkajs release whose request queue this fixes (its last, 2023): another version is left as it is. */
export const FIXED_KAFKAJS_VERSION = '2.2.4';
/** kafkajs's own interval for re-checking requests that wait (CHECK_PENDING_REQUESTS_INTERVAL). */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

/** The part of kafkajs's RequestQueue that its scheduling reads and writes. */
export interface RequestQueueState {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
}

interface RequestQueueClass {
  prototype: RequestQueueState & { scheduleCheckPendingRequests(this: RequestQueueState): void; [FIXED]?: true };
}

const FIXED = Symbol.for('model-garden.kafkajs-request-queue-fixed');

/**
 * kafkajs's request queue schedules its next check of waiting requests after every
 * check, also when nothing waits and no throttle is in force: the delay is then
 * `throttledUntil - Date.now()` with `throttledUntil` at -1, a large negative number
 * that Node turns into 1 ms. So every broker connection of every process wakes its event
 * loop about a thousand times a second for nothing (kafkajs issues 1556, 1704, 1751,
 * unreleased; Node 24 warns TimeoutNegativeWarning). Measured on this stack: 12–18 ms
 * of CPU per second per idle service, and an event loop that never sleeps longer than
 * 1 ms beside the gateway's requests.
 *
 * This replaces the scheduling with what it was meant to do: when requests wait, a
 * check at the end of the throttle or after kafkajs's 10 ms interval; when none wait, a
 * check at the end of a throttle in force; else nothing (a request pushed later, or one
 * fulfilled, checks the queue itself, as before). Applied once per process, to the
 * version it was written for; `true` when the running kafkajs has it.
 */
export function fixKafkaRequestQueuePolling(): boolean {
  /* eslint-disable @typescript-eslint/no-require-imports -- kafkajs exports neither its version nor its request queue */
  const { version } = require('kafkajs/package.json') as { version: string };
  if (version !== FIXED_KAFKAJS_VERSION) return false;
  const RequestQueue = require('kafkajs/src/network/requestQueue') as RequestQueueClass;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const prototype = RequestQueue.prototype;
  if (prototype[FIXED]) return true;
  prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueueState): void {
    if (this.throttleCheckTimeoutId) return;
    const untilUnthrottled = this.throttledUntil - Date.now();
    let delay: number;
    if (this.pending.length > 0) delay = untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS;
    else if (untilUnthrottled > 0) delay = untilUnthrottled;
    else return;
    this.throttleCheckTimeoutId = setTimeout(() => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    }, delay);
  };
  prototype[FIXED] = true;
  return true;
}
