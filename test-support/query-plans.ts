import { databasePool } from "@/lib/db";
import { recordTimeline, type Statement } from "@/test-support/timeline";

// EXPLAINs the statements code actually sends (caught at the pg driver while it runs, with their
// values), so a query that changes is judged as it now is, not as a copy in a test.

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}

function tablesScannedWhole(node: PlanNode): string[] {
  const own = node["Node Type"] === "Seq Scan" && node["Relation Name"] ? [node["Relation Name"]] : [];
  return [...own, ...(node.Plans ?? []).flatMap(tablesScannedWhole)];
}

const DATA_STATEMENT = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;

/** The tables with at least `rows` rows (by the planner's statistics: ANALYZE first). */
export async function tablesOfAtLeast(rows: number): Promise<Set<string>> {
  const { rows: big } = await databasePool().query<{ relname: string }>(`SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples >= $1`, [rows]);
  return new Set(big.map((table) => table.relname));
}

/**
 * Runs `work`, then EXPLAINs each distinct data statement it sent; answers those statements and
 * each whole read of a table in `bigTables` (as "table in: statement") unless `meant` matches it.
 */
export async function wholeReadsOfBigTables(
  work: () => Promise<unknown>,
  bigTables: ReadonlySet<string>,
  meant?: RegExp,
): Promise<{ statements: Statement[]; wholeReads: string[] }> {
  const { timeline } = await recordTimeline(work);
  const distinct = new Map<string, Statement>();
  for (const statement of timeline.statements()) if (DATA_STATEMENT.test(statement.text) && !distinct.has(statement.text)) distinct.set(statement.text, statement);
  const wholeReads: string[] = [];
  for (const { text, values } of distinct.values()) {
    const { rows } = await databasePool().query<{ "QUERY PLAN": [{ Plan: PlanNode }] | string }>(`EXPLAIN (FORMAT JSON) ${text}`, [...values]);
    const raw = rows[0]?.["QUERY PLAN"];
    const plan = typeof raw === "string" ? (JSON.parse(raw) as [{ Plan: PlanNode }]) : raw;
    if (!plan) throw new Error(`no plan for ${text}`);
    const read = (table: string) => `${table} in: ${text.replace(/\s+/g, " ")}`;
    for (const table of tablesScannedWhole(plan[0].Plan)) if (bigTables.has(table) && !meant?.test(read(table))) wholeReads.push(read(table));
  }
  return { statements: [...distinct.values()], wholeReads };
}
