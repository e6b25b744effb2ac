import fc from "fast-check";

// A delivery schedule as rough as Stripe's: each event sent one to three times, all copies
// shuffled together, each to instance A or B, with a generated number in flight at once.

interface Delivery {
  event: number;
  target: number;
}

export interface Schedule {
  deliveries: Delivery[];
  concurrency: number;
}

// Unbiased: fast-check's bias towards small values would put most copies first in order and
// run most schedules one at a time, which is the gentlest schedule rather than a rough one.
const copy = fc.record({ target: fc.integer({ min: 0, max: 1 }), order: fc.noBias(fc.integer({ min: 0, max: 1_000_000 })) });

export function generateSchedule(g: fc.GeneratorValue, eventCount: number, options: { drop?: number } = {}): Schedule {
  const copies = g(() => fc.array(fc.array(copy, { minLength: 1, maxLength: 3 }), { minLength: eventCount, maxLength: eventCount }));
  const dropped = g(() => fc.array(fc.integer({ min: 0, max: 99 }), { minLength: eventCount, maxLength: eventCount }));
  const concurrency = g(() => fc.noBias(fc.integer({ min: 2, max: 16 })));
  const drop = options.drop ?? 0;
  const deliveries = copies
    .flatMap((list, event) => ((dropped[event] ?? 0) < drop * 100 ? [] : list.map((c) => ({ event, ...c }))))
    .sort((a, b) => a.order - b.order)
    .map(({ event, target }) => ({ event, target }));
  return { deliveries, concurrency };
}
