// Action plans in real Chromium, with JavaScript on and off: from a self-assessment's results to
// its plan, suggested priorities saved, an action refused with what was typed kept, then added
// from a roadmap move. Every state through axe-core and the Nu HTML checker; no sideways
// scrolling at 320 CSS px; the printed plan hides its forms.
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
const states = [];

useServerAndBrowser((s, b) => { server = s; browser = b; });

async function check(page, name, javaScriptEnabled) {
  if (javaScriptEnabled) assert.deepEqual(await axeViolations(page), [], `axe on ${name}`);
  states.push({ name, html: await page.content() });
}

// How far down each page of a PDF the ink reaches (0–1), skipping the bottom margin's page
// number: renders the pages as greyscale PGM images with pdftoppm and reads the pixels.
function inkDepths(file) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbe-ink-'));
  execFileSync('pdftoppm', ['-r', '20', '-gray', file, path.join(dir, 'p')]);
  const depths = fs.readdirSync(dir).sort().map((name) => {
    const data = fs.readFileSync(path.join(dir, name));
    const header = data.toString('latin1', 0, 50).match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/);
    const [width, height] = [Number(header[1]), Number(header[2])];
    const pixels = data.subarray(header[0].length);
    const bottom = Math.floor(height * 0.9);  // the margin with the page number
    let last = 0;
    for (let y = 0; y < bottom; y++) {
      for (let x = 0; x < width; x++) {
        if (pixels[y * width + x] < 200) { last = y; break; }
      }
    }
    return last / height;
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return depths;
}

async function csrf(page) {
  return page.locator('input[name="csrf"]').first().inputValue();
}

// A district assessment with credit flexibility at Entry and leadership at Scaling.
async function assessment(page) {
  await page.goto(`${server.url}/assessments/new?audience=district`);
  const started = await page.request.post(`${server.url}/assessments`, {
    form: { csrf: await csrf(page), audience: 'district', label: 'Lincoln County' },
  });
  const base = new URL(started.url()).pathname.match(/^\/a\/[A-Za-z0-9_-]{43}/)[0];
  for (const [element, choice] of [['policy.credit-flexibility', 'entry'],
    ['conditions.leadership-vision', 'scaling']]) {
    await page.goto(`${server.url}${base}/e/${element}`);
    const saved = await page.request.post(`${server.url}${base}/e/${element}`, {
      form: { csrf: await csrf(page), choice, note: '' },
    });
    assert.ok(saved.ok(), `saving ${element}`);
  }
  return base;
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  test(`from results to an action plan ${mode}`, async () => {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    const base = await assessment(page);
    await page.goto(`${server.url}${base}/results`);
    await page.getByRole('link', { name: 'Action plan' }).click();
    assert.equal(new URL(page.url()).pathname, `${base}/plan`);
    assert.match(await page.locator('h1').innerText(), /Action plan: Lincoln County/);
    assert.ok(await page.locator('#priority-policy\\.credit-flexibility').isChecked(), 'suggested and ticked');
    await check(page, `plan, new ${mode}`, javaScriptEnabled);

    await page.getByRole('button', { name: 'Save priorities' }).click();
    const add = page.locator('form[action$="/plan/actions"]').filter({ has: page.locator('input[value="policy.credit-flexibility"]') });
    await add.locator('input[name="owner_name"]').fill('Dr. Rivera');
    await add.getByRole('button', { name: 'Add the action' }).click();
    assert.match(await page.locator('#error-summary').innerText(), /Say what will be done/);
    const again = page.locator('form[action$="/plan/actions"]').filter({ has: page.locator('input[value="policy.credit-flexibility"]') });
    assert.equal(await again.locator('input[name="owner_name"]').inputValue(), 'Dr. Rivera');
    await check(page, `plan, refused action ${mode}`, javaScriptEnabled);

    await again.locator('select[name="move"]').selectOption({ index: 1 });
    await again.locator('input[name="due_date"]').fill('2027-03-31');
    await again.getByRole('button', { name: 'Add the action' }).click();
    const table = page.locator('.plan-actions');
    assert.match(await table.innerText(), /Dr\. Rivera/);
    assert.match(await table.innerText(), /31 March 2027/);
    await check(page, `plan, with an action ${mode}`, javaScriptEnabled);

    // Share it read-only: the new link, shown once, opens the results and plan elsewhere.
    await page.goto(`${server.url}${base}/share`);
    await check(page, `share page ${mode}`, javaScriptEnabled);
    await page.getByRole('button', { name: 'Make a new share link' }).click();
    const link = await page.locator('#new-link').inputValue();
    assert.match(link, /\/s\/[A-Za-z0-9_-]{43}$/);
    await check(page, `share page, new link ${mode}`, javaScriptEnabled);
    const reader = await browser.newContext({ javaScriptEnabled });
    const shared = await reader.newPage();
    await shared.goto(`${server.url}${new URL(link).pathname}`);
    assert.match(await shared.locator('main').innerText(), /Credit flexibility/);
    assert.equal(await shared.locator('main form[method="post"]').count(), 0);
    await check(shared, `shared results ${mode}`, javaScriptEnabled);
    await shared.getByRole('link', { name: 'Action plan' }).click();
    assert.match(await shared.locator('.plan-actions').innerText(), /Dr\. Rivera/);
    await check(shared, `shared plan ${mode}`, javaScriptEnabled);
    await reader.close();
    await page.goto(`${server.url}${base}/plan`);

    // The report for the board: its page passes the checks, and it prints on at most two Letter
    // pages, numbered, with the assessment and date in the top margin.
    await page.getByRole('link', { name: 'Report for the board' }).click();
    assert.match(await page.locator('h1').innerText(), /Report for the board/);
    await check(page, `report ${mode}`, javaScriptEnabled);
    if (javaScriptEnabled) {
      await page.emulateMedia({ media: 'print' });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbe-report-'));
      const file = path.join(dir, 'report.pdf');
      await page.pdf({ path: file, format: 'Letter', printBackground: true });
      fs.copyFileSync(file, '/tmp/report.pdf');
      const pages = Number(execFileSync('pdfinfo', [file]).toString().match(/Pages:\s+(\d+)/)[1]);
      assert.ok(pages >= 1 && pages <= 2, `the report printed on ${pages} pages`);
      const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
      for (const expected of ['Report for the board', 'Where we stand', 'Priorities', 'Rivera',
        `Page 1 of ${pages}`, 'Lincoln County · ']) {
        assert.ok(text.includes(expected), `the printed report lacks "${expected}" in: ${text.slice(0, 400)}`);
      }
      // The full results print numbered too, with the same margin line, and without the
      // screen-only bar chart (its table carries the stages and notes on paper).
      // Every other element answered too (some with notes), as a finished assessment would be.
      await page.emulateMedia({ media: 'screen' });
      await page.goto(`${server.url}${base}`);
      const steps = [...new Set(await page.locator('a[href*="/e/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href'))))]
        .filter((href) => !/credit-flexibility|leadership-vision/.test(href));
      const choices = ['developing', 'scaling', 'entry', 'not-sure', 'transforming'];
      for (const [i, href] of steps.entries()) {
        const saved = await page.request.post(`${server.url}${href}`, {
          form: { csrf: await csrf(page), choice: choices[i % choices.length], note: i % 3 ? '' : 'Two schools show this; the others do not yet.' },
        });
        assert.ok(saved.ok(), `saving ${href}`);
      }
      await page.goto(`${server.url}${base}/results`);
      await page.emulateMedia({ media: 'print' });
      await page.pdf({ path: file, format: 'Letter', printBackground: true });
      const full = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
      for (const expected of ['Page 1 of', 'Lincoln County · ', 'What to do next', 'Moves to get there']) {
        assert.ok(full.includes(expected), `the printed results lack "${expected}"`);
      }
      assert.ok(!full.includes('How to read the bars'), 'the bar chart legend should not print');
      // No blank half pages: on every page but the last, ink reaches below 60% of the height.
      const fill = inkDepths(file);
      assert.ok(fill.length > 1, 'a fully answered pathway prints on several pages');
      fill.slice(0, -1).forEach((depth, i) => {
        assert.ok(depth > 0.6, `page ${i + 1} of the printed results is only ${Math.round(depth * 100)}% used`);
      });
      await page.goBack();
      fs.rmSync(dir, { recursive: true, force: true });
      await page.emulateMedia({ media: 'screen' });
      await page.screenshot({ path: '/tmp/report-1366.png', fullPage: true });
    }
    await page.goto(`${server.url}${base}/plan`);

    if (javaScriptEnabled) {
      await page.screenshot({ path: '/tmp/plan-1366.png', fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: '/tmp/plan-390.png', fullPage: true });
      await page.setViewportSize({ width: 320, height: 700 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      const wide = await page.evaluate(() => [...document.querySelectorAll('main *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .map((e) => `${e.tagName}.${e.className}`).slice(0, 8).join(', '));
      assert.ok(overflow <= 0, `sideways scroll of ${overflow}px at 320: ${wide}`);
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('.plan-add').first().isVisible(), false, 'forms hidden in print');
      await page.pdf({ path: '/tmp/plan.pdf', format: 'Letter' });
    }
    await context.close();
  });
}

test('every plan state passes the HTML checker', async () => {
  assert.ok(states.length >= 16);
  assert.deepEqual(await htmlErrors(states), []);
});
