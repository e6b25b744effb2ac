import { randomInt } from "node:crypto";
import { beforeEach } from "vitest";

// Randomness a failure can be replayed from. Each run picks a seed (or takes SEED from the
// environment); each test draws from its own generator, seeded by that seed and the test's name,
// so `SEED=<n> npx vitest run <file> -t "<name>"` replays one failed test exactly as it ran,
// alone or with the rest of its file. A failed test prints the line to run.

export interface SeededRandom {
  /** The run's seed, printed when a test fails. */
  readonly seed: number;
  /** Uniform in [0, 1), like Math.random(). */
  next(): number;
  /** A new array with the items in a random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
}

function runSeed(): number {
  const given = process.env.SEED;
  if (given === undefined || given === "") return randomInt(2 ** 31);
  const seed = Number(given);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`SEED must be a non-negative integer, not ${given}`);
  return seed;
}

/** 32-bit FNV-1a: mixes the test's name into the seed. */
function hash(text: string, seed: number): number {
  let value = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 16777619) >>> 0;
  return value;
}

/** mulberry32: small, fast, and the same sequence on every platform for one seed. */
function mulberry32(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Call at the top of a test file: every test then gets a fresh generator, and a failed test
 * prints the seed that replays it.
 */
export function seededRandomPerTest(): SeededRandom {
  const seed = runSeed();
  let draw = mulberry32(seed);
  beforeEach((context) => {
    draw = mulberry32(hash(context.task.name, seed));
    context.onTestFailed(() => {
      console.error(`"${context.task.name}" failed with random seed ${seed}; replay it with SEED=${seed} npx vitest run ${context.task.file.name} -t "${context.task.name}"`);
    });
  });
  return {
    seed,
    next: () => draw(),
    shuffle<T>(items: readonly T[]): T[] {
      const shuffled = [...items];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(draw() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j] as T, shuffled[i] as T];
      }
      return shuffled;
    },
  };
}
