import { ApiError } from "@/lib/http/api-error";

// What a reconcile run found, read by read. Each row (and each list of Stripe objects a run asks
// for) is one read: it is answered, fails (Stripe answered, but the row cannot be applied), or is
// skipped because Stripe could not be asked (down, or no key). A run goes on past skipped reads and
// reports them; only a run that could read nothing at all fails as a whole (UnreadRun, a 503).

// A type, not an interface: it is stored as JSON (reconcile_run.drift), which needs an index signature.
type Drift = {
  object: string;
  userId: string;
  change: string;
};

export interface ReconcileReport {
  checked: number;
  changed: number;
  delivered: number;
  /** Rows not done, the skipped ones included; each is in `failures`. */
  errors: number;
  /** Reads Stripe could not answer: rows, or a whole list (e.g. the past week's refunds). */
  skipped: number;
  drift: Drift[];
  failures: { object: string; message: string }[];
}

/** Stripe did not answer: it is down or slow, or no key is set. The next run reads it again. */
function unanswered(error: unknown): error is ApiError {
  return error instanceof ApiError && (error.code === "stripe_unavailable" || error.code === "stripe_not_configured");
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A run in which no read was answered: nothing could be reconciled. Carries the report, to record. */
export class UnreadRun extends ApiError {
  constructor(
    readonly report: ReconcileReport,
    cause: ApiError,
  ) {
    super(cause.code, `Stripe answered none of this run's ${report.skipped} reads (${cause.message}); nothing was reconciled. The next run tries again.`);
  }
}

export class ReconcileTally {
  readonly report: ReconcileReport = { checked: 0, changed: 0, delivered: 0, errors: 0, skipped: 0, drift: [], failures: [] };
  private answered = 0;
  private firstUnanswered: ApiError | undefined;

  fail(object: string, message: string): void {
    this.report.failures.push({ object, message });
  }

  private skip(object: string, error: ApiError): void {
    this.report.skipped += 1;
    this.firstUnanswered ??= error;
    this.fail(object, `skipped, Stripe did not answer (${error.code}): ${error.message}`);
  }

  /** One row: counted as checked; whatever it throws is reported against it and the run goes on. */
  async row(object: string, work: () => Promise<void>): Promise<void> {
    this.report.checked += 1;
    try {
      await work();
      this.answered += 1;
    } catch (error) {
      if (unanswered(error)) return this.skip(object, error);
      this.answered += 1;
      this.fail(object, messageOf(error));
    }
  }

  /** A list a part of the run starts from; when Stripe cannot give it, that part is skipped (`none`). */
  async list<T>(what: string, read: () => Promise<T>, none: T): Promise<T> {
    try {
      const items = await read();
      this.answered += 1;
      return items;
    } catch (error) {
      if (!unanswered(error)) throw error;
      this.skip(what, error);
      return none;
    }
  }

  /** The report; throws UnreadRun when there was something to read and Stripe answered none of it. */
  finish(): ReconcileReport {
    this.report.changed = this.report.drift.length;
    this.report.errors = this.report.failures.length;
    if (this.answered === 0 && this.firstUnanswered) throw new UnreadRun(this.report, this.firstUnanswered);
    return this.report;
  }
}
