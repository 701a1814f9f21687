// The way in (home, pathway ends, the sample results) and "Your assessments" (the list, private
// links with a Copy button, a pasted link, a moved assessment's read-only link and its
// organization's switch) in real Chromium: axe-core and the Nu HTML checker on every state,
// JavaScript on and off, and no sideways scrolling at 320 CSS px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './support/harness.mjs';
import { axeViolations, htmlErrors } from './support/checks.mjs';

let server;
let browser;
const states = [];  // { name, html } for the HTML checker

useServerAndBrowser((s, b) => { server = s; browser = b; });

// axe-core runs as a script in the page, so it runs only where JavaScript does; the markup is
// the same either way, and the HTML checker sees both.
async function check(page, name, javaScriptEnabled = true) {
  if (javaScriptEnabled) assert.deepEqual(await axeViolations(page), [], `axe on ${name}`);
  states.push({ name, html: await page.content() });
}

// Measured with JavaScript on (the page's scripts change no layout, so this holds without).
async function noSidewaysScroll(page, name) {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
  }));
  assert.ok(widths.scroll <= widths.client, `${name} scrolls sideways: ${widths.scroll} > ${widths.client}`);
}

async function newPage(options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  page.done = () => context.close();
  return page;
}

async function start(page, audience, label = '') {
  await page.goto(`${server.url}/assessments/new?audience=${audience}`);
  if (label) await page.fill('#label', label);
  await page.getByRole('button', { name: 'Start' }).click();
  assert.match(page.url(), /\/a\/[A-Za-z0-9_-]{43}\/e\//);
  return page.url().match(/\/a\/([A-Za-z0-9_-]{43})/)[1];
}

for (const javaScriptEnabled of [true, false]) {
  const how = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

  test(`${how}: from the home page to a started self-assessment, and the sample`, async () => {
    for (const width of [320, 1366]) {
      const page = await newPage({ javaScriptEnabled, viewport: { width, height: 800 } });
      await page.goto(`${server.url}/`);
      await check(page, `home at ${width} ${how}`, javaScriptEnabled);
      if (javaScriptEnabled) await noSidewaysScroll(page, `home at ${width}`);
      await page.goto(`${server.url}/sample`);
      await check(page, `sample at ${width} ${how}`, javaScriptEnabled);
      if (javaScriptEnabled) await noSidewaysScroll(page, `sample at ${width}`);
      assert.match(await page.locator('h1').innerText(), /^Sample results: Riverbend/);
      assert.equal(await page.locator('form[method=post]').count(), 0);
      await page.goto(`${server.url}/pathways/state`);
      if (javaScriptEnabled) await noSidewaysScroll(page, `pathway at ${width}`);
      await page.done();
    }
    const page = await newPage({ javaScriptEnabled });
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Place your system on the roadmap' }).click();
    await page.getByRole('link', { name: 'Start the self-assessment for State leadership' }).click();
    assert.equal(await page.isChecked('#audience-state'), true);
    await page.getByRole('button', { name: 'Start' }).click();
    assert.match(page.url(), /\/a\/[A-Za-z0-9_-]{43}\/e\//);
    // The end of a pathway page leads on too.
    await page.goto(`${server.url}/pathways/technology`);
    await page.locator('.pathway-next').getByRole('link', { name: 'Start the self-assessment' }).click();
    assert.equal(await page.isChecked('#audience-technology'), true);
    await page.done();
  });

  test(`${how}: your assessments lists both, takes a pasted link, and forgets`, async () => {
    const page = await newPage({ javaScriptEnabled, viewport: { width: 320, height: 800 } });
    await page.goto(`${server.url}/assessments`);
    await check(page, `your assessments, none yet ${how}`, javaScriptEnabled);
    const first = await start(page, 'district');
    const second = await start(page, 'state', 'Maine DOE');
    await page.goto(`${server.url}/assessments`);
    await check(page, `your assessments, two ${how}`, javaScriptEnabled);
    if (javaScriptEnabled) await noSidewaysScroll(page, 'your assessments at 320');
    const names = await page.locator('.your-assessments__name').allInnerTexts();
    assert.equal(names.length, 2);
    assert.equal(names[0], 'Maine DOE');
    assert.match(names[1], /^District and school leadership assessment, \d+ \w+ \d{4}$/);
    assert.equal(await page.inputValue('#private-link2'), `${server.url}/a/${first}`);
    assert.equal(await page.locator('[data-copy="private-link1"]').isVisible(), javaScriptEnabled);
    // A refused paste keeps what was typed and marks the field.
    await page.fill('#link', 'not a link');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    assert.equal(await page.getAttribute('#link', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#link'), 'not a link');
    await check(page, `your assessments, refused paste ${how}`, javaScriptEnabled);
    // Another browser opens one from its pasted link.
    const other = await newPage({ javaScriptEnabled });
    await other.goto(`${server.url}/assessments`);
    await other.fill('#link', `${server.url}/a/${second}/results`);
    await other.getByRole('button', { name: 'Open', exact: true }).click();
    assert.equal(other.url(), `${server.url}/a/${second}`);
    await other.goto(`${server.url}/assessments`);
    assert.deepEqual(await other.locator('.your-assessments__name').allInnerTexts(), ['Maine DOE']);
    await other.getByRole('button', { name: 'Forget them all on this browser' }).click();
    assert.match(await other.locator('#on-this-browser + p').innerText(), /has not opened/);
    await other.done();
    await page.done();
  });
}

test('the Copy button copies the full private link', async () => {
  const page = await newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  const token = await start(page, 'state');
  await page.getByRole('link', { name: 'All steps' }).click();
  await page.locator('[data-copy]').click();
  await page.waitForFunction(() => /Copied/.test(document.querySelector('[data-copy-status]').textContent));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${server.url}/a/${token}`);
  await check(page, 'overview with a copied link');
  await page.done();
});

test('a moved assessment: the old link reads only until an owner lets it edit again, or ends it', async () => {
  const owner = await newPage();
  await owner.goto(`${server.url}/sign-up`);
  await owner.fill('#name', 'Olive Owner');
  await owner.fill('#email', 'olive-moves@example.org');
  await owner.fill('#password', 'correct horse battery');
  await owner.getByRole('button', { name: 'Create account' }).click();
  const org = server.admin(['org', 'add', '--name', 'Casco Bay District', '--kind', 'district']);
  server.admin(['org', 'add-member', '--org', org, '--email', 'olive-moves@example.org', '--role', 'owner']);
  const token = await start(owner, 'state', 'Moved review');
  await owner.goto(`${server.url}/a/${token}`);
  await owner.getByRole('button', { name: 'Move into this organization' }).click();

  for (const javaScriptEnabled of [true, false]) {
    const holder = await newPage({ javaScriptEnabled, viewport: { width: 320, height: 800 } });
    await holder.goto(`${server.url}/a/${token}`);
    assert.match(await holder.locator('.held-notice').innerText(), /Casco Bay District holds this assessment\. It has made this private link read-only/);
    await check(holder, `moved, read-only overview ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, javaScriptEnabled);
    if (javaScriptEnabled) await noSidewaysScroll(holder, 'read-only overview at 320');
    await holder.goto(`${server.url}/a/${token}/results`);
    await check(holder, `moved, read-only results ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, javaScriptEnabled);
    await holder.done();
  }

  const plain = await newPage({ javaScriptEnabled: false });
  await plain.goto(`${server.url}/a/${token}`);
  await plain.getByRole('link', { name: /Continue|Review answers/ }).click();
  // A read-only link's step shows no form to change the answer, and says why.
  assert.match(await plain.locator('main').innerText(), /this link can only read it/);
  assert.equal(await plain.locator('main form[method="post"]').count(), 0);
  await check(plain, 'a step by a read-only link', false);

  await owner.goto(`${server.url}/orgs/${org}`);
  await owner.getByRole('link', { name: 'Moved review', exact: true }).first().click();
  assert.equal((await owner.locator('h1').innerText()).trim(), 'Moved review');
  await check(owner, 'organization view with the link switch');
  await owner.click('label[for=link-edit]');
  await owner.getByRole('button', { name: 'Save', exact: true }).click();
  assert.match(await owner.locator('[role=status]').first().innerText(), /can change answers now/);
  await check(owner, 'organization view after the switch');

  await plain.goto(`${server.url}/a/${token}`);
  await plain.getByRole('link', { name: /Continue|Review answers/ }).click();
  await plain.click('label[for=choice-entry]');
  await plain.getByRole('button', { name: 'Save and continue' }).click();
  assert.doesNotMatch(await plain.locator('main').innerText(), /read-only/);

  // The owner ends the link for good: it opens nothing any more, and the page says so.
  await owner.click('label[for=link-off]');
  await owner.getByRole('button', { name: 'Save', exact: true }).click();
  assert.match(await owner.locator('[role=status]').first().innerText(), /is ended; it opens nothing now/);
  assert.match(await owner.locator('.link-access').innerText(), /An owner ended that link on/);
  assert.equal(await owner.locator('input[name=link_access]').count(), 0);
  await check(owner, 'organization view after ending the link');
  const response = await plain.goto(`${server.url}/a/${token}`);
  assert.equal(response.status(), 404);
  await plain.done();
  await owner.done();
});

test('every state has zero Nu HTML checker errors', async () => {
  assert.ok(states.length >= 10);
  assert.deepEqual(await htmlErrors(states), []);
});
