import { newId } from "../core/ids";
import { resourceMissing } from "../http/errors";
import { applyMetadata, freshMetadata } from "../http/params";
import { buildProduct, type Product } from "../objects/product";
import { LIST_PARAMS, paginate } from "./lists";
import { createPrice } from "./prices";
import type { ApiRouter } from "./types";
import type { Deps } from "../core/deps";

function getProduct(deps: Deps, id: string, param = "id"): Product {
  const product = deps.store.get<Product>("product", id);
  if (!product) throw resourceMissing("product", id, param);
  return product;
}

export function registerProducts(router: ApiRouter): void {
  router.add("POST", "/v1/products", (deps, req) => {
    const p = req.params.allowOnly(["name", "description", "active", "metadata", "images", "url", "default_price_data", "id", "tax_code", "statement_descriptor", "unit_label", "shippable"]);
    const product = deps.store.insert(
      buildProduct({
        id: p.string("id") ?? newId("prod"),
        now: deps.clock.now(),
        name: p.requiredString("name"),
        description: p.string("description") ?? null,
        active: p.bool("active") ?? true,
        images: p.strings("images") ?? [],
        metadata: freshMetadata(p.metadata()),
        url: p.string("url") ?? null,
      }),
    );
    deps.bus.emit("product.created", product);
    const priceData = p.object("default_price_data");
    if (priceData) {
      const price = createPrice(deps, priceData, product.id);
      product.default_price = price.id;
      deps.store.touch();
    }
    return product;
  });

  router.add("GET", "/v1/products/:id", (deps, req) => getProduct(deps, req.path.get("id")));

  router.add("POST", "/v1/products/:id", (deps, req) => {
    const product = getProduct(deps, req.path.get("id"));
    const p = req.params.allowOnly(["name", "description", "active", "metadata", "images", "url", "default_price", "tax_code", "statement_descriptor", "unit_label", "shippable"]);
    const before = structuredClone(product);
    const previous: Record<string, unknown> = {};
    const set = <K extends keyof Product>(key: K, value: Product[K] | undefined): void => {
      if (value === undefined) return;
      previous[key as string] = before[key];
      product[key] = value;
    };
    set("name", p.string("name"));
    set("description", p.isUnset("description") ? null : p.string("description"));
    set("active", p.bool("active"));
    set("images", p.strings("images"));
    set("url", p.isUnset("url") ? null : p.string("url"));
    set("default_price", p.isUnset("default_price") ? null : p.string("default_price"));
    if (p.raw["metadata"] !== undefined) set("metadata", applyMetadata(product.metadata, p.metadata()));
    product.updated = deps.clock.now();
    deps.store.touch();
    deps.bus.emit("product.updated", product, previous);
    return product;
  });

  router.add("GET", "/v1/products", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS, "active", "ids", "created", "url", "shippable"]);
    const active = p.bool("active");
    const ids = p.strings("ids");
    const items = deps.store
      .list<Product>("product")
      .filter((x) => active === undefined || x.active === active)
      .filter((x) => !ids || ids.includes(x.id));
    return paginate(items, p, "/v1/products");
  });
}
