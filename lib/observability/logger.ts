import pino, { type Logger, type LoggerOptions } from "pino";
import { currentRequestId } from "@/lib/observability/request-id";
import { scrubFieldsOf, scrubText } from "@/lib/observability/redaction";

// The app's one logger: a JSON object per line on standard output for any log pipeline, pretty
// text under `npm run dev`. Every line written while an API request runs carries its requestId,
// and every line is scrubbed of secrets, card numbers and full email addresses on its way out
// (lib/observability/redaction.ts), whatever the caller passed.
//
// Built on first use (LOG_LEVEL is read then, not at import, which `next build` does) and kept on
// globalThis, so that Next's dev reloads and its route chunks share one logger.

const globalForLog = globalThis as unknown as { storefrontLogger?: { logger: Logger; level: string } };

function defaultLevel(): string {
  // Vitest runs thousands of requests; their info lines would bury a failing test's output.
  return process.env.NODE_ENV === "test" ? "warn" : "info";
}

function build(level: string): Logger {
  const options: LoggerOptions = {
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
    formatters: {
      // "error" rather than 50: log pipelines and people filter on the name.
      level: (label) => ({ level: label }),
      log: scrubFieldsOf,
      bindings: scrubFieldsOf,
    },
    serializers: {
      msg: (message: unknown) => (typeof message === "string" ? scrubText(message) : message),
      // The log formatter has already turned errors into scrubbed {type, message, stack}.
      err: (error: unknown) => error,
    },
  };
  if (process.env.NODE_ENV === "development") {
    // A devDependency, loaded by pino's transport worker in `npm run dev` only.
    return pino({ ...options, transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" } } });
  }
  // process.stdout, not pino's own file-descriptor writer: a test can read what was written.
  return pino(options, process.stdout);
}

const LEVELS: ReadonlySet<string> = new Set(["trace", "debug", "info", "warn", "error", "fatal", "silent"]);

/**
 * LOG_LEVEL alone, not through env(): the logger must work, and never throw, while some other
 * setting is invalid (a pool's error listener that threw would end the process).
 */
function configuredLevel(): string {
  const given = process.env.LOG_LEVEL;
  return given && LEVELS.has(given) ? given : defaultLevel();
}

/** The logger; LOG_LEVEL is applied again whenever it changes. */
export function logger(): Logger {
  const level = configuredLevel();
  const current = globalForLog.storefrontLogger;
  if (current?.level === level) return current.logger;
  if (current) {
    current.logger.level = level;
    current.level = level;
    return current.logger;
  }
  globalForLog.storefrontLogger = { logger: build(level), level };
  return globalForLog.storefrontLogger.logger;
}
