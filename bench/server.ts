import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync, utimesSync, writeFileSync } from "node:fs";

// The server side of the benchmark: the bench build and the `next start` process's own CPU and
// memory.

/** next.config.ts builds into this folder (and adds the floor files) when STOREFRONT_BENCH=1. */
export const benchDistDir = ".data/bench-next";

/**
 * `next build` with the floor files, into benchDistDir. next build rewrites tsconfig.json's
 * include list and next-env.d.ts for the folder it builds into; both are put back, so the bench
 * build leaves the working tree as it found it.
 */
export function buildForBench(): void {
  const kept = ["tsconfig.json", "next-env.d.ts"].filter(existsSync).map((path) => ({ path, text: readFileSync(path, "utf8"), modified: statSync(path).mtime }));
  try {
    execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
      env: { ...process.env, STOREFRONT_BENCH: "1", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "inherit", "inherit"],
    });
  } finally {
    // With their old times too, or the next run would take them for edits and build again.
    for (const file of kept) {
      if (readFileSync(file.path, "utf8") !== file.text) writeFileSync(file.path, file.text);
      utimesSync(file.path, file.modified, file.modified);
    }
  }
}

/**
 * Whether the bench build is older than any file in the working tree that could change it (this
 * folder and the docs cannot), so repeated runs skip a build of a minute or two.
 */
export function benchBuildIsStale(): boolean {
  const built = `${benchDistDir}/BUILD_ID`;
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]).toString().split("\0");
  return files.some((file) => file !== "" && !file.startsWith("bench/") && !file.endsWith(".md") && existsSync(file) && statSync(file).mtimeMs > builtAt);
}

const ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;

interface ProcStat {
  pid: number;
  ppid: number;
  cpuTicks: number;
}

function procStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may contain spaces and parentheses; the fields after the last ")" do not.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { pid, ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

function allProcesses(): ProcStat[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => procStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== undefined);
}

/** The inode of the socket listening on 127.0.0.1:port, from /proc/net/tcp. */
function listeningInode(port: number): string | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const line of readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    // State 0A is LISTEN.
    if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === "0A") return fields[9];
  }
  return undefined;
}

function holdsSocket(pid: number, inode: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/**
 * The `next start` serving `port`: the process that holds its listening socket (next renames its
 * process title, so the command line cannot tell), plus anything it forks, so a server that hands
 * work to a child process is still counted whole.
 */
export function serverProcesses(port: number): number[] {
  const processes = allProcesses();
  const inode = listeningInode(port);
  const root = inode === undefined ? undefined : processes.find((p) => holdsSocket(p.pid, inode));
  if (!root) throw new Error(`no process listens on port ${port}`);
  const tree = [root.pid];
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of processes) {
      if (tree.includes(p.ppid) && !tree.includes(p.pid)) {
        tree.push(p.pid);
        grew = true;
      }
    }
  }
  return tree;
}

/** CPU time (user + system) the server's processes have used so far, in ms. */
export function cpuMs(pids: readonly number[]): number {
  return (pids.reduce((sum, pid) => sum + (procStat(pid)?.cpuTicks ?? 0), 0) * 1000) / ticksPerSecond;
}

/** Resident memory of the server's processes, in MB. */
export function rssMb(pids: readonly number[]): number {
  let kb = 0;
  for (const pid of pids) {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    kb += Number(match?.[1] ?? 0);
  }
  return kb / 1024;
}
