import { describe, expect, it } from "vitest";
import { POST as revokeRoute } from "@/app/api/account/sessions/revoke/route";
import { signedInDevices } from "@/lib/auth/sessions";
import { cookiesOf, getAuth, newNetwork, ORIGIN, signedInBuyer, signIn, type Caller } from "@/test-support/auth-requests";

// The settings page's devices: better-auth's listSessions behind it, and one other device signed
// out by its session id (its token never leaves the server).

function revoke(caller: Caller, body: unknown): Promise<Response> {
  const headers = new Headers({ "content-type": "application/json", "x-forwarded-for": caller.ip, origin: ORIGIN, cookie: caller.cookie ?? "" });
  return revokeRoute(new Request(`${ORIGIN}/api/account/sessions/revoke`, { method: "POST", headers, body: JSON.stringify(body) }), undefined);
}

const headersOf = (caller: Caller) => new Headers({ cookie: caller.cookie ?? "", "x-forwarded-for": caller.ip });

async function secondDevice(email: string): Promise<Caller> {
  const ip = newNetwork("10.80");
  return { ip, cookie: cookiesOf(await signIn({ ip }, email)) };
}

async function sessionIdOf(caller: Caller): Promise<string> {
  return ((await (await getAuth("/get-session", caller)).json()) as { session: { id: string } }).session.id;
}

describe("the devices a buyer is signed in on", () => {
  it("lists this device first, and signs another out by id, which ends that session only", async () => {
    const { email, caller } = await signedInBuyer();
    const phone = await secondDevice(email);
    const [here, there] = [await sessionIdOf(caller), await sessionIdOf(phone)];

    const listed = await signedInDevices(headersOf(caller), here);
    expect(listed.map((device) => [device.id, device.current])).toEqual([
      [here, true],
      [there, false],
    ]);
    expect(listed[1]?.ipAddress).toBe(phone.ip);

    const answer = await revoke(caller, { sessionId: there });

    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ revoked: true });
    expect(await (await getAuth("/get-session", phone)).json()).toBeNull();
    expect(await (await getAuth("/get-session", caller)).json()).toMatchObject({ user: { email } });
  });

  it("answers 404 for another buyer's session and leaves it signed in, and 401 without a session", async () => {
    const { caller } = await signedInBuyer();
    const other = await signedInBuyer();
    const theirs = await sessionIdOf(other.caller);

    const refused = await revoke(caller, { sessionId: theirs });

    expect(refused.status).toBe(404);
    expect(await refused.json()).toMatchObject({ error: { code: "not_found" } });
    expect(await (await getAuth("/get-session", other.caller)).json()).toMatchObject({ user: { email: other.email } });
    expect((await revoke({ ip: newNetwork("10.80") }, { sessionId: theirs })).status).toBe(401);
    expect((await revoke(caller, { sessionId: "" })).status).toBe(400);
  });
});
