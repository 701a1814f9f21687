// Self-service pages in real Chromium: creating an organization, emailed invitations, "forgot
// your password?" and the emailed reset link (read back from a real SMTP server on loopback,
// Debian's aiosmtpd), their error states, and the header's "signed in as" with sign-out. Every
// state through axe-core and the Nu HTML checker; the flows with JavaScript off too; no
// sideways scrolling at 320 CSS px. Screenshots at 390 and 1366 px go to
// $CBE_SCREENSHOTS (default: a temporary folder) for a person to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './support/server.mjs';
import { launchBrowser } from './support/browser.mjs';
import { axeViolations, htmlErrors } from './support/checks.mjs';

let server;
let browser;
let smtp;
let smtpPort;
const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbe-mail-'));
const shots = process.env.CBE_SCREENSHOTS || fs.mkdtempSync(path.join(os.tmpdir(), 'cbe-shots-'));
const states = [];

function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function listening(port) {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('aiosmtpd did not start (is python3-aiosmtpd installed?)');
}

// The delivered messages, oldest first.
function messages() {
  const box = path.join(mailDir, 'box', 'new');
  if (!fs.existsSync(box)) return [];
  return fs.readdirSync(box).sort().map((f) => fs.readFileSync(path.join(box, f), 'utf8'));
}

async function waitForMessages(count) {
  for (let i = 0; i < 600 && messages().length < count; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const all = messages();
  assert.ok(all.length >= count, `expected ${count} emails, got ${all.length}`);
  return all;
}

before(async () => {
  smtpPort = await freePort();
  smtp = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${smtpPort}`,
    '-c', 'aiosmtpd.handlers.Mailbox', path.join(mailDir, 'box')], { stdio: 'ignore' });
  await listening(smtpPort);
  server = await startServer(['--smtp-host', '127.0.0.1', '--smtp-port', String(smtpPort),
    '--smtp-tls', 'none', '--smtp-from', 'roadmap@example.org']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  smtp?.kill('SIGTERM');
  fs.rmSync(mailDir, { recursive: true, force: true });
});

// axe needs JavaScript; the markup is the same without it, and the HTML checker sees both.
async function check(page, name, javaScriptEnabled) {
  if (javaScriptEnabled) assert.deepEqual(await axeViolations(page), [], `axe on ${name}`);
  states.push({ name, html: await page.content() });
}

// No sideways scrolling at 320 CSS px, and screenshots at a phone's and a desktop's width.
async function lookAt(page, name) {
  for (const width of [320, 390, 1366]) {
    await page.setViewportSize({ width, height: 800 });
    const overflow = await page.evaluate(() =>
      document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow}px at ${width}px`);
    if (width !== 320) {
      await page.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function signUp(page, name, email) {
  await page.goto(`${server.url}/sign-up`);
  await page.fill('#name', name);
  await page.fill('#email', email);
  await page.fill('#password', 'correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
}

// Submits the page's form past the browser's own checks (minlength, type=email), so the
// server's error state can be seen; needs JavaScript.
async function submitUnchecked(page, selector) {
  await page.evaluate((s) => { document.querySelector(s).noValidate = true; }, selector);
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  const tag = javaScriptEnabled ? 'js' : 'nojs';

  test(`create an organization and invite by email ${mode}`, async () => {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    await signUp(page, 'Olive Owner', `olive-${tag}@example.org`);
    // The account page offers to create one, and the header says who is signed in.
    assert.match(await page.locator('.site-account').innerText(), /Signed in as Olive Owner/);
    await check(page, `account without organization ${mode}`, javaScriptEnabled);
    if (javaScriptEnabled) await lookAt(page, 'account-no-organization');
    await page.locator('main').getByRole('link', { name: 'Create an organization' }).click();
    assert.match(await page.locator('h1').innerText(), /Create an organization/);
    await check(page, `create organization ${mode}`, javaScriptEnabled);
    if (javaScriptEnabled) {
      await lookAt(page, 'organization-new');
      // The error state: a name of spaces passes the browser's check, not the server's.
      await page.fill('#name', '   ');
      await page.locator('label[for="kind-district"]').click();
      await page.getByRole('button', { name: 'Create organization' }).click();
      assert.match(await page.locator('#name-error').innerText(), /Enter the organization's name/);
      assert.equal(await page.getAttribute('#name', 'aria-invalid'), 'true');
      assert.ok(await page.isChecked('#kind-district'), 'the kind chosen is kept');
      await check(page, `create organization error ${mode}`, javaScriptEnabled);
      await lookAt(page, 'organization-new-error');
    }
    await page.fill('#name', `Portland Public Schools ${tag}`);
    await page.locator('label[for="kind-district"]').click();
    await page.getByRole('button', { name: 'Create organization' }).click();
    assert.match(await page.locator('h1').innerText(), /Portland Public Schools/);
    assert.match(await page.locator('body').innerText(), /you are its owner/);
    await check(page, `new organization ${mode}`, javaScriptEnabled);

    const before = messages().length;
    await page.fill('#invite-email', `bob-${tag}@example.org`);
    await page.selectOption('#role', 'member');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    assert.match(await page.locator('h1').innerText(), /Invitation sent/);
    await check(page, `invitation emailed ${mode}`, javaScriptEnabled);
    if (javaScriptEnabled) await lookAt(page, 'invitation-sent');
    const mail = (await waitForMessages(before + 1)).find((m) => m.includes(`bob-${tag}@example.org`));
    assert.ok(mail, 'the invitation arrived');
    const link = mail.match(/\/invitations\/[A-Za-z0-9_-]{43}/)[0];

    // Bob opens the emailed link in his own browser and signs up through it.
    const bobContext = await browser.newContext({ javaScriptEnabled });
    const bob = await bobContext.newPage();
    await bob.goto(`${server.url}${link}`);
    await bob.getByRole('link', { name: /create an account/i }).click();
    await bob.fill('#name', 'Bob');
    await bob.fill('#email', `bob-${tag}@example.org`);
    await bob.fill('#password', 'correct horse battery');
    await bob.getByRole('button', { name: 'Create account' }).click();
    assert.match(await bob.locator('h1').innerText(), /Portland Public Schools/);
    await bobContext.close();

    // Sign out from the header.
    await page.goto(`${server.url}/account`);
    if (!javaScriptEnabled || (await page.locator('.site-menu__toggle').isVisible())) {
      // The menu may be folded (narrow screens, or browsers without ::details-content).
      if (!(await page.locator('.site-account').isVisible())) await page.locator('.site-menu__toggle').click();
    }
    await page.locator('.site-account').getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${server.url}/account`);
    assert.match(await page.locator('h1').innerText(), /Sign in/);
    await context.close();
  });

  test(`forgot password, the emailed link, a new password ${mode}`, async () => {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    await signUp(page, 'Ada Lovelace', `ada-${tag}@example.org`);
    await page.locator('main').getByRole('button', { name: 'Sign out' }).click();

    await page.goto(`${server.url}/sign-in`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    assert.match(await page.locator('h1').innerText(), /Reset your password/);
    await check(page, `forgot password ${mode}`, javaScriptEnabled);
    if (javaScriptEnabled) {
      await lookAt(page, 'password-forgot');
      await submitUnchecked(page, 'form[action="/password-reset"]');
      await page.fill('#email', 'not an address');
      await page.getByRole('button', { name: 'Send me a link' }).click();
      assert.match(await page.locator('#email-error').innerText(), /Enter an email address/);
      assert.equal(await page.inputValue('#email'), 'not an address');
      await check(page, `forgot password error ${mode}`, javaScriptEnabled);
      await lookAt(page, 'password-forgot-error');
    }
    const before = messages().length;
    await page.fill('#email', `ada-${tag}@example.org`);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    assert.match(await page.locator('.usa-alert').innerText(), /Check your email/);
    await check(page, `reset link sent ${mode}`, javaScriptEnabled);
    if (javaScriptEnabled) await lookAt(page, 'password-sent');
    const mail = (await waitForMessages(before + 1)).find((m) => m.includes(`ada-${tag}@example.org`));
    assert.ok(mail, 'the reset email arrived');
    const link = mail.match(/\/password-reset\/[A-Za-z0-9_-]{43}/)[0];

    await page.goto(`${server.url}${link}`);
    assert.match(await page.locator('h1').innerText(), /Choose a new password/);
    await check(page, `reset form ${mode}`, javaScriptEnabled);
    if (javaScriptEnabled) {
      await lookAt(page, 'password-reset');
      await submitUnchecked(page, 'form[method="post"].usa-form');
      await page.fill('#password', 'short');
      await page.getByRole('button', { name: 'Set new password' }).click();
      assert.match(await page.locator('#password-error').innerText(), /at least 8 characters/);
      await check(page, `reset form error ${mode}`, javaScriptEnabled);
      await lookAt(page, 'password-reset-error');
    }
    await page.fill('#password', 'a brand new passphrase');
    await page.getByRole('button', { name: 'Set new password' }).click();
    assert.match(await page.locator('.usa-alert').innerText(), /Your password is changed/);
    await check(page, `signed out after reset ${mode}`, javaScriptEnabled);
    await page.fill('#email', `ada-${tag}@example.org`);
    await page.fill('#password', 'a brand new passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.match(await page.locator('h1').innerText(), /Your account/);

    // The link is used up.
    await page.goto(`${server.url}${link}`);
    assert.match(await page.locator('h1').innerText(), /This link cannot be used/);
    await check(page, `reset link used ${mode}`, javaScriptEnabled);
    if (javaScriptEnabled) await lookAt(page, 'password-reset-gone');
    await context.close();
  });
}

test('every state above is valid HTML', async () => {
  assert.ok(states.length >= 15, `only ${states.length} states were checked`);
  assert.deepEqual(await htmlErrors(states), []);
  console.log(`screenshots in ${shots}`);
});
