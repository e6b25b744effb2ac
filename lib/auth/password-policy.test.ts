import { describe, expect, it } from "vitest";
import { passwordProblem } from "@/lib/auth/password-policy";

describe("passwordProblem", () => {
  it.each(["12345678", "password", "qwertyuiop", "iloveyou123", "P@ssw0rd123", "        ", "\t\n \t\n \t\n"])("refuses %j", async (password) => {
    expect(await passwordProblem(password)).toEqual(expect.any(String));
  });

  it("refuses a password shorter than 8 characters, saying so", async () => {
    expect(await passwordProblem("k7#Qz!")).toBe("Use at least 8 characters for your password.");
  });

  it("refuses the owner's email address, in any case, and passwords built from it or their name", async () => {
    const owner = { email: "jane.doe@example.com", name: "Jane Doe" };

    expect(await passwordProblem(" JANE.DOE@example.com ", owner)).toBe("Your password can't be your email address.");
    expect(await passwordProblem("jane.doe2024", owner)).toEqual(expect.any(String));
    expect(await passwordProblem("JaneDoe1!", owner)).toEqual(expect.any(String));
  });

  it("tells the person what is wrong in zxcvbn's words", async () => {
    expect(await passwordProblem("password")).toBe("This password is too easy to guess. This is a heavily used password. Add more words that are less common.");
  });

  it.each(["correct horse battery", "blue kettle mountain", "Tr0ub4dor&3x"])("accepts %j", async (password) => {
    expect(await passwordProblem(password, { email: "buyer@example.com", name: "Test Buyer" })).toBeNull();
  });
});
