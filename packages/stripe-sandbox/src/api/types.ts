import type { Deps } from "../core/deps";
import type { Params } from "../http/params";
import type { PathParams, Router } from "../http/router";

type ApiRequest = {
  method: string;
  params: Params;
  path: PathParams;
  requestId: string;
  idempotencyKey: string | null;
};

/** Returns the response object; expansion and serialisation happen once, in the server. */
export type ApiHandler = (deps: Deps, req: ApiRequest) => object;

export type ApiRouter = Router<ApiHandler>;
