// Hostile strings typed into every text field are stored verbatim (or refused with a clear
// error) and always shown as text: in Chromium, no dialog may ever open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './support/harness.mjs';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "'; DROP TABLE answers; --",
  '{{csrf}} {{{body_html}}} [[mastery]]',
  '<svg onload=alert(3)> & &amp; </textarea><b>',
];

let server;
let browser;
let context;
let dialogs = [];

useServerAndBrowser(async (s, b) => {
  server = s;
  browser = b;
  context = await browser.newContext();
  context.on('page', (page) => page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); }));
});


async function newPage() {
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  return page;
}

test('assessment name and notes keep hostile text as text', async () => {
  const page = await newPage();
  for (const text of HOSTILE) {
    await page.goto(`${server.url}/assessments/new?audience=technology`);
    await page.fill('#label', text);
    await page.getByRole('button', { name: 'Start' }).click();
    await page.click('label[for=choice-developing]');
    await page.fill('#note', text);
    await page.getByRole('button', { name: 'Save and see all steps' }).click();
    // The click starts a navigation: read the heading once the overview is the page showing.
    await page.locator('h1', { hasText: 'Your assessment:' }).waitFor();
    assert.equal(await page.locator('h1').innerText(), `Your assessment: ${text}`);
    await page.getByRole('link', { name: 'See results' }).click();
    await page.waitForURL(/\/results$/);
    const shown = await page.locator('main').innerText();
    assert.ok(shown.includes(text), `${JSON.stringify(text)} not on ${page.url()}:\n${shown.slice(0, 1500)}`);
    const json = await (await page.request.get(page.url().replace('/results', '/results.json'))).json();
    assert.equal(json.label, text);
    assert.equal(json.answers[0].note, text);
  }
  await page.close();
  assert.deepEqual(dialogs, []);
});

test('account fields keep hostile text as text or refuse it clearly', async () => {
  const page = await newPage();
  for (const [i, text] of HOSTILE.entries()) {
    await page.goto(`${server.url}/sign-up`);
    await page.fill('#name', text);
    await page.fill('#email', `hostile${i}@example.org`);
    await page.fill('#password', 'correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    assert.equal(await page.locator('.usa-intro').innerText(), `Signed in as ${text} (hostile${i}@example.org).`);
    await page.locator('main').getByRole('button', { name: 'Sign out' }).click();
    // As an email address it is refused, and what was typed is shown back as text.
    await page.goto(`${server.url}/sign-in`);
    await page.evaluate(() => { document.querySelector('#email').type = 'text'; });
    await page.fill('#email', text);
    await page.fill('#password', 'whatever it is');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Either error is clear; from one address, repeated failures soon meet the throttle.
    assert.match(await page.locator('#error-summary').innerText(), /not right|Too many attempts/);
    assert.equal(await page.inputValue('#email'), text);
  }
  await page.close();
  assert.deepEqual(dialogs, []);
});

test('the organization page and its audit log show hostile names and labels as text', async () => {
  const page = await newPage();
  const org = server.admin(['org', 'add', '--name', '<i>Org</i> "&', '--kind', 'district']);
  for (const [i, text] of HOSTILE.entries()) {
    await page.goto(`${server.url}/sign-up`);
    await page.fill('#name', text);
    await page.fill('#email', `member${i}@example.org`);
    await page.fill('#password', 'correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('main').getByRole('button', { name: 'Sign out' }).click();
    server.admin(['org', 'add-member', '--org', org, '--email', `member${i}@example.org`, '--role', 'owner']);
  }
  // The last one signs in, moves in an assessment with a hostile name, and changes every role.
  await page.goto(`${server.url}/sign-in`);
  await page.fill('#email', `member${HOSTILE.length - 1}@example.org`);
  await page.fill('#password', 'correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.goto(`${server.url}/assessments/new?audience=district`);
  await page.fill('#label', HOSTILE[1]);
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('link', { name: 'All steps' }).click();
  await page.getByRole('button', { name: 'Move into this organization' }).click();
  assert.equal(await page.locator('h1').innerText(), '<i>Org</i> "&');
  for (const text of HOSTILE.slice(0, -1)) {
    assert.ok((await page.locator('.members').innerText()).includes(text));
    await page.getByLabel(`Role of ${text}`, { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: `Change the role of ${text}`, exact: true }).click();
    assert.match(await page.locator('.usa-alert--success').innerText(), /role is changed/);
  }
  await page.getByRole('link', { name: 'Delete ' + HOSTILE[1], exact: true }).click();
  await page.getByRole('button', { name: 'Yes, delete it' }).click();
  await page.getByRole('link', { name: 'Audit log' }).click();
  const log = await page.locator('main').innerText();
  for (const text of HOSTILE) assert.ok(log.includes(text), `audit log shows ${text}`);
  await page.close();
  assert.deepEqual(dialogs, []);
});

test('over-long input gets a clear error, not a crash', async () => {
  const page = await newPage();
  await page.goto(`${server.url}/assessments/new?audience=state`);
  await page.evaluate(() => document.querySelector('#label').removeAttribute('maxlength'));
  await page.fill('#label', 'x'.repeat(5000));
  await page.getByRole('button', { name: 'Start' }).click();
  assert.match(await page.locator('#error-summary').innerText(), /120 characters/);
  await page.close();
});
