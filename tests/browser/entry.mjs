// Opens the entry page of a many-article citecheck run in Debian's chromium
// (headless), reads the first article of its list, follows that link and
// prints what it saw as one JSON object; tests/report/html_report.rs asserts.
//
//   node tests/browser/entry.mjs <report.html>
//
// Only file: requests inside the report's folder are let through; any other
// request is counted and aborted.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [reportPath] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const pageUrl = pathToFileURL(resolve(reportPath)).href;
const folder = pathToFileURL(dirname(resolve(reportPath))).href + "/";
const profile = mkdtempSync(join(tmpdir(), "citecheck-chromium-"));
const seen = { foreignRequests: [], pageErrors: [] };
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ["--no-sandbox"],
  });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(folder)) return route.continue();
    seen.foreignRequests.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => seen.pageErrors.push(String(e)));
  await page.goto(pageUrl);
  const first = page.locator("#article-list tr").first().locator("a");
  seen.rows = await page.locator("#article-list tr").count();
  seen.firstTitle = (await first.textContent()).trim();
  seen.firstHref = await first.getAttribute("href");
  seen.filtersShown = await page.locator("[data-filters-for=article-list]").isVisible();
  await Promise.all([page.waitForLoadState("load"), first.click()]);
  await page.waitForURL((u) => u.href !== pageUrl);
  seen.openedUrl = page.url();
  seen.openedHeading = (await page.locator("article h2").first().textContent()).trim();
  console.log(JSON.stringify(seen));
} catch (e) {
  console.error(String(e && e.stack || e));
  process.exit(1);
} finally {
  if (context) await context.close();
  rmSync(profile, { recursive: true, force: true });
}
