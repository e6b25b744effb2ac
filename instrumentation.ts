export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { assertProductionConfiguration } = await import("@/lib/config/production-guard");
  assertProductionConfiguration();
  const { openFrontDoor } = await import("@/lib/http/front-door");
  openFrontDoor();
}
