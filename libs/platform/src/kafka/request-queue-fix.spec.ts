import { FIXED_KAFKAJS_VERSION, type RequestQueueState } from './request-queue-fix';

type Queue = RequestQueueState & { scheduleCheckPendingRequests(): void; destroy(): void };
type QueueClass = new (options: Record<string, unknown>) => Queue;

const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** kafkajs's RequestQueue from a module registry of its own: fixed (this file's fix applied there) or as kafkajs ships it. */
function requestQueue(fixed: boolean): { queue: Queue; applied: boolean } {
  let result: { queue: Queue; applied: boolean } | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh copy of kafkajs per test
    const applied = fixed ? (require('./request-queue-fix') as typeof import('./request-queue-fix')).fixKafkaRequestQueuePolling() : false;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const RequestQueue = require('kafkajs/src/network/requestQueue') as QueueClass;
    result = { queue: new RequestQueue({ maxInFlightRequests: 1, requestTimeout: 30_000, enforceRequestTimeout: true, clientId: 'spec', broker: 'b:9092', logger }), applied };
  });
  return result!;
}

describe('fixKafkaRequestQueuePolling', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('is written for the kafkajs installed here (an upgrade makes this fail: check whether the new version still polls when idle)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect((require('kafkajs/package.json') as { version: string }).version).toBe(FIXED_KAFKAJS_VERSION);
    expect(requestQueue(true).applied).toBe(true);
  });

  it('shows the fault it fixes: an idle queue as kafkajs ships it re-arms a 1 ms timer for ever', () => {
    const { queue } = requestQueue(false);
    const checks = jest.spyOn(queue, 'checkPendingRequests');
    queue.checkPendingRequests();
    jest.advanceTimersByTime(50);
    expect(checks.mock.calls.length).toBeGreaterThan(40);
    expect(jest.getTimerCount()).toBe(1);
    queue.destroy();
  });

  it('leaves an idle queue without a timer', () => {
    const { queue } = requestQueue(true);
    const checks = jest.spyOn(queue, 'checkPendingRequests');
    queue.checkPendingRequests();
    jest.advanceTimersByTime(1_000);
    expect(checks).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("checks waiting requests after kafkajs's 10 ms interval, once, while no throttle is in force", () => {
    const { queue } = requestQueue(true);
    const checks = jest.spyOn(queue, 'checkPendingRequests').mockImplementation(() => undefined);
    queue.pending.push({});
    queue.scheduleCheckPendingRequests();
    queue.scheduleCheckPendingRequests();
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(9);
    expect(checks).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(checks).toHaveBeenCalledTimes(1);
    expect(queue.throttleCheckTimeoutId).toBeNull();
  });

  it('checks at the end of a throttle in force, whether requests wait or not', () => {
    for (const waiting of [1, 0]) {
      const { queue } = requestQueue(true);
      const checks = jest.spyOn(queue, 'checkPendingRequests').mockImplementation(() => undefined);
      for (let i = 0; i < waiting; i += 1) queue.pending.push({});
      queue.throttledUntil = Date.now() + 250;
      queue.scheduleCheckPendingRequests();
      jest.advanceTimersByTime(249);
      expect(checks).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1);
      expect(checks).toHaveBeenCalledTimes(1);
    }
  });

  it('sends a request that had to wait once the one in flight is answered, with no timer left behind', () => {
    const { queue } = requestQueue(true);
    const sent: number[] = [];
    const answered: number[] = [];
    const request = (correlationId: number) => ({
      entry: { correlationId, expectResponse: true, apiKey: 0, apiName: 'Produce', apiVersion: 3, resolve: () => answered.push(correlationId), reject: () => undefined },
      expectResponse: true,
      sendRequest: () => sent.push(correlationId),
    });
    const push = (queue as unknown as { push(request: unknown): void }).push.bind(queue);
    const fulfill = (queue as unknown as { fulfillRequest(response: { correlationId: number; size: number; payload: Buffer }): void }).fulfillRequest.bind(queue);
    push(request(1));
    push(request(2));
    expect(sent).toEqual([1]);
    jest.advanceTimersByTime(10);
    expect(sent).toEqual([1]);
    fulfill({ correlationId: 1, size: 0, payload: Buffer.alloc(0) });
    jest.advanceTimersByTime(10);
    expect(sent).toEqual([1, 2]);
    fulfill({ correlationId: 2, size: 0, payload: Buffer.alloc(0) });
    expect(answered).toEqual([1, 2]);
    jest.advanceTimersByTime(1_000);
    // Only the request timeouts kafkajs itself keeps for requests in flight; none for polling.
    expect(jest.getTimerCount()).toBe(0);
    queue.destroy();
  });
});
