import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { MAILS_PER_EMAIL_PER_HOUR, PER_ADDRESS_RULES } from "@/lib/auth/account-limits";
import { cookiesOf, errorOf, getAuth, mailFor, newEmail, newNetwork, PASSWORD, postAuth, shapeOf, signedInBuyer, signIn } from "@/test-support/auth-requests";

// "Forgot password?": better-auth's own flow. The answer never says whether the email has an
// account; the link is mailed, works once, for an hour, and choosing a new password signs the
// account out everywhere.

const NEW_PASSWORD = "a brand new kettle song";
const askForReset = (ip: string, email: string, language?: string) =>
  postAuth("/request-password-reset", { ip, ...(language && { language }) }, { email, redirectTo: "/reset-password" });

/** The token of the reset link mailed to `email`, after following the link as a browser would. */
async function mailedResetToken(email: string): Promise<string> {
  const [mail] = (await mailFor(email)).filter((message) => message.file.includes("-resetPassword-"));
  const link = mail?.links[0];
  if (!link) throw new Error(`no reset link was mailed to ${email}`);
  const followed = await getAuth(new URL(link).pathname.replace(/^\/api\/auth/, "") + new URL(link).search, { ip: newNetwork() });
  expect(followed.status).toBe(302);
  const landing = new URL(followed.headers.get("location") ?? "", "http://app.test");
  expect(landing.pathname).toBe("/reset-password");
  return landing.searchParams.get("token") ?? "";
}

describe("asking for a password reset", () => {
  it("answers a registered email and an unknown one alike, and mails a link only to the account's owner", async () => {
    const { email } = await signedInBuyer();
    const stranger = newEmail();

    const known = await askForReset(newNetwork(), email);
    const unknown = await askForReset(newNetwork(), stranger);

    expect([known.status, unknown.status]).toEqual([200, 200]);
    expect(await known.json()).toEqual(await unknown.json());
    expect(known.headers.getSetCookie()).toEqual(unknown.headers.getSetCookie());
    const [mail, ...more] = (await mailFor(email)).filter((message) => message.file.includes("-resetPassword-"));
    expect(more).toEqual([]);
    expect(mail?.subject).toBe("Choose a new password for Storefront");
    expect(mail?.text).toContain("works once, within 1 hour");
    expect(await mailFor(stranger)).toEqual([]);
  });

  it("writes the mail in the language of the browser that asked", async () => {
    const { email } = await signedInBuyer();

    await askForReset(newNetwork(), email, "zh-CN,zh;q=0.9");

    const [mail] = (await mailFor(email)).filter((message) => message.file.includes("-resetPassword-"));
    expect(mail?.subject).toBe("为您的 Storefront 账户设置新密码");
  });

  it("mails one address at most 3 times an hour (MAILS_PER_EMAIL_PER_HOUR) from any number of networks, counting unknown addresses the same", async () => {
    expect(MAILS_PER_EMAIL_PER_HOUR).toBe(3);
    const { email } = await signedInBuyer();
    const stranger = newEmail();
    for (let asked = 0; asked < MAILS_PER_EMAIL_PER_HOUR; asked += 1) {
      expect((await askForReset(newNetwork(), email)).status).toBe(200);
      expect((await askForReset(newNetwork(), stranger)).status).toBe(200);
    }

    const [known, unknown] = [await askForReset(newNetwork(), email), await askForReset(newNetwork(), stranger)];

    expect(await errorOf(known)).toMatchObject({ status: 429, code: "rate_limit_exceeded" });
    expect(await errorOf(unknown)).toMatchObject({ status: 429, code: "rate_limit_exceeded" });
    expect(Number(known.headers.get("retry-after"))).toBeGreaterThan(3000);
    expect((await mailFor(email)).filter((message) => message.file.includes("-resetPassword-"))).toHaveLength(MAILS_PER_EMAIL_PER_HOUR);
  });

  it("lets one network ask 10 times a minute for different addresses, then answers 429", async () => {
    expect(PER_ADDRESS_RULES["/request-password-reset"].max).toBe(10);
    const office = newNetwork();
    for (let asked = 0; asked < PER_ADDRESS_RULES["/request-password-reset"].max; asked += 1) expect((await askForReset(office, newEmail())).status).toBe(200);

    expect(await errorOf(await askForReset(office, newEmail()))).toMatchObject({ status: 429, code: "rate_limit_exceeded" });
  });
});

describe("choosing a new password through the link", () => {
  it("sets the password, signs out every session, and refuses the same link a second time", async () => {
    const { email, caller } = await signedInBuyer();
    await askForReset(newNetwork(), email);
    const token = await mailedResetToken(email);

    const reset = await postAuth("/reset-password", { ip: newNetwork() }, { token, newPassword: NEW_PASSWORD });
    const again = await postAuth("/reset-password", { ip: newNetwork() }, { token, newPassword: "another brand new kettle" });

    expect(reset.status).toBe(200);
    expect(await errorOf(again)).toMatchObject({ status: 400, code: "invalid_token", message: expect.stringContaining("expired or has already been used") });
    expect(await (await getAuth("/get-session", caller)).json()).toBeNull();
    expect((await signIn({ ip: newNetwork() }, email)).status).toBe(401);
    expect((await signIn({ ip: newNetwork() }, email, NEW_PASSWORD)).status).toBe(200);
  });

  it("refuses a link older than an hour, changing nothing", async () => {
    const { email } = await signedInBuyer();
    await askForReset(newNetwork(), email);
    const token = await mailedResetToken(email);
    await db.verification.updateMany({ where: { identifier: `reset-password:${token}` }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const expired = await postAuth("/reset-password", { ip: newNetwork() }, { token, newPassword: NEW_PASSWORD });
    const opened = await getAuth(`/reset-password/${token}?callbackURL=%2Freset-password`, { ip: newNetwork() });

    expect(await errorOf(expired)).toMatchObject({ status: 400, code: "invalid_token" });
    expect(new URL(opened.headers.get("location") ?? "", "http://app.test").searchParams.get("error")).toBe("INVALID_TOKEN");
    expect((await signIn({ ip: newNetwork() }, email, PASSWORD)).status).toBe(200);
  });

  it("refuses a made-up token and a guessable new password in the API's error shape", async () => {
    expect(await errorOf(await postAuth("/reset-password", { ip: newNetwork() }, { token: "made-up", newPassword: NEW_PASSWORD }))).toMatchObject({ status: 400, code: "invalid_token" });
    expect(await errorOf(await postAuth("/reset-password", { ip: newNetwork() }, { token: "made-up", newPassword: "password1" }))).toMatchObject({ status: 400, code: "password_too_weak" });
  });

  it("answers a reset of an unknown and a known address in the same shape, cookies included", async () => {
    const { email } = await signedInBuyer();
    const [known, unknown] = [await askForReset(newNetwork(), email), await askForReset(newNetwork(), newEmail())];
    expect(shapeOf(await known.json())).toEqual(shapeOf(await unknown.json()));
    expect(cookiesOf(known)).toBe(cookiesOf(unknown));
  });
});
