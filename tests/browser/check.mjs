// Opens a citecheck report.html in Debian's chromium (headless) and prints
// what it observed as one JSON object on stdout; tests/report/html_report.rs holds
// the assertions.
//
//   node tests/browser/check.mjs <report.html> <screenshot.png>
//
// Writes <screenshot.png> (desktop, top of the page) and, next to it,
// <name>-phone.png and <name>-print.png. Every request other than the report
// itself is counted and aborted, so nothing leaves the machine even when the
// page misbehaves. Exits 2 when the browser cannot be started.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [reportPath, screenshot] = process.argv.slice(2);
if (!reportPath || !screenshot) {
  console.error("usage: node check.mjs <report.html> <screenshot.png>");
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const pageUrl = pathToFileURL(resolve(reportPath)).href;
const profile = mkdtempSync(join(tmpdir(), "citecheck-chromium-"));

const observed = {
  url: pageUrl,
  requests: [],
  consoleErrors: [],
  pageErrors: [],
  dialogs: [],
};

let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
} catch (error) {
  console.error(`cannot start ${executablePath}: ${error.message}`);
  rmSync(profile, { recursive: true, force: true });
  process.exit(2);
}

try {
  context.on("request", (request) => observed.requests.push(request.url()));
  await context.route("**/*", (route) =>
    route.request().url() === pageUrl ? route.continue() : route.abort(),
  );
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (message) => {
    if (message.type() === "error") observed.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => observed.pageErrors.push(String(error)));
  page.on("dialog", async (dialog) => {
    observed.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });

  await page.goto(pageUrl, { waitUntil: "load" });

  // Give any handler planted by the article a chance to fire: hover, focus
  // and click nothing but the page's own controls.
  await page.evaluate(() => {
    for (const element of document.querySelectorAll("body *")) {
      for (const type of ["mouseover", "mouseenter", "focus", "load", "error"]) {
        element.dispatchEvent(new Event(type, { bubbles: true }));
      }
    }
  });
  await page.mouse.move(300, 300);
  await page.keyboard.press("Tab");

  Object.assign(observed, await page.evaluate(inspect));
  observed.filter = await tryFilter(page);
  observed.sort = await trySort(page);

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshot });
  const base = screenshot.replace(/\.png$/, "");
  observed.fixListHeight = { desktop: await page.evaluate(fixListHeight) };
  await page.setViewportSize({ width: 390, height: 844 });
  observed.phoneOverflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  observed.fixListHeight.phone = await page.evaluate(fixListHeight);
  await page.screenshot({ path: `${base}-phone.png` });
  await page.setViewportSize({ width: 1000, height: 1400 });
  await page.emulateMedia({ media: "print" });
  observed.printHidden = await page.evaluate(
    () => [...document.querySelectorAll(".filters, nav.toc")].every((e) => getComputedStyle(e).display === "none"),
  );
  await page.screenshot({ path: `${base}-print.png` });
  observed.screenshots = [screenshot, `${base}-phone.png`, `${base}-print.png`];
  await page.emulateMedia({ media: "screen" });
  await page.setViewportSize({ width: 1280, height: 900 });
  observed.headlineClicks = await tryHeadlines(page);
  // Anything the page did late still counts.
  observed.pwned = await page.evaluate(() => window.__pwned ?? null);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(observed, null, 2) + "\n");

/** Counts and checks made inside the page. */
function inspect() {
  const all = (selector) => [...document.querySelectorAll(selector)];
  const count = (selector) => document.querySelectorAll(selector).length;
  const byStatus = {};
  for (const row of all("table[id$='link-table'] tbody tr")) {
    const status = row.getAttribute("data-status");
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }
  const handlers = [];
  for (const element of all("*")) {
    for (const attribute of element.attributes) {
      if (attribute.name.toLowerCase().startsWith("on")) handlers.push(`${element.localName}[${attribute.name}]`);
    }
  }
  const hrefs = all("[href], [src], [action], [formaction], [xlink\\:href]").flatMap((e) =>
    ["href", "src", "action", "formaction", "xlink:href"]
      .map((name) => e.getAttribute(name))
      .filter((value) => value !== null),
  );
  const badHrefs = hrefs.filter((h) => !(h.startsWith("#") || /^https?:\/\//i.test(h)));
  const brokenAnchors = all("a[href^='#']")
    .map((a) => decodeURIComponent(a.getAttribute("href").slice(1)))
    .filter((id) => !document.getElementById(id));
  const headings = all("h1, h2, h3, h4, h5, h6").map((h) => Number(h.localName[1]));
  const skippedHeadings = headings.filter((level, i) => i > 0 && level > headings[i - 1] + 1).length;
  const charts = all("svg.chart");
  return {
    title: document.title,
    lang: document.documentElement.lang,
    charset: document.characterSet,
    scripts: count("script"),
    handlers,
    badHrefs,
    brokenAnchors,
    headings: { h1: count("h1"), skipped: skippedHeadings },
    charts: charts.length,
    chartsLabelled: charts.filter(
      (svg) => svg.getAttribute("role") === "img" && svg.querySelector("title") && svg.querySelector("desc")?.textContent.trim(),
    ).length,
    uncitedSentences: count("mark.uncited"),
    // Claim verdicts the reader can see beside their sentences.
    claimBadges: all("span.claim[data-support]")
      .filter((e) => e.getBoundingClientRect().width > 0 && getComputedStyle(e).visibility !== "hidden")
      .map((e) => e.dataset.support),
    claimEvidence: all("q.evidence")
      .filter((e) => e.getBoundingClientRect().width > 0)
      .map((e) => e.textContent),
    citedSentences: count("span.cited"),
    uncitedParagraphs: count("p.para.uncited"),
    paragraphs: count("p.para"),
    notes: count("li.note"),
    emptyNotes: count("li.note[data-kind='empty']"),
    markers: count("sup.m"),
    markerLinks: count("sup.m a[href^='#note-']"),
    linkRows: byStatus,
    noteLinkBadges: count("li.note .verdicts .badge[data-status]"),
    invalidIsbnBadges: count("li.note .badge[data-isbn='invalid']"),
    validIsbnBadges: count("li.note .badge[data-isbn='valid']"),
    fixes: all("table[id$='fix-list'] tbody tr").map((row) => row.getAttribute("data-category")),
    fixCounts: all("table[id$='fix-list'] tbody tr").map((row) => Number(row.getAttribute("data-count"))),
    fixMembers: all("table[id$='fix-list'] tbody tr").map((row) => row.querySelectorAll("details li").length),
    headlines: all("ul.headline li").map((li) => {
      const a = li.querySelector("a[href^='#']");
      return a
        ? {
            text: a.textContent,
            href: a.getAttribute("href"),
            targetExists: !!document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1))),
            filter: a.hasAttribute("data-filter-target")
              ? [a.getAttribute("data-filter-target"), a.getAttribute("data-filter-name"), a.getAttribute("data-filter-value")]
              : null,
          }
        : { text: li.textContent, href: null };
    }),
    noteTexts: all("li.note .note-text").map((e) => e.textContent),
    noteSources: all("li.note .note-text[title]").map((e) => e.getAttribute("title")),
    sourcedFigure: all(".card .sub").map((e) => e.textContent),
    sourcedSentences: all("span.cited").filter((sentence) => {
      for (let next = sentence.nextElementSibling; next && next.matches("sup.m"); next = next.nextElementSibling) {
        if (next.querySelector("a:not(.m-empty)")) return true;
      }
      return false;
    }).length,
    filtersShown: all(".filters").every((bar) => !bar.hidden),
    text: document.body.innerText,
  };
}

/** Chooses each link status in turn and counts the rows left visible. */
async function tryFilter(page) {
  const select = page.locator("[data-filters-for$='link-table'] select[data-filter='status']").first();
  if ((await select.count()) === 0) return null;
  const shown = {};
  for (const value of await select.locator("option").evaluateAll((options) => options.map((o) => o.value))) {
    await select.selectOption(value);
    shown[value || "all"] = await page
      .locator("table[id$='link-table'] tbody tr")
      .evaluateAll((rows) => rows.filter((r) => !r.hidden).length);
  }
  await select.selectOption("");
  return shown;
}

/** Sorts the link table by line, both ways, and reads the lines back. */
async function trySort(page) {
  const button = page.locator("table[id$='link-table'] th button", { hasText: "Line" }).first();
  if ((await button.count()) === 0) return null;
  const lines = () =>
    page
      .locator("table[id$='link-table'] tbody tr td:nth-child(3)")
      .evaluateAll((cells) => cells.map((c) => Number(c.textContent.trim())));
  await button.focus();
  await page.keyboard.press("Enter");
  const ascending = await lines();
  await page.keyboard.press("Enter");
  const descending = await lines();
  return { ascending, descending };
}

/** From the "What to fix" heading to the end of its list, in pixels. */
function fixListHeight() {
  const heading = document.querySelector("h3[id$='fix']");
  const list = document.querySelector("table[id$='fix-list']");
  if (!heading || !list) return null;
  return Math.round(list.getBoundingClientRect().bottom - heading.getBoundingClientRect().top);
}

/** Clicks each headline link in turn and reports where it led. */
async function tryHeadlines(page) {
  const results = [];
  const links = page.locator("ul.headline a");
  for (let i = 0; i < (await links.count()); i += 1) {
    await links.nth(i).click();
    results.push(
      await page.evaluate(() => {
        const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
        const details = target && (target.closest("details") || target.querySelector("details"));
        const visible = (e) => e.getClientRects().length > 0;
        return {
          hash: decodeURIComponent(location.hash),
          target: target ? target.localName : null,
          detailsOpen: details ? details.open : null,
          membersShown: details ? [...details.querySelectorAll("li")].filter(visible).length : 0,
          linkRowsShown: [...document.querySelectorAll("table[id$='link-table'] tbody tr")].filter((r) => !r.hidden).length,
        };
      }),
    );
  }
  return results;
}
