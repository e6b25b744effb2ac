import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { serveOverWire } from "@/prisma/pglite-wire-server";

// PGlite is a single-process database: two processes opening one data folder corrupt it. So one
// process owns the folder and serves it over the PostgreSQL wire protocol, and everything else
// (the app, migrations, scripts) connects to it like to any PostgreSQL with a DATABASE_URL.

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Takes the folder's lock file, created exclusively so two starters cannot both win; a lock left
 * by a process that has died is taken over. Returns the release function.
 */
function lockFolder(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, "storefront.lock");
  for (;;) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(lockPath, "utf8"));
      if (owner && isRunning(owner)) {
        throw new Error(`${dataDir} is already open in process ${owner}; stop it first, or set DATABASE_URL.`);
      }
      rmSync(lockPath, { force: true });
    }
  }
}

/** dataDir undefined → in memory (tests); a folder → persisted (dev). */
export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number } = {}): Promise<EmbeddedPostgres> {
  const release = options.dataDir ? lockFolder(options.dataDir) : () => {};
  try {
    const db = await PGlite.create(options.dataDir);
    const port = options.port ?? (await freePort());
    const server = await serveOverWire(db, { host: "127.0.0.1", port });
    return {
      url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
      async stop() {
        await server.stop();
        await db.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
