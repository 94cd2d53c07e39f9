/**
 * @module durable-objects/alarm-scheduler
 * "Make sure the alarm fires by `at`" for objects that write behind
 * (CounterShard, ClientState): one storage read the first time, then a
 * comparison with the time this instance last saw or set, so a batch that
 * finds the alarm already due sooner costs nothing. A time already past is
 * the alarm running (or just run), which will not fire again: it never
 * counts as scheduled.
 */
export class AlarmScheduler {
  /** When the alarm is set for (ms), as far as this instance knows; 0: unknown. */
  private at = 0;

  constructor(private readonly storage: DurableObjectStorage) {}

  /** Sets the alarm for `at` unless one is due sooner. */
  async schedule(at: number): Promise<void> {
    const now = Date.now();
    if (this.at > now && this.at <= at) return;
    const cur = await this.storage.getAlarm();
    if (cur !== null && cur > now && cur <= at) {
      this.at = cur;
      return;
    }
    await this.storage.setAlarm(at);
    this.at = at;
  }

  /** Forgets the known time (call first in `alarm()`: the one that fired is gone). */
  fired(): void {
    this.at = 0;
  }
}
