import { invalidParam, missingParam, unknownParam } from "./errors";
import type { Param, ParamObject } from "./form";

/** Typed, Stripe-worded access to decoded params; `prefix` makes nested error params read `line_items[0][price]`. */
export class Params {
  readonly raw: ParamObject;
  private readonly prefix: string;

  constructor(raw: ParamObject, prefix = "") {
    this.raw = raw;
    this.prefix = prefix;
  }

  name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  /** Stripe rejects unknown parameters; doing the same catches typos in the app instead of silently ignoring them. */
  allowOnly(keys: readonly string[]): this {
    for (const key of Object.keys(this.raw)) {
      if (key !== "expand" && !keys.includes(key)) throw unknownParam(this.name(key));
    }
    return this;
  }

  /** stripe-node sends `null` as an empty string, which means "unset". */
  isUnset(key: string): boolean {
    return this.raw[key] === "";
  }

  has(key: string): boolean {
    const value = this.raw[key];
    return value !== undefined && value !== "";
  }

  string(key: string): string | undefined {
    const value = this.raw[key];
    if (value === undefined || value === "") return undefined;
    if (typeof value !== "string") throw invalidParam(this.name(key), `Invalid string: ${JSON.stringify(value)}`);
    return value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined) throw missingParam(this.name(key));
    return value;
  }

  int(key: string): number | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) throw invalidParam(this.name(key), `Invalid integer: ${value}`, "parameter_invalid_integer");
    return Number(value);
  }

  requiredInt(key: string): number {
    const value = this.int(key);
    if (value === undefined) throw missingParam(this.name(key));
    return value;
  }

  bool(key: string): boolean | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (value !== "true" && value !== "false") throw invalidParam(this.name(key), `Invalid boolean: ${value}`);
    return value === "true";
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    const match = allowed.find((a) => a === value);
    if (!match) throw invalidParam(this.name(key), `Invalid ${key}: must be one of ${listWithOr(allowed)}`);
    return match;
  }

  object(key: string): Params | undefined {
    const value = this.raw[key];
    if (value === undefined || value === "") return undefined;
    if (typeof value !== "object" || Array.isArray(value)) throw invalidParam(this.name(key), `Invalid object`, "parameter_invalid_object");
    return new Params(value, this.name(key));
  }

  objects(key: string): Params[] | undefined {
    const value = this.raw[key];
    if (value === undefined || value === "") return undefined;
    if (!Array.isArray(value)) throw invalidParam(this.name(key), `Invalid array`, "parameter_invalid_array");
    return value.map((item, i) => {
      if (typeof item !== "object" || Array.isArray(item)) throw invalidParam(`${this.name(key)}[${i}]`, `Invalid object`);
      return new Params(item, `${this.name(key)}[${i}]`);
    });
  }

  strings(key: string): string[] | undefined {
    const value: Param | undefined = this.raw[key];
    if (value === undefined || value === "") return undefined;
    const list = Array.isArray(value) ? value : [value];
    return list.map((item, i) => {
      if (typeof item !== "string") throw invalidParam(`${this.name(key)}[${i}]`, `Invalid string: ${JSON.stringify(item)}`);
      return item;
    });
  }

  /** Metadata per Stripe's limits; a value of "" (null) deletes the key on update. */
  metadata(key = "metadata"): Record<string, string | null> | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (value === "") return {};
    if (typeof value !== "object" || Array.isArray(value)) throw invalidParam(this.name(key), "Invalid hash", "parameter_invalid_object");
    const entries = Object.entries(value);
    if (entries.length > 50) throw invalidParam(this.name(key), "You can specify up to 50 metadata keys.");
    const out: Record<string, string | null> = {};
    for (const [k, v] of entries) {
      if (typeof v !== "string") throw invalidParam(`${this.name(key)}[${k}]`, "Invalid string: metadata values must be strings");
      if (k.length > 40) throw invalidParam(`${this.name(key)}[${k}]`, `Metadata keys can have up to 40 characters, but you passed in a key that is ${k.length} characters.`);
      if (v.length > 500) throw invalidParam(`${this.name(key)}[${k}]`, `Metadata values can have up to 500 characters, but you passed in a value that is ${v.length} characters.`);
      out[k] = v === "" ? null : v;
    }
    return out;
  }
}

/** Stripe's enum wording: "must be one of payment, setup, or subscription". */
function listWithOr(values: readonly string[]): string {
  return values.length < 2 ? values.join("") : `${values.slice(0, -1).join(", ")}${values.length > 2 ? "," : ""} or ${values.at(-1) ?? ""}`;
}

export function applyMetadata(current: Record<string, string>, update: Record<string, string | null> | undefined): Record<string, string> {
  if (!update) return current;
  if (Object.keys(update).length === 0) return {};
  const next = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}

export function freshMetadata(update: Record<string, string | null> | undefined): Record<string, string> {
  return applyMetadata({}, update);
}
