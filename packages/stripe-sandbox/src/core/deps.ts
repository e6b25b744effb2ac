import type { Clock } from "./clock";
import type { AccountSettings } from "./settings";
import type { Store } from "./store";
import type { EventBus } from "../events/bus";

/** What domain logic needs from the running sandbox; passed explicitly so modules stay testable. */
export type Deps = {
  store: Store;
  clock: Clock;
  bus: EventBus;
  /** The runtime's one copy: changes through the control API apply to every step after them. */
  settings: AccountSettings;
  /** Base URL the buyer's browser uses for hosted pages (may differ from the bind address behind a proxy). */
  publicBase(): string;
};
