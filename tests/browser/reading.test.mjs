// Phones and reading, in real Chromium at 320, 390 and 1366 CSS px: no page scrolls sideways
// (WCAG 1.4.10), tables reflow to the full width with nothing spilling out of a cell, stacked
// buttons keep apart, body text has a comfortable line height and measure, the header menu works
// by keyboard with JavaScript and by itself without, the results chart's marks have 3:1 contrast
// (WCAG 1.4.11), and dates read as dates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './support/harness.mjs';
import { crawl } from './support/crawl.mjs';
import { axeViolations, htmlErrors } from './support/checks.mjs';

const WIDTHS = [320, 390, 1366];
// Pages whose body is prose: line height and measure are checked there.
const PROSE = [/^\/pathways\//, /^\/elements\//, /^\/glossary$/, /^\/facilitator-guide$/, /\/results$/];

let server;
let browser;
let pages = [];     // every public page, then the private ones made in setup
let results = '';   // a results page with every kind of answer
let organization = '';


let context;  // signed in as the owner of an organization, with two assessments

useServerAndBrowser(async (s, b) => {
  server = s;
  browser = b;
  pages = await crawl(server.url);
  context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  await page.goto(`${server.url}/sign-up`);
  await page.fill('#name', 'Rhea Reader');
  await page.fill('#email', 'rhea@example.org');
  await page.fill('#password', 'correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  const org = server.admin(['org', 'add', '--name', 'Reading Public Schools', '--kind', 'district']);
  server.admin(['org', 'add-member', '--org', org, '--email', 'rhea@example.org', '--role', 'owner']);
  organization = `/orgs/${org}`;
  // Every kind of answer, in one area (the state pathway's first five elements).
  await page.goto(`${server.url}/assessments/new?audience=state`);
  await page.fill('#label', 'Every kind of answer');
  await page.getByRole('button', { name: 'Start' }).click();
  for (const choice of ['entry', 'not-sure', 'developing', 'not-applicable', 'scaling', 'transforming']) {
    await page.click(`label[for=choice-${choice}]`);
    await page.getByRole('button', { name: 'Save and continue' }).click();
  }
  await page.getByRole('link', { name: 'All steps' }).click();
  await page.getByRole('link', { name: 'See results' }).click();
  results = new URL(page.url()).pathname;
  assert.match(results, /\/results$/);
  // A second one moved into the organization, for its page, its results and its audit log.
  await page.goto(`${server.url}/assessments/new?audience=district`);
  await page.fill('#label', 'Moved in');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.click('label[for=choice-scaling]');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.getByRole('link', { name: 'All steps' }).click();
  await page.getByRole('button', { name: 'Move into this organization' }).click();
  await page.getByRole('button', { name: 'Make an invitation link' }).click();
  await page.goto(server.url + organization);
  // The organization page links it twice (its assessments, and placements over time).
  const orgResults = await page.getByRole('link', { name: 'Moved in', exact: true }).first().getAttribute('href');
  pages.push(results, organization, `${organization}/audit`, orgResults, '/account');
  await page.close();
});

// Runs `check(page, pathname)` on every page at every width, signed in; returns the problems.
async function everyPageAtEveryWidth(check) {
  const page = await context.newPage();
  const problems = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    for (const pathname of pages) {
      await page.goto(server.url + pathname);
      for (const p of await check(page, pathname, width)) problems.push(`${pathname} @${width}: ${p}`);
    }
  }
  await page.close();
  return problems;
}

test('setup found the public pages and made the private ones', () => {
  for (const p of ['/', '/roadmap', '/glossary', '/facilitator-guide', '/mini', '/about']) {
    assert.ok(pages.includes(p), `${p} not reachable`);
  }
  assert.ok(pages.some((p) => p.startsWith('/elements/')));
  assert.ok(pages.some((p) => p.startsWith('/pathways/')));
  assert.ok(pages.includes(results));
});

test('no page scrolls sideways, tables reflow to the full width, stacked buttons keep apart', async () => {
  const problems = await everyPageAtEveryWidth((page, pathname, width) => page.evaluate((narrow) => {
    const out = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) out.push(`scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
    const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    // Nothing spills out of a table cell (the Mini's columns once overlapped).
    for (const cell of document.querySelectorAll('main td, main th')) {
      if (visible(cell) && cell.scrollWidth > cell.clientWidth + 1) {
        out.push(`text spills out of a cell: "${cell.textContent.trim().slice(0, 40)}"`);
      }
    }
    // A table stacked on a phone takes the whole width.
    if (narrow) {
      for (const table of document.querySelectorAll('main table')) {
        if (!visible(table)) continue;
        const parent = table.parentElement;
        const style = getComputedStyle(parent);
        const room = parent.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        const width = table.getBoundingClientRect().width;
        if (width < room - 1) out.push(`a table is narrower than the screen: ${Math.round(width)} of ${Math.round(room)} px`);
      }
    }
    // Buttons are at least 4 px apart, across or down.
    const buttons = [...document.querySelectorAll('main .usa-button')].filter(visible)
      .map((b) => ({ name: b.textContent.trim(), r: b.getBoundingClientRect() }));
    for (let i = 0; i < buttons.length; i++) {
      for (let j = i + 1; j < buttons.length; j++) {
        const a = buttons[i].r;
        const b = buttons[j].r;
        const apartX = Math.max(b.left - a.right, a.left - b.right);
        const apartY = Math.max(b.top - a.bottom, a.top - b.bottom);
        if (apartX < 4 && apartY < 4) out.push(`buttons "${buttons[i].name}" and "${buttons[j].name}" touch`);
      }
    }
    return out;
  }, width < 500));
  assert.deepEqual(problems, []);
});

test('body text has a comfortable line height and measure on prose pages', async () => {
  const prose = pages.filter((p) => PROSE.some((re) => re.test(p)));
  assert.ok(prose.length >= 5);
  const page = await context.newPage();
  const problems = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    for (const pathname of prose) {
      await page.goto(server.url + pathname);
      const found = await page.evaluate(() => {
        const out = [];
        const ruler = document.createElement('canvas').getContext('2d');
        const texts = document.querySelectorAll('main p, main li, main dd');
        let checked = 0;
        for (const el of texts) {
          if (el.getClientRects().length === 0 || el.textContent.trim().length < 40) continue;
          if (el.closest('table, nav, .profile-chart, .profile-legend')) continue;
          const style = getComputedStyle(el);
          const size = parseFloat(style.fontSize);
          const lineHeight = style.lineHeight === 'normal' ? 1.2 * size : parseFloat(style.lineHeight);
          checked++;
          if (lineHeight < 1.4 * size) {
            out.push(`line height ${(lineHeight / size).toFixed(2)} in "${el.textContent.trim().slice(0, 30)}"`);
          }
          // The measure: characters a line in this text's own font (about 70 is comfortable).
          const text = el.textContent.trim().replace(/\s+/g, ' ');
          ruler.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const perLine = el.getBoundingClientRect().width / (ruler.measureText(text).width / text.length);
          if (perLine > 78) out.push(`${Math.round(perLine)} characters a line in "${text.slice(0, 30)}"`);
        }
        if (checked === 0) out.push('no body text found');
        return out;
      });
      for (const p of found) problems.push(`${pathname} @${width}: ${p}`);
    }
  }
  await page.close();
  assert.deepEqual(problems, []);
});

// The menu's links, as the user sees them.
const menuLink = (page, name) => page.locator('.site-nav').getByRole('link', { name, exact: true });

test('on a phone the header menu opens and closes with the keyboard (JavaScript on)', async () => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await phone.newPage();
  await page.goto(`${server.url}/glossary`);
  const toggle = page.locator('.site-menu__toggle');
  assert.equal(await toggle.isVisible(), true);
  assert.equal(await menuLink(page, 'Examples').isVisible(), false);
  const header = await page.locator('.site-header').boundingBox();
  assert.ok(header.height < 80, `the closed header is ${header.height} px tall`);
  // Skip link, site name, then the menu button.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'site-menu__toggle');
  await page.keyboard.press('Enter');
  assert.equal(await menuLink(page, 'Examples').isVisible(), true);
  // The menu opens on the site search, then its button, then the links.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'site-search-q');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'The roadmap');
  // Escape closes it and gives focus back to the button.
  await page.keyboard.press('Escape');
  assert.equal(await menuLink(page, 'Examples').isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.className), 'site-menu__toggle');
  // Space opens it again; the current page is marked; a link is followed.
  await page.keyboard.press(' ');
  assert.equal(await menuLink(page, 'Glossary').getAttribute('aria-current'), 'page');
  assert.deepEqual(await axeViolations(page), [], 'axe with the menu open');
  // A click outside closes it.
  await page.mouse.click(200, 600);
  assert.equal(await menuLink(page, 'Examples').isVisible(), false);
  await toggle.click();
  await menuLink(page, 'Roadmap Mini').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/mini$/);
  await phone.close();
});

test('on a phone the header menu works without JavaScript, by pointer and keyboard', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  assert.equal(await menuLink(page, 'Resources').isVisible(), false);
  await page.locator('.site-menu__toggle').click();
  assert.equal(await menuLink(page, 'Resources').isVisible(), true);
  await menuLink(page, 'Resources').click();
  await page.waitForURL(/\/resources$/);
  await page.locator('.site-menu__toggle').focus();
  await page.keyboard.press('Enter');
  assert.equal(await menuLink(page, 'Glossary').isVisible(), true);
  await page.keyboard.press('Enter');  // the button toggles it shut again
  assert.equal(await menuLink(page, 'Glossary').isVisible(), false);
  await context.close();
});

test('on a wide screen the links show without a menu button and take focus in order', async () => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/roadmap`);
    assert.equal(await page.locator('.site-menu__toggle').isVisible(), false);
    for (const name of ['The roadmap', 'Glossary', 'Your assessments']) {
      assert.equal(await menuLink(page, name).isVisible(), true, `${name} with JavaScript ${javaScriptEnabled}`);
    }
    // Skip link, site name, the site search and its button, then the links.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'site-search-q');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'The roadmap');
    const header = await page.locator('.site-header').boundingBox();
    assert.ok(header.height < 130, `the header is ${header.height} px tall`);
    await context.close();
  }
});

// WCAG relative luminance and contrast of two "rgb(r, g, b)" colours.
function contrast(a, b) {
  const luminance = (css) => {
    const [r, g, bl] = css.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test('the results chart: bars with width, a stage axis, distinct marks, 3:1 contrast', async () => {
  const page = await context.newPage();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(server.url + results);
    const chart = await page.evaluate(() => {
      const colour = (el, prop) => getComputedStyle(el)[prop];
      const rows = [...document.querySelectorAll('.profile-chart__row:not(.profile-chart__row--axis)')];
      const pageBackground = colour(document.body, 'backgroundColor');
      return {
        pageBackground,
        ticks: [...document.querySelector('.profile-chart__axis').children].map((t) => ({
          text: t.textContent, width: t.getBoundingClientRect().width, fits: t.scrollWidth <= t.clientWidth,
          border: colour(t, 'borderLeftColor'),
        })),
        rows: rows.map((row) => {
          const track = row.querySelector('.profile-chart__track');
          const bar = row.querySelector('.profile-chart__bar');
          const bars = getComputedStyle(bar);
          const tracks = getComputedStyle(track);
          return {
            answer: row.dataset.label,
            kind: row.dataset.answer,
            level: Number(bar.className.match(/--(\d)/)[1]),
            barWidth: bar.getBoundingClientRect().width,
            trackWidth: track.clientWidth,
            bar: bars.backgroundColor,
            barText: bars.color,
            barMark: getComputedStyle(bar, '::before').content,
            track: tracks.backgroundColor,
            trackImage: tracks.backgroundImage,
            trackBorder: tracks.borderTopColor,
            trackBorderStyle: tracks.borderTopStyle,
          };
        }),
      };
    });
    const at = `@${width}`;
    assert.deepEqual(chart.ticks.map((t) => t.text), ['Entry', 'Developing', 'Scaling', 'Transforming'], at);
    for (const t of chart.ticks) {
      assert.ok(t.fits && t.width > 0, `axis label ${t.text} fits ${at}`);
      assert.ok(contrast(t.border, chart.pageBackground) >= 3, `axis line contrast ${at}`);
    }
    const kinds = new Map(chart.rows.map((r) => [r.answer, r]));
    for (const answer of ['Not sure', 'Not applicable', 'Entry', 'Developing', 'Scaling', 'Transforming']) {
      assert.ok(kinds.has(answer), `a row answered ${answer}`);
    }
    for (const row of chart.rows) {
      const what = `${row.answer} ${at}`;
      assert.ok(contrast(row.trackBorder, chart.pageBackground) >= 3, `track outline of ${what}`);
      if (row.level > 0) {
        const expected = (row.trackWidth * row.level) / 4;
        assert.ok(Math.abs(row.barWidth - expected) <= 1.5, `bar of ${what}: ${row.barWidth} px, not ${expected}`);
        assert.ok(contrast(row.bar, row.track) >= 3, `bar against track: ${what} ${row.bar} on ${row.track}`);
        assert.ok(contrast(row.bar, chart.pageBackground) >= 3, `bar against page: ${what}`);
      }
    }
    // Not sure: a filled badge with a question mark, on a dashed track.
    const notSure = kinds.get('Not sure');
    assert.ok(notSure.barWidth > 8, `not-sure mark has width ${at}`);
    assert.equal(notSure.barMark, '"?"');
    assert.equal(notSure.trackBorderStyle, 'dashed');
    assert.ok(contrast(notSure.bar, notSure.track) >= 3, `not-sure mark against its track ${at}`);
    assert.ok(contrast(notSure.barText, notSure.bar) >= 4.5, `not-sure question mark ${at}`);
    // Not applicable: the track hatched, its stripes 3:1 against the track.
    const notApplicable = kinds.get('Not applicable');
    assert.match(notApplicable.trackImage, /repeating-linear-gradient/);
    const stripe = notApplicable.trackImage.match(/rgba?\([^)]*\)/)[0];
    assert.ok(contrast(stripe, notApplicable.track) >= 3, `not-applicable hatching ${at}`);
    // Not answered: a dotted, empty track, unlike both.
    const open = chart.rows.find((r) => r.kind === 'none');
    assert.ok(open, `a row not answered ${at}`);
    assert.equal(open.trackBorderStyle, 'dotted');
    assert.equal(open.barWidth, 0);
  }
  assert.deepEqual(await axeViolations(page), []);
  await page.close();
});

test('dates read as dates, with the time and UTC in logs', async () => {
  const page = await context.newPage();
  const iso = /\d{4}-\d\d-\d\dT\d\d:\d\d/;
  const date = /\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/;
  await page.goto(server.url + results);
  const meta = await page.locator('.results-meta').innerText();
  assert.match(meta, date);
  assert.doesNotMatch(meta, iso);
  await page.goto(server.url + organization);
  const main = await page.locator('main').innerText();
  assert.match(main, date);
  assert.match(main, /\d\d:\d\d UTC/);  // the invitation's times
  assert.doesNotMatch(main, iso);
  await page.goto(`${server.url}${organization}/audit`);
  const log = await page.locator('.audit-log').innerText();
  assert.match(log, new RegExp(`${date.source}, \\d\\d:\\d\\d UTC`));
  assert.doesNotMatch(log, iso);
  await page.close();
});

test('phone layouts have zero axe violations and zero HTML checker errors', async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 320, height: 800 });
  const problems = [];
  const documents = [];
  const sample = ['/', '/roadmap', '/mini', '/facilitator-guide', '/glossary', '/pathways/district',
    '/elements/tech.mastery-tracking', results, organization, `${organization}/audit`, '/account'];
  for (const pathname of sample) {
    await page.goto(server.url + pathname);
    for (const v of await axeViolations(page)) problems.push(`${pathname}: ${v}`);
    documents.push({ name: pathname, html: await page.content() });
  }
  await page.close();
  assert.deepEqual(problems, []);
  assert.deepEqual(await htmlErrors(documents), []);
});
