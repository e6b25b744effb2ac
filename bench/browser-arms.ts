import { signUp } from "@/e2e/chaos/storefront";
import type { BenchPlan } from "./arms";
import { lighthouseRuns, type LighthouseRun } from "./lighthouse";
import type { PreparedPayments } from "./paid-checkouts";
import { payToPaid, type PayToPaidTimes } from "./pay-to-paid";
import type { Server, Stack } from "./stack";

// Pages in a browser: Lighthouse's mobile preset on a signed-in buyer's pages and on the floor
// page, then click Pay → paid by a buyer of its own.

export interface BrowserFigures {
  lighthouse: Map<string, LighthouseRun[]>;
  payTimes: PayToPaidTimes;
}

export async function measureInBrowser(stack: Stack, server: Server, payments: PreparedPayments, plan: BenchPlan): Promise<BrowserFigures> {
  console.log("Lighthouse …");
  const lighthousePaths = { "/": "/", "/success": `/success?session_id=${payments.statusSession}`, "floor page": "/bench-floor-page" };
  const lighthouse = await lighthouseRuns(
    Object.entries(lighthousePaths).map(([name, path]) => ({ name, url: `${server.app.url}${path}`, cookie: payments.statusBuyer.cookie })),
    plan.lighthouseRunsPerPage,
  );
  console.log(`click Pay → paid, ${plan.purchases} purchases …`);
  const payTimes = await payToPaid({
    app: server.app,
    sandbox: stack.sandbox,
    buyer: await signUp(server.app),
    priceId: payments.priceOf("small_pack"),
    purchases: plan.purchases,
  });
  return { lighthouse, payTimes };
}
