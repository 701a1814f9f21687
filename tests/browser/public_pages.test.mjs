// Every public page in real Chromium: zero axe-core WCAG 2.1 AA violations, zero Nu HTML checker
// errors, usable with JavaScript off, a working skip link, and a one-page Roadmap Mini.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './support/harness.mjs';
import { crawl } from './support/crawl.mjs';
import { axeViolations, htmlErrors } from './support/checks.mjs';

let server;
let browser;
let pages = [];

// Error and filtered states that no link leads to.
const EXTRA_STATES = [
  '/no/such/page',
  '/resources?stage=bogus',
  '/resources?q=interoperability&area=technology',
  '/resources?q=zzzz-nothing-matches',
  '/roadmap?audience=nobody',
];


useServerAndBrowser(async (s, b) => {
  server = s;
  browser = b;
  pages = [...(await crawl(server.url)), ...EXTRA_STATES];
});


test('the crawl finds every kind of public page', () => {
  for (const prefix of ['/pathways/', '/elements/', '/examples/', '/resources/']) {
    assert.ok(pages.some((p) => p.startsWith(prefix)), `no ${prefix} page found`);
  }
  for (const p of ['/', '/roadmap', '/glossary', '/facilitator-guide', '/mini', '/about']) {
    assert.ok(pages.includes(p), `${p} not reachable`);
  }
});

test('every page and state has zero axe-core WCAG 2.1 AA violations', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  for (const pathname of pages) {
    await page.goto(server.url + pathname);
    for (const v of await axeViolations(page)) problems.push(`${pathname}: ${v}`);
  }
  await context.close();
  assert.deepEqual(problems, []);
});

test('every page and state has zero Nu HTML checker errors', async () => {
  const documents = [];
  for (const pathname of pages) {
    const res = await fetch(server.url + pathname);
    documents.push({ name: pathname, html: await res.text() });
  }
  assert.deepEqual(await htmlErrors(documents), []);
});

test('pages work with JavaScript disabled', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  // Navigate by links and a form, as a visitor without JavaScript would.
  await page.getByRole('link', { name: /Read the State leadership pathway first/ }).click();
  assert.match(await page.locator('h1').innerText(), /State leadership pathway/);
  await page.goto(server.url + '/resources');
  await page.fill('#q', 'privacy');
  await page.click('.resource-filters button[type=submit]');
  assert.match(page.url(), /q=privacy/);
  assert.match(await page.locator('#results').innerText(), /of \d+ resources match/);
  // The print control needs JavaScript, so it stays hidden and a hint shows instead.
  assert.equal(await page.locator('[data-print]').isVisible(), false);
  await context.close();
});

test('with JavaScript on, the print control appears', async () => {
  const page = await browser.newPage();
  await page.goto(server.url + '/roadmap');
  assert.equal(await page.locator('[data-print]').isVisible(), true);
  await page.close();
});

test('the skip link is the first stop and moves focus to the main content', async () => {
  const page = await browser.newPage();
  await page.goto(server.url + '/elements/tech.mastery-tracking');
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement.textContent.trim());
  assert.equal(first, 'Skip to main content');
  await page.keyboard.press('Enter');
  const focused = await page.evaluate(() => document.activeElement.id);
  assert.equal(focused, 'main-content');
  await page.close();
});

test('the Roadmap Mini prints on a single page', async () => {
  const page = await browser.newPage();
  await page.goto(server.url + '/mini');
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'Letter', printBackground: true });
  const pageCount = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) || []).length;
  assert.equal(pageCount, 1);
  await page.close();
});

test('an element page prints without navigation and keeps every stage', async () => {
  const page = await browser.newPage();
  await page.goto(server.url + '/elements/policy.student-privacy');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-header').isVisible(), false);
  assert.equal(await page.locator('.element-stage').count(), 4);
  await page.close();
});
