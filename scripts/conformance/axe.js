#!/usr/bin/env node
// Accessibility and console check of the site's pages in headless Chromium.
//
// Usage: node axe.js CHROMIUM BASE_URL PATH...
//
// For each PATH it loads BASE_URL+PATH as a reader would (the site's own
// Content-Security-Policy in force) and fails on any console error or
// warning, page error or failed request; then it loads the page again with
// the CSP bypassed, only to inject axe-core (pinned in package.json), and
// fails on any violation of serious or critical impact. The last line reads
// "axe: N pages, M problems"; the exit status is 1 if there was any.
'use strict';
const fs = require('fs');
const puppeteer = require('puppeteer-core');

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function consoleProblems(browser, url) {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure() ? r.failure().errorText : ''}`));
  const resp = await page.goto(url, { waitUntil: 'load', timeout: 60000 });
  if (!resp || resp.status() !== 200) problems.push(`status ${resp ? resp.status() : 'none'}`);
  await page.close();
  return problems;
}

async function axeViolations(browser, url) {
  const page = await browser.newPage();
  await page.setBypassCSP(true); // only to inject axe; the first load had the CSP
  await page.goto(url, { waitUntil: 'load', timeout: 60000 });
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  await page.close();
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

(async () => {
  const [chrome, base, ...paths] = process.argv.slice(2);
  if (!chrome || !base || paths.length === 0) {
    console.error('usage: node axe.js CHROMIUM BASE_URL PATH...');
    process.exit(2);
  }
  const browser = await puppeteer.launch({
    executablePath: chrome,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-extensions'],
  });
  let total = 0;
  try {
    for (const p of paths) {
      const url = base.replace(/\/$/, '') + '/' + p.replace(/^\//, '');
      const cons = await consoleProblems(browser, url);
      const vios = await axeViolations(browser, url);
      for (const c of cons) console.log(`${p}: ${c}`);
      for (const v of vios) console.log(`${p}: axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.join(', ')})`);
      if (cons.length === 0 && vios.length === 0) console.log(`${p}: ok`);
      total += cons.length + vios.length;
    }
  } finally {
    await browser.close();
  }
  console.log(`axe: ${paths.length} pages, ${total} problems`);
  process.exit(total ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
