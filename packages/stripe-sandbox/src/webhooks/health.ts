/** Each endpoint's unbroken run of failed attempts: Stripe disables endpoints that keep failing for days. */
export class EndpointHealth {
  private readonly failingSince = new Map<string, number>();

  constructor(private readonly disableAfterMs: number) {}

  /** True when this failure ends a run at least `disableAfterMs` long; the run then starts over. */
  failed(endpointId: string, startedAtMs: number, nowMs: number): boolean {
    const since = this.failingSince.get(endpointId) ?? startedAtMs;
    if (nowMs - since < this.disableAfterMs) {
      this.failingSince.set(endpointId, since);
      return false;
    }
    this.failingSince.delete(endpointId);
    return true;
  }

  /** Any 2xx breaks the run, whatever failed before it. */
  succeeded(endpointId: string): void {
    this.failingSince.delete(endpointId);
  }

  forget(endpointId: string): void {
    this.failingSince.delete(endpointId);
  }

  /** Runs are measured in sandbox time, so they cannot outlive a reset of the sandbox clock. */
  clear(): void {
    this.failingSince.clear();
  }

  since(endpointId: string): number | null {
    return this.failingSince.get(endpointId) ?? null;
  }
}
