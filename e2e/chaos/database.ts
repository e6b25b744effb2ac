import pg from "pg";
import { createPostgresDatabase } from "@/test-support/databases";
import { runScript } from "./processes";

// A throwaway PostgreSQL database per run, migrated by the project's own migrate script (run as
// a program, so the harness does not depend on how migrations are applied).

export interface ChaosDatabase {
  /** Direct URL, for the harness's own reads. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The same URL with another host:port in front (the cuttable proxy). */
  via(port: number): string;
  readonly pool: pg.Pool;
  drop(): Promise<void>;
}

export async function createDatabase(serverUrl: string): Promise<ChaosDatabase> {
  const database = await createPostgresDatabase(serverUrl, "storefront_chaos");
  const url = new URL(database.url);
  await runScript(["--import", "tsx", "scripts/migrate.ts"], { ...process.env, DATABASE_URL: url.toString() });
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });

  return {
    url: url.toString(),
    host: url.hostname,
    port: Number(url.port || 5432),
    via(port) {
      const proxied = new URL(url);
      proxied.hostname = "127.0.0.1";
      proxied.port = String(port);
      return proxied.toString();
    },
    pool,
    async drop() {
      await pool.end();
      await database.drop();
    },
  };
}
