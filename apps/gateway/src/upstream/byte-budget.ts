/**
 * Bytes of upstream answers the gateway may hold in memory at once, across all requests
 * (GATEWAY_MAX_BUFFERED_RESPONSE_BYTES). Each non-stream answer takes its bytes while it
 * is read and gives them back once it has been answered; an answer that does not fit is
 * refused (503 with Retry-After) instead of growing the heap.
 */
export class ByteBudget {
  private used = 0;

  constructor(readonly max: number) {}

  get inUse(): number {
    return this.used;
  }

  /** Takes `bytes` if they fit; false (nothing taken) otherwise. */
  take(bytes: number): boolean {
    if (this.used + bytes > this.max) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

/** An upstream answer did not fit in the gateway's budget of buffered bytes. */
export class ByteBudgetExceeded extends Error {
  constructor() {
    super('the gateway holds too many upstream answers in memory right now');
    this.name = 'ByteBudgetExceeded';
  }
}
