import { applyMigrations } from "@/prisma/migrate";
import { databaseUrl } from "@/lib/config/env";

// `npm run db:migrate`: applies the committed migrations to DATABASE_URL.
const applied = await applyMigrations(databaseUrl());
console.log(applied.length ? `applied ${applied.join(", ")}` : "database is up to date");
