import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import { PrismaPGlite } from "pglite-prisma-adapter";

// Prisma's native schema engine is downloaded at install time, which cannot happen offline, so
// migrations are diffed with its WebAssembly build against a throwaway in-memory PGlite.

const prismaDir = path.dirname(new URL(import.meta.url).pathname);
export const migrationsDir = path.join(prismaDir, "migrations");
const schemaPath = path.join(prismaDir, "schema.prisma");

let engineReady: Promise<void> | undefined;

async function loadEngine(): Promise<void> {
  engineReady ??= (async () => {
    const wasmPath = new URL(import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg")).pathname.replace(
      /\.js$/,
      ".wasm",
    );
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      "./schema_engine_bg.js": engineBindings,
    });
    const exports = instance.exports as { __wbindgen_start: () => void };
    engineBindings.__wbg_set_wasm(instance.exports);
    exports.__wbindgen_start();
  })();
  return engineReady;
}

export async function listMigrations(): Promise<{ name: string; sql: string }[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => ({ name, sql: await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8") })),
  );
}

/** The SQL that takes a database migrated with every committed migration to schema.prisma ("" when none is needed). */
export async function diffMigrationsToSchema(): Promise<string> {
  await loadEngine();
  const schema = await readFile(schemaPath, "utf8");
  const migrations = await listMigrations();
  const pglite = new PGlite();
  try {
    const engine = await engineBindings.SchemaEngine.new(
      { datamodels: [[schemaPath, schema]] },
      () => {},
      bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(pglite)),
    );
    const result = await engine.diff({
      from: {
        tag: "migrations",
        baseDir: migrationsDir,
        lockfile: { path: "migration_lock.toml", content: await readFile(path.join(migrationsDir, "migration_lock.toml"), "utf8") },
        shadowDbInitScript: "",
        migrationDirectories: migrations.map((m) => ({
          path: m.name,
          migrationFile: { path: "migration.sql", content: { tag: "ok", value: m.sql } },
        })),
      },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    const sql = result.stdout ?? "";
    return sql.includes("-- This is an empty migration.") ? "" : sql;
  } finally {
    await pglite.close();
  }
}
