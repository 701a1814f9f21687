// Account pages in real Chromium, with JavaScript on and off: sign-up, sign-in (and its error),
// the account page, sign-out. Every state through axe-core and the Nu HTML checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './support/harness.mjs';
import { axeViolations, htmlErrors } from './support/checks.mjs';

let server;
let browser;
const states = [];

useServerAndBrowser((s, b) => { server = s; browser = b; });


// axe-core runs as a script in the page, so it cannot run with JavaScript off; the markup is the
// same in both modes, and the HTML checker sees both.
async function check(page, name, javaScriptEnabled) {
  if (javaScriptEnabled) assert.deepEqual(await axeViolations(page), [], `axe on ${name}`);
  states.push({ name, html: await page.content() });
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  test(`sign up, sign out, sign in ${mode}`, async () => {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    const email = `ada-${javaScriptEnabled}@example.org`;
    await page.goto(`${server.url}/sign-up`);
    await check(page, `sign-up ${mode}`, javaScriptEnabled);
    await page.fill('#name', 'Ada Lovelace');
    await page.fill('#email', email);
    await page.fill('#password', 'correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    assert.match(await page.locator('h1').innerText(), /Your account/);
    await check(page, `account ${mode}`, javaScriptEnabled);
    await page.locator('main').getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${server.url}/sign-in`);
    await check(page, `sign-in ${mode}`, javaScriptEnabled);
    await page.fill('#email', email);
    await page.fill('#password', 'wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.match(await page.locator('#error-summary').innerText(), /not right/);
    assert.equal(await page.inputValue('#email'), email);  // kept; the password is not
    await check(page, `sign-in error ${mode}`, javaScriptEnabled);
    await page.fill('#password', 'correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.match(await page.locator('.usa-intro').innerText(), /Ada Lovelace/);
    await context.close();
  });
}

test('the organization page and moving an assessment into it', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  await page.goto(`${server.url}/sign-up`);
  await page.fill('#name', 'Olive Owner');
  await page.fill('#email', 'olive@example.org');
  await page.fill('#password', 'correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  const org = server.admin(['org', 'add', '--name', 'Portland Public Schools', '--kind', 'district']);
  server.admin(['org', 'add-member', '--org', org, '--email', 'olive@example.org', '--role', 'owner']);
  await page.goto(`${server.url}/assessments/new?audience=district`);
  await page.fill('#label', 'Spring review');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('link', { name: 'All steps' }).click();
  await check(page, 'overview with organizations', true);
  await page.getByRole('button', { name: 'Move into this organization' }).click();
  assert.match(await page.locator('h1').innerText(), /Portland Public Schools/);
  assert.match(await page.locator('main').innerText(), /Spring review/);
  await check(page, 'organization', true);
  await page.getByRole('link', { name: 'Spring review', exact: true }).first().click();
  // The organization's view is called by the assessment's name, and leads back.
  assert.equal((await page.locator('h1').innerText()).trim(), 'Spring review');
  assert.equal(await page.locator('.usa-breadcrumb a').getAttribute('href'), `/orgs/${org}`);
  await check(page, 'organization assessment results', true);
  await page.goto(`${server.url}/account`);
  await check(page, 'account with organizations', true);
  // Invite someone: the link page, then the invitation as a stranger sees it.
  await page.getByRole('link', { name: 'Portland Public Schools' }).click();
  await page.getByRole('button', { name: 'Make an invitation link' }).click();
  await check(page, 'invitation link made', true);
  const link = (await page.locator('.resume-link').innerText()).trim();
  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(link);
  assert.match(await strangerPage.locator('h1').innerText(), /Join Portland Public Schools/);
  await check(strangerPage, 'invitation', true);
  await strangerPage.getByRole('link', { name: 'create an account' }).click();
  await strangerPage.fill('#name', 'Nia New');
  await strangerPage.fill('#email', 'nia@example.org');
  await strangerPage.fill('#password', 'correct horse battery');
  await strangerPage.getByRole('button', { name: 'Create account' }).click();
  assert.match(await strangerPage.locator('h1').innerText(), /Portland Public Schools/);
  await check(strangerPage, 'organization as a member', true);
  await stranger.close();

  // The owner manages members: a role change, a refused change (the last owner), the audit log,
  // deleting an assessment.
  const school = server.admin(['org', 'add', '--name', 'Casco Bay High School', '--kind', 'school', '--parent', org]);
  server.admin(['org', 'add-member', '--org', school, '--email', 'olive@example.org', '--role', 'viewer']);
  await page.goto(`${server.url}/orgs/${org}`);
  await check(page, 'organization with members and a school, as owner', true);
  await page.getByRole('link', { name: 'Casco Bay High School' }).click();
  assert.match(await page.locator('.usa-intro').innerText(), /in Portland Public Schools/);
  await check(page, 'school in a district, as viewer', true);
  await page.goto(`${server.url}/orgs/${org}`);
  await page.getByLabel('Role of Nia New').selectOption('viewer');
  await page.getByRole('button', { name: 'Change the role of Nia New' }).click();
  assert.match(await page.locator('.usa-alert--success').innerText(), /role is changed/);
  await check(page, 'organization after a change', true);
  await page.getByLabel('Role of Olive Owner').selectOption('member');
  await page.getByRole('button', { name: 'Change the role of Olive Owner' }).click();
  assert.match(await page.locator('#error-summary').innerText(), /at least one owner/);
  await check(page, 'organization with a refused change', true);
  await page.getByRole('link', { name: 'Audit log' }).click();
  assert.match(await page.locator('main').innerText(), /Changed a member's role/);
  await check(page, 'audit log', true);
  await page.goto(`${server.url}/orgs/${org}`);
  await page.getByRole('button', { name: 'Make an invitation link' }).click();
  await page.goto(`${server.url}/orgs/${org}`);
  await check(page, 'organization with an open invitation', true);
  await page.locator('.invitations button').click();
  assert.match(await page.locator('.usa-alert--success').innerText(), /invitation link is revoked/);
  await page.getByRole('link', { name: 'Delete Spring review' }).click();
  await check(page, 'organization assessment delete', true);
  await page.getByRole('button', { name: 'Yes, delete it' }).click();
  assert.match(await page.locator('.usa-alert--success').innerText(), /assessment is deleted/);

  // The same pages without JavaScript: the forms work, and the markup passes the checker.
  const noScript = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await context.storageState(),
  });
  const plain = await noScript.newPage();
  await plain.goto(`${server.url}/orgs/${org}`);
  await plain.getByLabel('Role of Nia New').selectOption('facilitator');
  await plain.getByRole('button', { name: 'Change the role of Nia New' }).click();
  assert.match(await plain.locator('.usa-alert--success').innerText(), /role is changed/);
  await check(plain, 'organization without JavaScript', false);
  await plain.getByRole('link', { name: 'Audit log' }).click();
  await check(plain, 'audit log without JavaScript', false);
  await plain.goto(`${server.url}/account`);
  await check(plain, 'account with organizations without JavaScript', false);
  await plain.goto(`${server.url}/orgs/${org}`);
  await plain.getByRole('button', { name: 'Make an invitation link' }).click();
  const second = (await plain.locator('.resume-link').innerText()).trim();
  await plain.goto(second);
  await check(plain, 'invitation without JavaScript', false);
  await plain.goto(`${server.url}/orgs/${org}`);
  await check(plain, 'organization with an open invitation without JavaScript', false);
  await noScript.close();
  await context.close();
});

test('account pages have zero Nu HTML checker errors', async () => {
  assert.ok(states.length >= 18);
  assert.deepEqual(await htmlErrors(states), []);
});
