import { startService, waitFor, type Service } from "./processes";

// One storefront instance: the production build (`next build` output in .next) served by
// `next start`, started through node directly so that its PID is the server's.

export interface AppInstance {
  readonly name: string;
  readonly url: string;
  output(): string;
  /** SIGKILL: no graceful shutdown, requests in flight are cut. */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function appInstance(name: string, port: number, env: NodeJS.ProcessEnv): AppInstance {
  const url = `http://127.0.0.1:${port}`;
  let service: Service | undefined;
  let previousOutput = "";
  return {
    name,
    url,
    output: () => previousOutput + (service?.output() ?? ""),
    async start() {
      service = startService(name, [...(process.env.PROF_ARGS ? process.env.PROF_ARGS.split(" ") : []), "node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
        ...env,
        PORT: String(port),
      });
      await waitFor(`${name} to answer`, async () => (await fetch(`${url}/api/account`)).status < 500, 60_000);
    },
    async kill() {
      previousOutput += service?.output() ?? "";
      await service?.kill();
    },
    async stop() {
      await service?.stop();
    },
  };
}
