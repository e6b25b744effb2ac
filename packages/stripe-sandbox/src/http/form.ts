/** A decoded request parameter: stripe-node sends everything as strings in bracketed form keys. */
export type Param = string | Param[] | ParamObject;
export type ParamObject = { [key: string]: Param };

const KEY = /^([^[\]]+)((?:\[[^\]]*\])*)$/;

function pathOf(key: string): string[] {
  const match = KEY.exec(key);
  if (!match) return [key];
  const rest = match[2] ?? "";
  const segments = [...rest.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? "");
  return [match[1] ?? key, ...segments];
}

function assign(root: ParamObject, path: string[], value: string): void {
  let node: ParamObject = root;
  for (let i = 0; i < path.length; i++) {
    const raw = path[i] ?? "";
    // `a[]=x` (qs "brackets" style) appends, as Stripe accepts it too.
    const key = raw === "" ? String(Object.keys(node).length) : raw;
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next === "object" && !Array.isArray(next)) {
      node = next;
    } else {
      const created: ParamObject = {};
      node[key] = created;
      node = created;
    }
  }
}

/** Objects whose keys are all indices were arrays on the client (`line_items[0][price]`). */
function arrayify(value: Param): Param {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted: ParamObject = {};
  for (const key of keys) converted[key] = arrayify(value[key] ?? "");
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => converted[k] ?? "");
  }
  return converted;
}

export function parseForm(body: string): ParamObject {
  const root: ParamObject = {};
  for (const [key, value] of new URLSearchParams(body)) assign(root, pathOf(key), value);
  const result: ParamObject = {};
  for (const [key, value] of Object.entries(root)) result[key] = arrayify(value);
  return result;
}

/** Encodes the way stripe-node does, for the CLI's own requests. */
export function encodeForm(data: Record<string, unknown>): string {
  const pairs: string[] = [];
  const encode = (key: string, value: unknown): void => {
    if (value === undefined) return;
    if (value === null || typeof value !== "object") {
      pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(value === null ? "" : String(value))}`);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => encode(`${key}[${i}]`, item));
      return;
    }
    for (const [k, v] of Object.entries(value)) encode(`${key}[${k}]`, v);
  };
  for (const [k, v] of Object.entries(data)) encode(k, v);
  return pairs.join("&");
}
