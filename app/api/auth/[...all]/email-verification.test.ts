import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { cookiesOf, errorOf, getAuth, mailFor, newEmail, newNetwork, PASSWORD, postAuth, shapeOf, signedInBuyer, signIn, signUp } from "@/test-support/auth-requests";

// Sign-up with verification: a new address gets a link that confirms it and signs the buyer in,
// a registered one gets a note to its owner, and the two answers are alike. Changing the address
// takes the password and a link clicked at the new address.

/** Follows a mailed better-auth link as a browser would: the redirect and the cookies it sets. */
async function follow(link: string, cookie?: string): Promise<{ location: URL; cookie: string }> {
  const url = new URL(link);
  const answer = await getAuth(url.pathname.replace(/^\/api\/auth/, "") + url.search, { ip: newNetwork(), ...(cookie && { cookie }) });
  expect(answer.status).toBe(302);
  return { location: new URL(answer.headers.get("location") ?? "", "http://app.test"), cookie: cookiesOf(answer) };
}

describe("signing up", () => {
  it("mails a new address a verification link and the owner of a registered one a note, answering both alike", async () => {
    const taken = newEmail();
    expect((await signUp({ ip: newNetwork() }, taken)).status).toBe(200);
    const fresh = newEmail();

    const [forTaken, forFresh] = [await signUp({ ip: newNetwork() }, taken, "somebody else's passphrase"), await signUp({ ip: newNetwork() }, fresh)];

    expect([forTaken.status, forFresh.status]).toEqual([200, 200]);
    expect(shapeOf(await forTaken.json())).toEqual(shapeOf(await forFresh.json()));
    expect([cookiesOf(forTaken), cookiesOf(forFresh)]).toEqual(["", ""]);
    const ownerMail = (await mailFor(taken)).map((mail) => mail.subject);
    expect(ownerMail).toEqual(["Confirm your email address for Storefront", "Someone tried to create a Storefront account with your email"]);
    expect((await mailFor(fresh)).map((mail) => mail.subject)).toEqual(["Confirm your email address for Storefront"]);
  });

  it("writes the note to a registered address's owner in the language their account uses", async () => {
    const email = newEmail();
    await signUp({ ip: newNetwork(), language: "zh-CN" }, email);

    await signUp({ ip: newNetwork(), language: "en" }, email, "somebody else's passphrase");

    expect((await mailFor(email)).map((mail) => mail.subject)).toEqual(["请确认您在 Storefront 的邮箱地址", "有人尝试用您的邮箱注册 Storefront 账户"]);
  });

  it("confirms the address and signs the buyer in from the link, which then signs nobody in again", async () => {
    const email = newEmail();
    await signUp({ ip: newNetwork() }, email);
    const [mail] = await mailFor(email);

    const first = await follow(mail?.links[0] ?? "");
    const second = await follow(mail?.links[0] ?? "");

    expect(first.location.pathname).toBe("/");
    expect(first.cookie).toContain("better-auth.session_token=");
    expect(await (await getAuth("/get-session", { ip: newNetwork(), cookie: first.cookie })).json()).toMatchObject({ user: { email, emailVerified: true } });
    expect(second.cookie).toBe("");
  });

  it("sends a link that does not verify back to the page with the reason, verifying nothing", async () => {
    const email = newEmail();
    await signUp({ ip: newNetwork() }, email);

    const forged = await follow(`http://app.test/api/auth/verify-email?token=not.a.jwt&callbackURL=%2Fverify-email`);

    expect(forged.location.searchParams.get("error")).toBe("INVALID_TOKEN");
    expect(forged.cookie).toBe("");
    expect(await db.user.findUnique({ where: { email }, select: { emailVerified: true } })).toEqual({ emailVerified: false });
  });

  it("lets an unverified buyer sign in with their password, and send the link again from their account", async () => {
    const { email, caller } = await signedInBuyer();

    const resent = await postAuth("/send-verification-email", caller, { email, callbackURL: "/verify-email?next=%2Faccount" });

    expect(resent.status).toBe(200);
    expect((await mailFor(email)).map((mail) => mail.subject)).toEqual(["Confirm your email address for Storefront", "Confirm your email address for Storefront"]);
  });
});

describe("changing the email address", () => {
  it("takes effect only once the link mailed to the new address is followed, which also verifies it", async () => {
    const { email, caller } = await signedInBuyer();
    const next = newEmail();

    const asked = await postAuth("/change-email", caller, { newEmail: next, password: PASSWORD, callbackURL: "/verify-email?next=%2Faccount%2Fsettings" });
    expect(asked.status).toBe(200);
    expect(await db.user.count({ where: { email } })).toBe(1);
    const [mail] = await mailFor(next);
    expect(mail?.subject).toBe("Confirm your new email address for Storefront");

    await follow(mail?.links[0] ?? "", caller.cookie);

    expect(await db.user.findUnique({ where: { email: next }, select: { emailVerified: true } })).toEqual({ emailVerified: true });
    expect((await signIn({ ip: newNetwork() }, next)).status).toBe(200);
    expect((await signIn({ ip: newNetwork() }, email)).status).toBe(401);
  });

  it("answers a move to an address with an account like any other, changes nothing, and tells that address's owner", async () => {
    const { caller } = await signedInBuyer();
    const { email: taken } = await signedInBuyer();

    const asked = await postAuth("/change-email", caller, { newEmail: taken, password: PASSWORD });
    const fresh = await postAuth("/change-email", caller, { newEmail: newEmail(), password: PASSWORD });

    expect(asked.status).toBe(200);
    expect(await asked.json()).toEqual(await fresh.json());
    expect((await mailFor(taken)).map((mail) => mail.subject)).toContain("This email address already has a Storefront account");
    expect(await db.user.count({ where: { email: taken } })).toBe(1);
  });

  it.each<[string, (email: string) => object, string]>([
    ["without the password", () => ({ newEmail: newEmail() }), "password_required"],
    ["with a wrong password", () => ({ newEmail: newEmail(), password: "not my password at all" }), "wrong_password"],
    ["to the same address", (email) => ({ newEmail: email.toUpperCase(), password: PASSWORD }), "same_email"],
    ["to a malformed address", () => ({ newEmail: "not an address", password: PASSWORD }), "invalid_email"],
  ])("refuses a change %s with 400 in the API's error shape, sending nothing", async (_case, body, code) => {
    const { email, caller } = await signedInBuyer();

    expect(await errorOf(await postAuth("/change-email", caller, body(email)))).toMatchObject({ status: 400, code });
    expect(await db.user.count({ where: { email } })).toBe(1);
  });
});
