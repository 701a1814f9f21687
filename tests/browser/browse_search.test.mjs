// Browsing and search in real Chromium: the search results, the filtered examples and a
// resource collection pass axe-core and the Nu HTML checker; search and filters work with
// JavaScript off; nothing scrolls sideways at 320 CSS px; and the layout shift of the busiest
// pages stays under 0.1 even when the web fonts arrive late.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './support/harness.mjs';
import { axeViolations, htmlErrors } from './support/checks.mjs';

let server;
let browser;
let collection = '';

useServerAndBrowser(async (s, b) => {
  server = s;
  browser = b;
  const html = await (await fetch(`${server.url}/resources`)).text();
  collection = html.match(/href="(\/resources\?collection=[^"]+)"/)[1];
});

function statePages() {
  return [
    '/search',
    '/search?q=mastery+transcript',
    '/search?q=mastery&kind=resource',
    '/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    '/search?q=zzzz-nothing',
    '/search?q=the+and',
    '/examples',
    '/examples?area=technology&stage=scaling',
    '/examples?state=kentucky',
    collection,
    '/resources?type=report&q=data',
  ];
}

test('search results, filtered examples and a collection pass axe and the HTML checker', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  const documents = [];
  for (const pathname of statePages()) {
    await page.goto(server.url + pathname);
    for (const v of await axeViolations(page)) problems.push(`${pathname}: ${v}`);
    documents.push({ name: pathname, html: await (await fetch(server.url + pathname)).text() });
  }
  await context.close();
  assert.deepEqual(problems, []);
  assert.deepEqual(await htmlErrors(documents), []);
});

test('hostile search text is shown as text and never runs', async () => {
  const page = await browser.newPage();
  let dialogs = 0;
  page.on('dialog', async (d) => { dialogs += 1; await d.dismiss(); });
  await page.goto(`${server.url}/search?q=${encodeURIComponent('<img src=x onerror=alert(1)><script>alert(2)</script>')}`);
  assert.equal(await page.locator('#search-q').inputValue(), '<img src=x onerror=alert(1)><script>alert(2)</script>');
  assert.equal(await page.locator('main img').count(), 0);
  assert.equal(dialogs, 0);
  await page.close();
});

test('with JavaScript off, the header search finds a page and the marks show the words', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1366, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await page.fill('#site-search-q', 'interoperability');
  await page.locator('.site-search button[type=submit]').click();
  assert.match(page.url(), /\/search\?q=interoperability/);
  assert.match(await page.locator('#search-results').innerText(), /\d+ results? for/);
  assert.ok(await page.locator('.search-results mark').count() > 0);
  const first = page.locator('.search-results__title a').first();
  const href = await first.getAttribute('href');
  await first.click();
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).hash, href);
  await context.close();
});

test('with JavaScript off, the header search is in the menu on a phone', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 700 } });
  const page = await context.newPage();
  await page.goto(server.url + '/roadmap');
  assert.equal(await page.locator('#site-search-q').isVisible(), false);
  await page.locator('.site-menu__toggle').click();
  await page.fill('#site-search-q', 'seat time');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/search\?q=seat\+time/);
  assert.ok(await page.locator('.search-results__item').count() > 0);
  await context.close();
});

test('with JavaScript off, the example filters narrow the list and keep the choice', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/examples');
  const all = await page.locator('.example-list__item').count();
  const option = page.locator('#stage option').nth(1);
  const [value, label] = [await option.getAttribute('value'), await option.innerText()];
  const expected = Number(label.match(/\((\d+)\)$/)[1]);
  await page.selectOption('#stage', value);
  await page.getByRole('button', { name: 'Show examples' }).click();
  assert.match(page.url(), new RegExp(`stage=${value}`));
  assert.equal(await page.locator('.example-list__item').count(), expected);
  assert.ok(expected > 0 && expected <= all);
  assert.equal(await page.locator('#stage').inputValue(), value);
  // Every option still offered would show something.
  for (const text of await page.locator('.browse-filters option').allInnerTexts()) {
    assert.doesNotMatch(text, /\(0\)$/, text);
  }
  await context.close();
});

test('a collection opens with its name and description', async () => {
  const page = await browser.newPage();
  await page.goto(server.url + collection);
  assert.ok((await page.locator('#collection-name').innerText()).length > 3);
  assert.equal(await page.locator('.collection-intro__kind').innerText(), 'COLLECTION');
  assert.ok((await page.locator('.collection-intro p:not(.collection-intro__kind)').first().innerText()).length > 10);
  await page.close();
});

test('the resource search box is drawn like the selects beside it', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
  await page.goto(server.url + '/resources');
  const box = await page.locator('#q').evaluate((el) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return { right: s.borderRightWidth, style: s.borderRightStyle, top: r.top, height: r.height };
  });
  const select = await page.locator('#collection').evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, height: r.height };
  });
  assert.equal(box.right, '1px');
  assert.equal(box.style, 'solid');
  assert.equal(box.height, select.height);
  assert.equal(box.top, select.top);
  await page.close();
});

test('nothing scrolls sideways at 320 CSS px', async () => {
  const page = await browser.newPage({ viewport: { width: 320, height: 700 } });
  const problems = [];
  for (const pathname of statePages()) {
    await page.goto(server.url + pathname);
    const [scroll, client] = await page.evaluate(() =>
      [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    if (scroll > client) problems.push(`${pathname}: ${scroll} > ${client}`);
  }
  // And with the menu (and its search box) open.
  await page.goto(server.url + '/search?q=mastery');
  await page.locator('.site-menu__toggle').click();
  const [scroll, client] = await page.evaluate(() =>
    [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  if (scroll > client) problems.push(`open menu: ${scroll} > ${client}`);
  await page.close();
  assert.deepEqual(problems, []);
});

// The layout shift of a page load: every 'layout-shift' entry not caused by input, added up (an
// upper bound of Cumulative Layout Shift). The web fonts are held back so that they arrive
// after the first paint, as on a slow phone network: a font that swapped in then would move
// every line of text.
async function layoutShift(width, pathname) {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  await context.route('**/*.woff2', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 600));
    await route.continue();
  });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) window.shifts.push(entry.value);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(server.url + pathname, { waitUntil: 'load' });
  const total = await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return window.shifts.reduce((sum, value) => sum + value, 0);
  });
  await context.close();
  return total;
}

test('layout shift stays under 0.1 on the roadmap, resources, examples and search', async () => {
  const problems = [];
  for (const width of [390, 1366]) {
    for (const pathname of ['/roadmap', '/resources', '/examples', '/search?q=mastery', '/']) {
      const shift = await layoutShift(width, pathname);
      if (!(shift < 0.1)) problems.push(`${pathname} @${width}: ${shift.toFixed(3)}`);
    }
  }
  assert.deepEqual(problems, []);
});
