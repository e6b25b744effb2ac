import { defineConfig } from "vitest/config";
import root from "./vitest.config";

// vitest.config.ts with its app project alone, for Stryker (stryker.config.mjs): the unit tests.
// The sandbox package's tests never reach the mutated files, and the chaos and security suites
// need a built app. Stryker's own testFiles option would narrow the run the same way, but with it
// Stryker 9.6 activates a module-level mutant only after the module has loaded, so every such
// mutant survives whatever the tests say (stryker-js issue 6144).
const app = (root.test?.projects ?? []).filter((project) => typeof project === "object" && "test" in project && project.test?.name === "app");
if (app.length !== 1) throw new Error("vitest.config.ts has no project named app");

export default defineConfig({ ...root, test: { ...root.test, projects: app } });
