export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { assertProductionConfiguration } = await import("@/lib/production-guard");
  assertProductionConfiguration();
  const { trustClientAddressesAtTheSocket } = await import("@/lib/client-ip-hook");
  trustClientAddressesAtTheSocket();
}
