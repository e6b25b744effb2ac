import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Store, StoreData } from "./store";

export type Snapshotter = { flush(): void; close(): void };

export function loadSnapshot(store: Store, path: string): boolean {
  if (!existsSync(path)) return false;
  const data = JSON.parse(readFileSync(path, "utf8")) as StoreData;
  store.load(data);
  return true;
}

/** Debounced so a checkout (a dozen mutations) is one write; rename makes a crash mid-write harmless. */
export function attachSnapshot(store: Store, path: string, debounceMs = 200): Snapshotter {
  let timer: NodeJS.Timeout | undefined;
  const write = (): void => {
    timer = undefined;
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(store.serialize()));
    renameSync(tmp, path);
  };
  store.onChange(() => {
    if (timer) return;
    timer = setTimeout(write, debounceMs);
    timer.unref();
  });
  return {
    flush() {
      if (timer) {
        clearTimeout(timer);
        write();
      }
    },
    close() {
      this.flush();
    },
  };
}
