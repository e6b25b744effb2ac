import { newId } from "../core/ids";
import { buildTestClock, type TestClock } from "../objects/test-clock";
import { attachCustomer, deleteClock, startAdvance } from "../billing/test-clocks";
import { getCustomer, getTestClock } from "./lookups";
import { LIST_PARAMS, paginate } from "./lists";
import type { ApiRouter } from "./types";

export function registerTestClocks(router: ApiRouter): void {
  router.add("POST", "/v1/test_helpers/test_clocks", (deps, req) => {
    const p = req.params.allowOnly(["frozen_time", "name", "customer"]);
    const frozenTime = p.requiredInt("frozen_time");
    const customer = p.string("customer");
    const attached = customer ? getCustomer(deps, customer, "customer") : undefined;
    const clock = deps.store.insert(buildTestClock({ id: newId("clock"), now: deps.clock.now(), frozenTime, name: p.string("name") ?? null }));
    if (attached) attachCustomer(deps, clock, attached);
    deps.bus.emit("test_helpers.test_clock.created", clock);
    return clock;
  });

  router.add("GET", "/v1/test_helpers/test_clocks/:id", (deps, req) => getTestClock(deps, req.path.get("id"), "id"));

  router.add("GET", "/v1/test_helpers/test_clocks", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS]);
    return paginate(deps.store.list<TestClock>("test_helpers.test_clock"), p, "/v1/test_helpers/test_clocks");
  });

  router.add("DELETE", "/v1/test_helpers/test_clocks/:id", (deps, req) => {
    req.params.allowOnly([]);
    const clock = getTestClock(deps, req.path.get("id"), "id");
    deleteClock(deps, clock);
    return { id: clock.id, object: clock.object, deleted: true };
  });

  router.add("POST", "/v1/test_helpers/test_clocks/:id/advance", (deps, req) => {
    const p = req.params.allowOnly(["frozen_time"]);
    return startAdvance(deps, getTestClock(deps, req.path.get("id"), "id"), p.requiredInt("frozen_time"));
  });
}
