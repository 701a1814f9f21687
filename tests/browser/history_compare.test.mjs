// Year over year in real Chromium (issue 12): a school year stated when an assessment starts
// (and a wrong one refused with what was typed kept), an organization page listing its
// placements by school year, and the compare page — picked with a plain GET form, so it works
// with JavaScript off — with its chart and tables. Every state through axe-core and the Nu HTML
// checker; nothing scrolls sideways at 320 px; the comparison prints without the form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useServerAndBrowser } from './support/harness.mjs';
import { axeViolations, htmlErrors } from './support/checks.mjs';

let server;
let browser;
let org;
const states = [];

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
// Screenshots for a person to look at, when CBE_SCREENSHOT_DIR names a folder.
const SHOTS = process.env.CBE_SCREENSHOT_DIR;

useServerAndBrowser(async (s, b) => {
  server = s;
  browser = b;
  org = server.admin(['org', 'add', '--name', 'Lincoln County Schools', '--kind', 'district']);
});

// axe-core runs as a script in the page, so it cannot run with JavaScript off; the HTML checker
// sees the markup in both modes.
async function check(page, name, javaScriptEnabled = true) {
  if (javaScriptEnabled) assert.deepEqual(await axeViolations(page), [], `axe on ${name}`);
  states.push({ name, html: await page.content() });
}

// WCAG 1.4.10: at 320 px nothing scrolls sideways.
async function noSidewaysScroll(page, name) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  await page.setViewportSize(size);
  assert.ok(scroll <= client, `${name} scrolls sideways at 320 px: ${scroll} > ${client}`);
}

async function screenshots(page, name) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  const size = page.viewportSize();
  for (const viewport of [PHONE, DESKTOP]) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${viewport.width}.png`), fullPage: true });
  }
  await page.setViewportSize(size);
}

async function signUp(page, name, email) {
  await page.goto(`${server.url}/sign-up`);
  await page.fill('#name', name);
  await page.fill('#email', email);
  await page.fill('#password', 'correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-up'));
}

// Starts a district assessment with a school year, answers its first elements with `stages`
// through the step form's own post, and moves it into the organization. Returns the token.
async function placement(page, label, year, stages) {
  await page.goto(`${server.url}/assessments/new?audience=district`);
  await page.locator('label[for="audience-district"]').click();
  await page.fill('#label', label);
  await page.fill('#school_year', year);
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForURL(/\/a\/[A-Za-z0-9_-]{43}\/e\//);
  const [, token] = new URL(page.url()).pathname.match(/^\/a\/([^/]+)/);
  const csrf = await page.locator('input[name="csrf"]').first().inputValue();
  const steps = await page.evaluate(async (t) => {
    const res = await fetch(`/a/${t}`);
    const html = await res.text();
    return [...html.matchAll(new RegExp(`href="/a/${t}/e/([^"]+)"`, 'g'))].map((m) => m[1]);
  }, token);
  const elements = [...new Set(steps)];
  for (const [i, stage] of stages.entries()) {
    const res = await page.request.post(`${server.url}/a/${token}/e/${elements[i]}`, {
      form: { csrf, choice: stage, note: '', go: 'next' }, maxRedirects: 0,
    });
    assert.equal(res.status(), 303, `saving ${elements[i]}`);
  }
  const moved = await page.request.post(`${server.url}/a/${token}/move`, {
    form: { csrf, organization: org }, maxRedirects: 0,
  });
  assert.equal(moved.status(), 303, 'moving it into the organization');
  return token;
}

test('a school year is asked for when an assessment starts, and a wrong one is refused', async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto(`${server.url}/assessments/new?audience=district`);
  assert.match(await page.inputValue('#school_year'), /^20\d\d-\d\d$/, 'offers the current year');
  await page.locator('label[for="audience-district"]').click();
  await page.fill('#label', 'Kept name');
  await page.fill('#school_year', '2026-28');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.locator('#school-year-error').waitFor();
  assert.equal(await page.inputValue('#school_year'), '2026-28', 'what was typed is kept');
  assert.equal(await page.inputValue('#label'), 'Kept name');
  await check(page, 'assessment_start: school year refused');

  // Started with a year, it can be changed on the overview; a wrong one is refused there too.
  await page.fill('#school_year', '2025–26');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForURL(/\/a\/[A-Za-z0-9_-]{43}\/e\//);
  const [, token] = new URL(page.url()).pathname.match(/^\/a\/([^/]+)/);
  await page.goto(`${server.url}/a/${token}`);
  assert.equal(await page.inputValue('#school_year'), '2025-26', 'stored with a hyphen');
  await page.fill('#school_year', 'next year');
  await page.getByRole('button', { name: 'Save the school year' }).click();
  await page.locator('#school-year-error').waitFor();
  assert.equal(await page.inputValue('#school_year'), 'next year');
  await check(page, 'assessment_overview: school year refused');
  await noSidewaysScroll(page, 'overview with a refused school year');
  await screenshots(page, 'overview-school-year-error');
  await page.fill('#school_year', '2026-27');
  await page.getByRole('button', { name: 'Save the school year' }).click();
  await page.waitForURL((url) => url.pathname === `/a/${token}`);
  assert.equal(await page.inputValue('#school_year'), '2026-27');
  await page.goto(`${server.url}/a/${token}/results`);
  assert.match(await page.locator('.results-meta').innerText(), /school year 2026-27/);
  await context.close();
});

test('the organization page lists placements by school year; two of them compare', { timeout: 180000 }, async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  await signUp(page, 'Hana Historian', 'hana@example.org');
  server.admin(['org', 'add-member', '--org', org, '--email', 'hana@example.org', '--role', 'member']);
  await placement(page, 'Spring 2026 review', '2025-26', ['entry', 'developing', 'scaling', 'not-sure']);
  await placement(page, 'Spring 2027 review', '2026-27', ['developing', 'developing', 'entry', 'scaling']);

  await page.goto(`${server.url}/orgs/${org}`);
  const years = await page.locator('.org-history__year').allInnerTexts();
  assert.deepEqual(years, ['School year 2026-27', 'School year 2025-26']);
  await check(page, 'organization: placements over time');
  await noSidewaysScroll(page, 'organization page');
  await screenshots(page, 'organization-history');

  await page.getByRole('link', { name: 'Compare two placements' }).click();
  await page.waitForURL(/\/compare$/);
  await check(page, 'compare: picker');
  await page.getByRole('button', { name: 'Compare' }).click();
  await page.locator('#compare-title').waitFor();
  assert.equal(await page.locator('#compare-title').innerText(), 'From 2025-26 to 2026-27');
  const text = await page.locator('main').innerText();
  for (const expected of ['Up 1 stage', 'Same stage', 'Down 2 stages', 'Not comparable', 'Not sure']) {
    assert.ok(text.includes(expected), `the comparison says "${expected}"`);
  }
  await check(page, 'compare: two assessments');
  await noSidewaysScroll(page, 'compare page');
  await screenshots(page, 'compare');

  // A placement of no one's: the page says so, marks the field, and keeps the picker.
  const params = new URL(page.url()).searchParams;
  await page.goto(`${server.url}/orgs/${org}/compare?a=assessment-99999&b=${params.get('b')}`);
  await page.locator('#a-error').waitFor();
  await check(page, 'compare: unknown placement');

  // Printed: the chart and tables, without the form.
  await page.goto(`${server.url}/orgs/${org}/compare?${params}`);
  await page.emulateMedia({ media: 'print' });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cbe-pdf-')), 'compare.pdf');
  await page.pdf({ path: file, format: 'Letter', printBackground: true });
  const printed = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
  for (const expected of ['Compare two placements', 'By area', 'By element', 'Up 1 stage']) {
    assert.ok(printed.includes(expected), `the PDF lacks "${expected}"`);
  }
  assert.ok(!printed.includes('Another placement'), 'the picking form does not print');
  if (SHOTS) fs.copyFileSync(file, path.join(SHOTS, 'compare.pdf'));
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  await context.close();

  // With JavaScript off, the GET form still compares.
  const noScript = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto(`${server.url}/sign-in`);
  await plain.fill('#email', 'hana@example.org');
  await plain.fill('#password', 'correct horse battery');
  await plain.getByRole('button', { name: 'Sign in' }).click();
  await plain.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  await plain.goto(`${server.url}/orgs/${org}/compare`);
  await plain.getByRole('button', { name: 'Compare' }).click();
  await plain.locator('#compare-title').waitFor();
  await check(plain, 'compare: JavaScript off', false);
  await noScript.close();
});

test('year-over-year pages have zero Nu HTML checker errors', async () => {
  assert.ok(states.length >= 5, `checked ${states.length} states`);
  assert.deepEqual(await htmlErrors(states), []);
});
