// The self-assessment journey in real Chromium: with JavaScript (autosave) and without, by
// keyboard only, every state through axe-core and the Nu HTML checker, results printed to PDF.
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
const states = [];  // { name, html } of every page state visited, for the HTML checker

useServerAndBrowser((s, b) => { server = s; browser = b; });


// Records the page for the HTML checker and asserts axe finds nothing.
async function check(page, name) {
  assert.deepEqual(await axeViolations(page), [], `axe on ${name}`);
  states.push({ name, html: await page.content() });
}

// A page in its own context (axe-core needs one), closed with its context.
async function newPage(options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.done = () => context.close();
  return page;
}

async function choose(page, choice) {
  await page.click(`label[for=choice-${choice}]`);
}

async function startAssessment(page, audience, label) {
  await page.goto(`${server.url}/pathways/${audience}`);
  await page.getByRole('link', { name: 'Place your system on this pathway' }).click();
  await page.fill('#label', label);
  await page.getByRole('button', { name: 'Start' }).click();
  assert.match(page.url(), /\/a\/[A-Za-z0-9_-]{43}\/e\//);
}

test('with JavaScript, answers save as they change and survive a reload', async () => {
  const page = await newPage();
  await startAssessment(page, 'technology', 'Autosave district');
  await check(page, 'step');
  await choose(page, 'scaling');
  await page.waitForFunction(() =>
    /Saved at/.test(document.querySelector('[data-autosave-status]').textContent));
  await page.fill('#note', 'Typed, not submitted');
  await page.waitForTimeout(1200);  // the note saves after a pause in typing
  await page.reload();
  assert.equal(await page.isChecked('#choice-scaling'), true);
  assert.equal(await page.inputValue('#note'), 'Typed, not submitted');
  await page.done();
});

test('without JavaScript, the whole journey works with plain forms', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await startAssessment(page, 'state', 'No-script State');
  const choices = ['developing', 'entry', 'not-sure', 'scaling'];
  for (const choice of choices) {
    await choose(page, choice);
    await page.getByRole('button', { name: 'Save and continue' }).click();
  }
  assert.match(await page.locator('.step-position').innerText(), /Step 5 of/);
  await page.getByRole('link', { name: 'All steps' }).click();
  assert.match(await page.locator('.usa-intro').innerText(), /answered 4 of/);
  await page.getByRole('link', { name: 'See results' }).click();
  assert.match(await page.locator('h1').innerText(), /Your results: No-script State/);
  assert.equal(await page.locator('.next-step').count(), 3);
  assert.match(await page.locator('#conversations-title + h3').innerText(), /.+/);
  await context.close();
});

test('a keyboard-only run answers a step and moves on', async () => {
  const page = await newPage();
  await startAssessment(page, 'district', 'Keyboard district');
  const firstUrl = page.url();
  const focusOn = async (predicate, limit = 60) => {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(predicate)) return;
    }
    throw new Error('could not reach the control by Tab');
  };
  await focusOn(() => document.activeElement.name === 'choice');
  await page.keyboard.press('ArrowDown');  // moves to and selects the next stage
  await focusOn(() => document.activeElement.id === 'note');
  await page.keyboard.type('Chosen by keyboard');
  await focusOn(() => document.activeElement.value === 'next');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.href !== firstUrl);
  await page.goto(firstUrl);
  assert.equal(await page.isChecked('#choice-developing'), true);
  assert.equal(await page.inputValue('#note'), 'Chosen by keyboard');
  await page.done();
});

test('every state passes axe: start, errors, overview, results, delete, 404, expired form', async () => {
  const page = await newPage();
  await page.goto(`${server.url}/assessments/new`);
  await check(page, 'start');
  // Errors: the browser's own checks are removed so the server's answers show.
  await page.evaluate(() => document.querySelectorAll('[required]').forEach((e) => e.removeAttribute('required')));
  await page.getByRole('button', { name: 'Start' }).click();
  assert.match(await page.locator('#error-summary').innerText(), /Choose the pathway/);
  await check(page, 'start with an error');
  await startAssessment(page, 'district', 'Checked district');
  await page.evaluate(() => document.querySelector('#note').removeAttribute('maxlength'));
  await choose(page, 'entry');
  await page.fill('#note', 'x'.repeat(2001));
  await page.getByRole('button', { name: 'Save and continue' }).click();
  assert.match(await page.locator('#error-summary').innerText(), /2,000/);
  assert.equal((await page.inputValue('#note')).length, 2001);  // nothing typed is lost
  await check(page, 'step with an error');
  await page.fill('#note', 'fine');
  await choose(page, 'developing');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await choose(page, 'not-sure');
  await page.getByRole('button', { name: 'Save and see all steps' }).click();
  await check(page, 'overview');
  await page.getByRole('link', { name: 'See results' }).click();
  await check(page, 'results');
  const results = page.url();
  await page.goto(results.replace('/results', '/delete'));
  await check(page, 'delete confirmation');
  await page.getByRole('button', { name: 'Yes, delete it' }).click();
  assert.match(page.url(), /\/assessments\/deleted$/);
  await check(page, 'deleted');
  await page.goto(results);
  assert.match(await page.locator('h1').innerText(), /could not find this assessment/);
  await check(page, 'unknown assessment (404)');
  await page.goto(`${server.url}/resume`);
  await check(page, 'resume without a saved link');
  // An expired form: the CSRF cookie is gone when the form is sent.
  await page.goto(`${server.url}/assessments/new?audience=state`);
  await page.context().clearCookies();
  await page.getByRole('button', { name: 'Start' }).click();
  assert.match(await page.locator('h1').innerText(), /This form has expired/);
  await check(page, 'expired form (403)');
  await page.done();
});

test('every assessment state has zero Nu HTML checker errors', async () => {
  assert.ok(states.length >= 10, `only ${states.length} states recorded`);
  assert.deepEqual(await htmlErrors(states), []);
});

test('the results page prints to PDF with the profile and next steps', async () => {
  const page = await newPage();
  await startAssessment(page, 'state', 'Printed State');
  await choose(page, 'developing');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await choose(page, 'scaling');
  await page.getByRole('button', { name: 'Save and see all steps' }).click();
  await page.getByRole('link', { name: 'See results' }).click();
  // The click starts a navigation; print only once the results page is the one showing.
  await page.waitForURL(/\/results$/);
  await page.locator('h1', { hasText: 'Your results: Printed State' }).waitFor();
  await page.waitForLoadState('load');
  await page.emulateMedia({ media: 'print' });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cbe-pdf-')), 'results.pdf');
  await page.pdf({ path: file, format: 'Letter', printBackground: true });
  // Line breaks and spacing in extracted PDF text depend on layout: compare words only.
  const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
  for (const expected of ['Your results: Printed State', 'Your profile', 'What to do next',
    'Moves to get there', 'Conversations to have']) {
    assert.ok(text.includes(expected), `PDF lacks "${expected}" in: ${text.slice(0, 300)}`);
  }
  assert.ok(!text.includes('Download CSV'), 'buttons should not print');
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  await page.done();
});
