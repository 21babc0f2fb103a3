/**
 * An append-only log of events that any number of async iterators read: each iterator sees
 * every event from the first one, then waits for new ones, and ends when the log is closed.
 * Iterating late never loses an event.
 * @module
 */

/** Events pushed by one producer, read by many async iterators. */
export class EventLog<T> implements AsyncIterable<T> {
  private readonly events: T[] = [];
  private closed = false;
  private wake: Array<() => void> = [];

  /** Appends an event (ignored once closed). */
  push(event: T): void {
    if (this.closed) return;
    this.events.push(event);
    this.notify();
  }

  /** Ends every iteration after the events already pushed. */
  close(): void {
    this.closed = true;
    this.notify();
  }

  /** The events so far. */
  get snapshot(): readonly T[] {
    return this.events;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let next = 0;
    for (;;) {
      while (next < this.events.length) yield this.events[next++] as T;
      if (this.closed) return;
      await new Promise<void>((resolve) => this.wake.push(resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = [];
    for (const w of wake) w();
  }
}
