import { forgetSkips, recordedSkips } from "@/test-support/required-services";

// `npm test` starts with `--reset` and ends with `--report`: one line saying whether every suite
// ran, or which were skipped for want of a service (test-support/required-services.ts).

if (process.argv.includes("--reset")) {
  forgetSkips();
} else {
  const skipped = recordedSkips();
  console.log(skipped.length === 0 ? "npm test: every suite ran, none skipped." : `npm test: SKIPPED ${skipped.length} suite(s), not proven here: ${skipped.join("; ")}.`);
}
