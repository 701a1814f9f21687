// Moving freely through the self-assessment's steps in real Chromium: by keyboard only, with
// JavaScript and without; every step state (unanswered, error, flagged, answered, cleared) and
// the overview through axe-core and the Nu HTML checker; no sideways scroll at 320 CSS px.
// Set CBE_SCREENSHOTS=<folder> to keep screenshots of the states at 390 and 1366 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useServerAndBrowser } from './support/harness.mjs';
import { axeViolations, htmlErrors } from './support/checks.mjs';

let server;
let browser;
const states = [];  // { name, html } for the HTML checker

useServerAndBrowser((s, b) => { server = s; browser = b; });

async function newPage(options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.done = () => context.close();
  page.javaScriptOff = options.javaScriptEnabled === false;
  return page;
}

// axe-core runs as a script, so a page without JavaScript is checked as its markup, written
// into a page of the same origin (its stylesheets load) that may run scripts.
let scripted;
async function check(page, name) {
  const html = await page.content();
  let target = page;
  if (page.javaScriptOff) {
    if (!scripted) {
      scripted = await (await browser.newContext()).newPage();
      await scripted.goto(`${server.url}/about`);
    }
    await scripted.setContent(html, { waitUntil: 'load' });
    target = scripted;
  }
  assert.deepEqual(await axeViolations(target), [], `axe on ${name}`);
  states.push({ name, html });
}

async function start(page, audience = 'state') {
  await page.goto(`${server.url}/assessments/new?audience=${audience}`);
  await page.getByRole('button', { name: 'Start' }).click();
  assert.match(page.url(), /\/a\/[A-Za-z0-9_-]{43}\/e\//);
}

const stepNumber = async (page) =>
  Number((await page.locator('.step-position').innerText()).match(/Step (\d+) of/)[1]);

// Presses Tab until `predicate` holds in the page; fails when it never does.
async function tabTo(page, predicate, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate)) return;
  }
  throw new Error(`could not reach the control by Tab: ${predicate}`);
}

async function pressAndWait(page, key = 'Enter') {
  const before = page.url();
  await page.keyboard.press(key);
  await page.waitForURL((url) => url.href !== before);
}

for (const javaScriptEnabled of [true, false]) {
  test(`keyboard only (JavaScript ${javaScriptEnabled ? 'on' : 'off'}): answer, skip, flag, go back, overview`, async () => {
    const page = await newPage({ javaScriptEnabled });
    await start(page);
    // Step 1: a stage chosen with the arrow keys; Enter in the form saves and continues.
    await tabTo(page, () => document.activeElement.name === 'choice');
    await page.keyboard.press('ArrowDown');
    await pressAndWait(page);
    assert.equal(await stepNumber(page), 2);
    // Step 2: nothing chosen; "Save and continue" skips it.
    await tabTo(page, () => document.activeElement.value === 'next');
    await pressAndWait(page);
    assert.equal(await stepNumber(page), 3);
    // Step 3: a note, no stage; flagged for later.
    await tabTo(page, () => document.activeElement.id === 'note');
    await page.keyboard.type('Ask the data team');
    await tabTo(page, () => document.activeElement.value === 'flag');
    await pressAndWait(page);
    assert.equal(await stepNumber(page), 4);
    assert.match(await page.locator('.step-notice').innerText(), /is flagged for later/);
    // Step 4: back without answering.
    await tabTo(page, () => document.activeElement.value === 'previous');
    await pressAndWait(page);
    assert.equal(await stepNumber(page), 3);
    assert.equal(await page.inputValue('#note'), 'Ask the data team');
    await tabTo(page, () => document.activeElement.textContent === 'See all steps');
    await pressAndWait(page);
    const flagged = page.locator('h2:text-is("Flagged for later") + ul');
    assert.match(await flagged.innerText(), /Step 3: .+\s+Note: Ask the data team/);
    const open = page.locator('h2:text-is("Not answered yet") + ul');
    assert.match(await open.innerText(), /Step 2: /);
    assert.doesNotMatch(await open.innerText(), /Step 1: /);
    assert.match(await page.locator('.area-progress-list').innerText(), /1 of \d+ answered in /);
    await page.done();
  });
}

for (const javaScriptEnabled of [true, false]) {
  const js = javaScriptEnabled ? 'JS on' : 'JS off';
  test(`every step state passes axe and leaves freely (${js})`, async () => {
    const page = await newPage({ javaScriptEnabled });
    await start(page, 'district');
    await check(page, `unanswered step (${js})`);
    // Leave by "Save and see all steps" and come back: nothing asked for.
    await page.getByRole('button', { name: 'Save and see all steps' }).click();
    await page.locator('h1', { hasText: 'Your assessment' }).waitFor();  // the click navigates
    assert.match(await page.locator('h1').innerText(), /Your assessment/);
    await page.locator('.overview-steps a').first().click();
    // An unknown choice (a tampered form) marks the stages; a long note marks the note.
    await page.evaluate(() => { document.querySelector('#choice-entry').value = 'ultimate'; });
    await page.click('label[for=choice-entry]');
    await page.fill('#note', 'kept after the error');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    assert.match(await page.locator('#error-summary').innerText(), /Choose one of the four stages/);
    assert.equal(await page.locator('.usa-form-group--error #choice-error').count(), 1);
    assert.equal(await page.inputValue('#note'), 'kept after the error');
    await page.locator('#error-summary a').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'choice-entry');
    await check(page, `step with a choice error (${js})`);
    await page.evaluate(() => document.querySelector('#note').removeAttribute('maxlength'));
    await page.click('label[for=choice-developing]');
    await page.fill('#note', 'x'.repeat(2001));
    await page.getByRole('button', { name: 'Save and continue' }).click();
    assert.equal(await page.getAttribute('#note', 'aria-describedby'), 'note-error note-hint');
    assert.equal((await page.inputValue('#note')).length, 2001);
    await check(page, `step with a note error (${js})`);
    // Flagged, then answered, then cleared.
    await page.fill('#note', 'come back to this');
    await page.getByRole('button', { name: /Flag for later/ }).click();
    await page.getByRole('button', { name: 'Save and go back' }).click();
    assert.equal(await page.locator('.step-flagged__tag').count(), 1);
    await check(page, `flagged step (${js})`);
    await page.click('label[for=choice-scaling]');
    await page.getByRole('button', { name: 'Save and see all steps' }).click();
    await page.locator('.overview-steps a').first().click();
    assert.equal(await page.isChecked('#choice-scaling'), true);
    await check(page, `answered step (${js})`);
    await page.getByRole('button', { name: 'Clear this answer' }).click();
    assert.match(await page.locator('.step-notice').innerText(), /cleared/);
    assert.equal(await page.isChecked('#choice-scaling'), false);
    await check(page, `cleared step (${js})`);
    await page.getByRole('link', { name: 'See all steps' }).click();
    await check(page, `overview (${js})`);
    await page.done();
  });
}

test('step states and the overview have zero Nu HTML checker errors', async () => {
  assert.ok(states.length >= 14, `only ${states.length} states recorded`);
  assert.deepEqual(await htmlErrors(states), []);
});

test('no sideways scroll at 320 CSS px on a flagged step, an error and the overview', async () => {
  const page = await newPage({ viewport: { width: 320, height: 640 } });
  await start(page);
  await page.fill('#note', 'A note long enough to wrap across several lines on a small phone screen');
  await page.getByRole('button', { name: /Flag for later/ }).click();
  await page.getByRole('button', { name: 'Save and go back' }).click();
  const fits = () => page.evaluate(() =>
    document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  assert.ok(await fits(), 'flagged step scrolls sideways');
  await page.evaluate(() => document.querySelector('#note').removeAttribute('maxlength'));
  await page.fill('#note', 'y'.repeat(2001));
  await page.getByRole('button', { name: 'Save and continue' }).click();
  assert.ok(await fits(), 'step with an error scrolls sideways');
  await page.getByRole('link', { name: 'See all steps' }).click();
  assert.ok(await fits(), 'overview scrolls sideways');
  await page.done();
});

test('screenshots of the step states at 390 and 1366 px (when CBE_SCREENSHOTS is set)', async (t) => {
  const dir = process.env.CBE_SCREENSHOTS;
  if (!dir) { t.skip('CBE_SCREENSHOTS not set'); return; }
  fs.mkdirSync(dir, { recursive: true });
  for (const width of [390, 1366]) {
    const page = await newPage({ viewport: { width, height: width < 800 ? 844 : 768 } });
    await start(page);
    await page.click('label[for=choice-developing]');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.screenshot({ path: path.join(dir, `step-${width}.png`), fullPage: true });
    await page.evaluate(() => document.querySelector('#note').removeAttribute('maxlength'));
    await page.fill('#note', 'z'.repeat(2001));
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.screenshot({ path: path.join(dir, `step-error-${width}.png`), fullPage: true });
    await page.fill('#note', 'Check with the assessment office');
    await page.getByRole('button', { name: /Flag for later/ }).click();
    await page.getByRole('button', { name: 'Save and go back' }).click();
    await page.screenshot({ path: path.join(dir, `step-flagged-${width}.png`), fullPage: true });
    await page.getByRole('link', { name: 'See all steps' }).click();
    await page.screenshot({ path: path.join(dir, `overview-${width}.png`), fullPage: true });
    await page.done();
  }
});
