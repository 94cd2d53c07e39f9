/**
 * @module core/behaviour/time-batches
 * Events in time order, grouped into batches of `batchS` seconds of event
 * time: how the isolates' flush groups a client's events for the ClientState
 * objects, for the offline paths that score as they do (Replay's batch mode,
 * eval/behaviour-central.ts).
 */
export class TimeBatches<T extends { ts: number }> {
  private items: T[] = [];
  private of = Number.NaN;

  constructor(private readonly batchS: number) {}

  /** Adds an event; returns the batch it closes when it starts a new one, else null. */
  push(ev: T): T[] | null {
    const of = Math.floor(ev.ts / this.batchS);
    let closed: T[] | null = null;
    if (of !== this.of && this.items.length > 0) {
      closed = this.items;
      this.items = [];
    }
    this.of = of;
    this.items.push(ev);
    return closed;
  }

  /** The open batch (possibly empty), which starts over. */
  take(): T[] {
    const open = this.items;
    this.items = [];
    return open;
  }
}
