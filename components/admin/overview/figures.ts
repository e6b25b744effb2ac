import { cache } from "react";
import { lastReconcileRun } from "@/lib/admin/overview/last-reconcile";
import { openDisputes } from "@/lib/admin/overview/open-disputes";
import { paymentHealth } from "@/lib/admin/overview/payment-health";
import { paymentRatesByDay } from "@/lib/admin/overview/payment-rates";
import { revenueByProduct } from "@/lib/admin/overview/revenue";
import { webhookHealth } from "@/lib/admin/overview/webhook-health";
import { openAlerts } from "@/lib/observability/alerts/raise-alerts";

// The overview's figures, each read by the section that shows it, so React renders every section
// as soon as its own figures arrive while the others still wait on the database, instead of
// rendering nothing until the slowest read is back. Each is read once per page render however
// many sections show it (the health line shows four), all as of one moment. Only the overview
// page, after requireOperatorPage, renders these sections.

export const overviewMoment = cache(() => new Date());

export const revenueFigures = cache(() => revenueByProduct(overviewMoment()));
export const rateFigures = cache(() => paymentRatesByDay(overviewMoment()));
export const disputeFigures = cache(() => openDisputes());
export const webhookFigures = cache(() => webhookHealth(overviewMoment()));
export const reconcileFigures = cache(() => lastReconcileRun());
export const alertFigures = cache(() => openAlerts());

export const healthFigures = cache(async () => {
  const [webhooks, rates, reconcile, disputes] = await Promise.all([webhookFigures(), rateFigures(), reconcileFigures(), disputeFigures()]);
  return paymentHealth({ webhooks, rates, reconcile, disputes });
});
