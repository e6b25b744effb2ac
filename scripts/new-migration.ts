import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { diffMigrationsToSchema, migrationsDir } from "@/prisma/schema-diff";

// Offline stand-in for `prisma migrate dev --create-only`: writes the SQL that brings the
// committed migrations up to schema.prisma into a new migration folder.
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:new-migration <snake_case_name>");
  process.exit(1);
}
const sql = await diffMigrationsToSchema();
if (!sql) {
  console.log("schema.prisma and the migrations agree; nothing to write.");
} else {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(migrationsDir, `${stamp}_${name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "migration.sql"), sql);
  console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
}
