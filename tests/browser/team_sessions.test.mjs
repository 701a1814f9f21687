// A live team session in real Chromium (issue 11; docs/team-sessions.md): a facilitator on a
// desktop opens a session and runs the board; five participants join on phones (one with
// JavaScript off), rate privately and see the aggregates once revealed. The board and the
// phones follow the session's event stream without a reload. Before a reveal no page, nor the
// event stream, carries anyone's note. Every state through axe-core and the Nu HTML checker;
// the participants' pages and the join page must not scroll sideways at 320 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useServerAndBrowser } from './support/harness.mjs';
import { axeViolations, htmlErrors } from './support/checks.mjs';

let server;
let browser;
const states = [];

useServerAndBrowser((s, b) => { server = s; browser = b; });

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const WAIT = 10000;  // the longest any single wait may take (ms); a live update comes well within
// Screenshots for a person to look at, when CBE_SCREENSHOT_DIR names a folder.
const SHOTS = process.env.CBE_SCREENSHOT_DIR;

// axe-core runs as a script in the page, so it cannot run with JavaScript off; the markup is the
// same in both modes, and the HTML checker sees both.
async function check(page, name, javaScriptEnabled = true) {
  if (javaScriptEnabled) assert.deepEqual(await axeViolations(page), [], `axe on ${name}`);
  states.push({ name, html: await page.content() });
}

// At 320 px (a small phone, or 1280 px zoomed to 400%) the page reflows: nothing scrolls
// sideways (WCAG 1.4.10).
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

async function screenshot(page, name) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

// Reads an event stream from inside the page (its cookies, its origin) until the first event,
// then cancels it. Returns the text received.
function firstEvents(page, url) {
  return page.evaluate(async (target) => {
    const res = await fetch(target, { headers: { Accept: 'text/event-stream' } });
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (let reads = 0; reads < 10 && !/\ndata:[^\n]*\n\n/.test(`\n${text}`); ++reads) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
    return `${res.status} ${res.headers.get('content-type')}\n${text}`;
  }, url);
}

// Every line of an event stream is a retry, an event name, a comment or {"version":N} data.
function assertOnlyVersions(received, name) {
  const [status, ...lines] = received.split('\n');
  assert.match(status, /^200 text\/event-stream/, name);
  const data = lines.filter((l) => l.startsWith('data:'));
  assert.ok(data.length >= 1, `${name}: no event in ${JSON.stringify(received)}`);
  for (const line of lines) {
    assert.match(line, /^(|retry: \d+|event: version|: keep-alive|data: \{"version":\d+\})$/,
      `${name}: unexpected line`);
  }
}

// USWDS draws its own check boxes and radio buttons and moves the input off screen: a person
// clicks the label, so the test does too, then confirms the input's state.
async function tick(page, inputId, checked = true) {
  const input = page.locator(`[id="${inputId}"]`);
  if ((await input.isChecked()) !== checked) await page.locator(`label[for="${inputId}"]`).click();
  assert.equal(await input.isChecked(), checked, `${inputId} checked`);
}

// The element's block on the board or a participant's page.
function block(page, elementId) {
  return page.locator(`[data-live="element-${elementId}"]`);
}

// Waits, without reloading, until the element's block on the board says how many answered.
async function answered(board, elementId, count, total) {
  await block(board, elementId)
    .getByText(`${count} of ${total}`, { exact: true })
    .waitFor({ timeout: WAIT });
}

test('a whole team session, live, from the join code to the agreed placement', { timeout: 300000 }, async () => {
  // The facilitator: an account, a district, the facilitator role (the CLI, as an admin would).
  const desk = await browser.newContext({ viewport: DESKTOP });
  const board = await desk.newPage();
  board.setDefaultTimeout(WAIT);
  await board.goto(`${server.url}/sign-up`);
  await board.fill('#name', 'Fay Facilitator');
  await board.fill('#email', 'fay@example.org');
  await board.fill('#password', 'correct horse battery');
  await board.getByRole('button', { name: 'Create account' }).click();
  const org = server.admin(['org', 'add', '--name', 'Lincoln County Schools', '--kind', 'district']);
  server.admin(['org', 'add-member', '--org', org, '--email', 'fay@example.org', '--role', 'facilitator']);

  // 1. Open a session: the pathway, then two or three elements, a title and a school year.
  await board.goto(`${server.url}/orgs/${org}`);
  await board.getByRole('link', { name: 'Open a team session' }).click();
  assert.equal(new URL(board.url()).pathname, `/orgs/${org}/sessions/new`);
  await check(board, 'session_new: choose a pathway');
  await board.getByLabel('Pathway the team will walk').selectOption('district');
  await board.getByRole('button', { name: 'Choose elements' }).click();
  await check(board, 'session_new: elements');
  const boxes = board.locator('input[name="element"]');
  const offered = await boxes.count();
  assert.ok(offered >= 4, `the district pathway offers ${offered} elements`);
  for (let i = 3; i < offered; ++i) await tick(board, await boxes.nth(i).getAttribute('id'), false);
  const elements = [];
  for (let i = 0; i < 3; ++i) {
    const id = await boxes.nth(i).getAttribute('value');
    const name = (await board.locator(`label[for="element-${id}"]`).innerText()).trim();
    elements.push({ id, name });
  }
  await board.fill('#title', 'Leadership team, spring review');
  await board.fill('#school_year', '2026-27');
  await board.getByRole('button', { name: 'Open the session' }).click();

  const sessionPath = new URL(board.url()).pathname;
  assert.match(sessionPath, /^\/sessions\/\d+$/);
  const digits = board.locator('.session-join__digits');
  assert.ok(await digits.isVisible());
  const shownCode = (await digits.innerText()).replace(/^Join code\s*/, '').trim();
  assert.match(shownCode, /^\d{3} ?\d{3}$/);
  const code = shownCode.replace(/\D/g, '');
  const qr = board.locator('.session-join__qr svg');
  assert.ok(await qr.isVisible(), 'the QR code is an inline SVG');
  const qrBox = await qr.boundingBox();
  assert.ok(qrBox.width >= 160 && qrBox.height >= 160, `the QR code is big enough to scan: ${qrBox.width}`);
  assert.match(await board.locator('.session-join').innerText(), new RegExp(`/join\\?code=${code}`));
  assert.match(await board.locator('[data-live="people"]').innerText(), /Nobody yet/);
  await check(board, 'board, nobody joined');

  // 2. Five phones join; one has JavaScript off. Some give a name, some do not.
  const people = [
    { label: 'P1', name: 'Ana', js: true },
    { label: 'P2', name: 'Ben', js: true },
    { label: 'P3', name: '', js: true },
    { label: 'P4', name: 'Dee', js: true },
    { label: 'P5', name: '', js: false },
  ];
  for (const [i, p] of people.entries()) {
    p.context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: p.js });
    p.page = await p.context.newPage();
    p.page.setDefaultTimeout(WAIT);
    await p.page.goto(`${server.url}/join`);
    if (i === 0) {
      await check(p.page, 'join form');
      await noSidewaysScroll(p.page, 'join form');
      // A wrong code: a clear error, and the name typed is kept.
      const wrong = code === '000000' ? '111111' : '000000';
      await p.page.fill('#code', wrong);
      await p.page.fill('#display_name', p.name);
      await p.page.getByRole('button', { name: 'Join' }).click();
      assert.match(await p.page.locator('#error-summary').innerText(), /No open session has this code/);
      assert.equal(await p.page.inputValue('#display_name'), p.name);
      await check(p.page, 'join error');
      await screenshot(p.page, 'phone-join-error');
      await noSidewaysScroll(p.page, 'join error');
    }
    if (!p.js && i === 4) await check(p.page, 'join form without JavaScript', false);
    await p.page.fill('#code', shownCode);  // as shown, with its space
    await p.page.fill('#display_name', p.name);
    await p.page.getByRole('button', { name: 'Join' }).click();
    assert.match(new URL(p.page.url()).pathname, /^\/p\/[A-Za-z0-9_-]{43}$/);
    p.path = new URL(p.page.url()).pathname;
    p.shownAs = p.name || `Participant ${i + 1}`;
    assert.match(await p.page.locator('.step-meta').innerText(), new RegExp(`you are ${p.shownAs}`));
    // The board follows: the name in "Who has joined", the counts out of everyone so far.
    const list = board.locator('[data-live="people"]');
    await list.getByRole('heading', { name: `Who has joined (${i + 1})` }).waitFor({ timeout: WAIT });
    await list.locator('li', { hasText: p.shownAs }).waitFor({ timeout: WAIT });
    await answered(board, elements[0].id, 0, i + 1);
  }
  const [p1, p2, p3, p4, p5] = people;
  // A sixth phone joins by mistake; the facilitator removes it from the board (issue 20): it
  // leaves the list, and its link no longer works.
  const extra = await browser.newContext({ viewport: PHONE });
  const extraPage = await extra.newPage();
  await extraPage.goto(`${server.url}/join?code=${code}`);
  await extraPage.fill('#display_name', 'Wrong room');
  await extraPage.getByRole('button', { name: 'Join' }).click();
  const extraPath = new URL(extraPage.url()).pathname;
  const people6 = board.locator('[data-live="people"]');
  await people6.getByRole('heading', { name: 'Who has joined (6)' }).waitFor({ timeout: WAIT });
  assert.match(await board.locator('.session-surge').innerText(), /6 of 6 joined from the same network address/);
  await check(board, 'board, six joined from one address');
  await screenshot(board, 'board-six-joined');
  await board.getByRole('button', { name: 'Remove Wrong room and their ratings' }).click();
  await people6.getByRole('heading', { name: 'Who has joined (5)' }).waitFor({ timeout: WAIT });
  assert.equal(await people6.locator('li', { hasText: 'Wrong room' }).count(), 0);
  assert.equal((await extraPage.goto(`${server.url}${extraPath}`)).status(), 404);
  await extra.close();
  await check(p1.page, 'participant page before any rating');
  await check(p5.page, 'participant page without JavaScript', false);
  await noSidewaysScroll(p1.page, 'participant page');
  await board.reload();
  await check(board, 'board, five joined');

  // Four rate the first element (P4 does not: a missing answer at the reveal) and four the
  // second (P5 does not), each with a note no one else has. The board counts them live.
  const first = [
    [p1, 'developing'], [p2, 'developing'], [p3, 'scaling'], [p5, 'not-sure'],
  ];
  const second = [
    [p1, 'entry'], [p2, 'transforming'], [p3, 'entry'], [p4, 'transforming'],
  ];
  const notes = [];
  let done = 0;
  for (const [p, choice] of first) {
    await p.page.goto(`${server.url}${p.path}`);
    await p.page.getByRole('link', { name: `Rate ${elements[0].name}` }).click();
    assert.equal(await p.page.locator('h1').innerText(), elements[0].name);
    if (p === p1) {
      await check(p.page, 'rating page');
      await noSidewaysScroll(p.page, 'rating page');
      await screenshot(p.page, 'phone-rating-page');
    }
    if (p === p5) await check(p.page, 'rating page without JavaScript', false);
    await tick(p.page, `choice-${choice}`);
    const note = `NOTE-${p.label}-FIRST`;
    notes.push(note);
    await p.page.fill('#note', note);
    await p.page.getByRole('button', { name: 'Save and go to the next element' }).click();
    assert.equal(await p.page.locator('h1').innerText(), elements[1].name);
    ++done;
    await answered(board, elements[0].id, done, 5);  // live, on the board
  }
  done = 0;
  for (const [p, choice] of second) {
    await p.page.goto(`${server.url}${p.path}/e/${elements[1].id}`);
    await tick(p.page, `choice-${choice}`);
    const note = `NOTE-${p.label}-SECOND`;
    notes.push(note);
    await p.page.fill('#note', note);
    await p.page.getByRole('button', { name: 'Save and go to the next element' }).click();
    ++done;
    await answered(board, elements[1].id, done, 5);
  }
  for (const p of people) await p.page.goto(`${server.url}${p.path}`);
  assert.match(await block(p2.page, elements[0].id).innerText(), /Your rating: Developing/);
  assert.match(await p4.page.locator('[data-live="progress"]').innerText(), /You rated 1 of 3/);
  await check(p2.page, 'participant page with ratings');

  // The facilitator is in the third element's form when P4 rates it: the block is left as it is
  // (focus is not lost), and catches up as soon as focus leaves it.
  const missingThird = board.locator(`[id="missing-${elements[2].id}"]`);
  await missingThird.focus();
  const refetched = board.waitForResponse((r) =>
    new URL(r.url()).pathname === sessionPath && r.request().method() === 'GET', { timeout: WAIT });
  await p4.page.goto(`${server.url}${p4.path}/e/${elements[2].id}`);
  await tick(p4.page, 'choice-scaling');
  await p4.page.getByRole('button', { name: 'Save', exact: true }).click();
  assert.equal(new URL(p4.page.url()).pathname, p4.path);
  await (await refetched).finished();
  await board.evaluate(() => new Promise((resolve) => setTimeout(() => setTimeout(resolve))));
  assert.equal(await board.evaluate(() => document.activeElement && document.activeElement.id),
    `missing-${elements[2].id}`);
  await board.evaluate(() => document.activeElement.blur());  // focus leaves the block
  await answered(board, elements[2].id, 1, 5);

  // 3. Privacy on the bytes: before a reveal, no note on any page or event stream.
  const before = [['board', await board.content()]];
  for (const p of people) before.push([p.label, await p.page.content()]);
  for (const [who, html] of before) {
    for (const note of notes) assert.ok(!html.includes(note), `${note} on ${who}'s page before the reveal`);
    assert.ok(!html.includes('session-aggregate'), `an aggregate on ${who}'s page before the reveal`);
  }
  assert.ok(!(await p1.page.content()).includes('Scaling</strong>'), "P3's rating on P1's page");
  assertOnlyVersions(await firstEvents(board, `${sessionPath}/events`), 'board events');
  assertOnlyVersions(await firstEvents(p1.page, `${p1.path}/events`), 'participant events');
  await screenshot(board, 'board-before-reveal');

  // 4. Reveal the first element, counting the missing answer as "no rating".
  const firstOnBoard = block(board, elements[0].id);
  await tick(board, `missing-${elements[0].id}`);
  await firstOnBoard.getByRole('button', { name: `Reveal ${elements[0].name}` }).click();
  const aggregate = block(board, elements[0].id).locator('.session-aggregate');
  await aggregate.waitFor({ timeout: WAIT });
  const table = await aggregate.innerText();
  assert.match(table, /5 counted, 3 chose a stage: median Developing/);
  assert.match(table, /agreement/);
  assert.match(table, /No rating\s+1/);
  assert.match(table, /Not sure\s+1/);
  const boardNotes = await block(board, elements[0].id).locator('.session-notes').innerText();
  for (const note of notes.filter((n) => n.endsWith('FIRST'))) assert.match(boardNotes, new RegExp(note));
  assert.ok(!boardNotes.includes('SECOND'), 'the second element is not revealed yet');
  assert.ok(!(await board.content()).includes('SECOND'), 'no note of a hidden element on the board');
  await check(board, 'board, first element revealed');
  await screenshot(board, 'board-after-reveal');
  // A phone with JavaScript follows without a reload; the one without has a Refresh link.
  await block(p1.page, elements[0].id).locator('.session-aggregate').waitFor({ timeout: WAIT });
  await block(p4.page, elements[0].id).locator('.session-aggregate').waitFor({ timeout: WAIT });
  assert.equal(await p5.page.locator('.session-aggregate').count(), 0);
  await p5.page.getByRole('link', { name: 'Refresh' }).click();
  await block(p5.page, elements[0].id).locator('.session-aggregate').waitFor({ timeout: WAIT });
  for (const p of people) {
    const html = await p.page.content();
    for (const note of notes) assert.ok(!html.includes(note), `${note} on ${p.label}'s page after the reveal`);
  }
  await check(p1.page, 'participant page after the reveal');
  await check(p5.page, 'participant page after the reveal without JavaScript', false);
  await noSidewaysScroll(p1.page, 'participant page after the reveal');
  await screenshot(p1.page, 'phone-after-reveal');
  // A revealed element can no longer be rated.
  await p3.page.goto(`${server.url}${p3.path}/e/${elements[0].id}`);
  assert.match(await p3.page.locator('main').innerText(), /can no longer change/);
  await check(p3.page, 'rating page of a revealed element');
  await noSidewaysScroll(p3.page, 'rating page of a revealed element');
  await p3.page.goto(`${server.url}${p3.path}`);

  // 5. Decisions: an agreed stage with a rationale (the phones follow), reveal all, "no
  // agreement" (refused without a comment, then with one), close.
  await block(board, elements[0].id).getByLabel('Agreed stage').selectOption('developing');
  await block(board, elements[0].id).getByLabel('Rationale, in a line').fill('Pilots in two schools only');
  await block(board, elements[0].id).getByRole('button', { name: `Record the decision on ${elements[0].name}` }).click();
  await block(board, elements[0].id).locator('.session-decision', { hasText: 'Agreed: Developing' }).waitFor({ timeout: WAIT });
  await block(p1.page, elements[0].id).locator('.session-decision', { hasText: 'Agreed: Developing' }).waitFor({ timeout: WAIT });

  await board.getByRole('button', { name: /^Reveal all/ }).click();
  // The third element has one rating: too few to show (issue 20), on the board and the phones.
  const thirdOnBoard = block(board, elements[2].id);
  await thirdOnBoard.locator('.session-withheld').waitFor({ timeout: WAIT });
  const secondTable = await block(board, elements[1].id).locator('.session-aggregate').innerText();
  assert.match(secondTable, /disagreement/);
  assert.match(await thirdOnBoard.locator('.session-withheld').innerText(), /Too few answers to show\. 1 answered; the totals and notes show once at least 3 have/);
  assert.equal(await thirdOnBoard.locator('.session-aggregate').count(), 0);
  await block(p2.page, elements[1].id).locator('.session-aggregate').waitFor({ timeout: WAIT });
  await block(board, elements[1].id).getByLabel('Agreed stage').selectOption('none');
  await block(board, elements[1].id).getByRole('button', { name: `Record the decision on ${elements[1].name}` }).click();
  assert.ok(await board.locator('#error-summary').isVisible(), 'no agreement without a comment is refused');
  await check(board, 'board, a refused decision');
  await block(board, elements[1].id).getByLabel('Agreed stage').selectOption('none');
  await block(board, elements[1].id).getByLabel('Rationale, in a line').fill('Needs data from the schools');
  await block(board, elements[1].id).getByLabel('Dissent, if any').fill('Two of us see pilots already');
  await block(board, elements[1].id).getByRole('button', { name: `Record the decision on ${elements[1].name}` }).click();
  await block(board, elements[1].id).locator('.session-decision', { hasText: 'No agreement' }).waitFor({ timeout: WAIT });
  assert.match(await board.locator('[data-live="progress"]').innerText(), /3 of 3 revealed · 2 of 3 decided/);
  await check(board, 'board, all revealed and two decided');
  await screenshot(board, 'board-all-revealed');
  await block(p2.page, elements[1].id).locator('.session-decision', { hasText: 'No agreement' }).waitFor({ timeout: WAIT });
  await block(p2.page, elements[2].id).locator('.session-withheld').waitFor({ timeout: WAIT });
  assert.match(await block(p2.page, elements[2].id).innerText(), /Too few answers to show the group's totals/);
  await screenshot(p2.page, 'phone-too-few');
  await check(p2.page, 'participant page, all revealed');
  await noSidewaysScroll(p2.page, 'participant page, all revealed');

  await board.getByRole('button', { name: 'Close the session and make the agreed placement' }).click();
  assert.equal(new URL(board.url()).pathname, `${sessionPath}/placement`);
  const placement = await board.locator('main').innerText();
  assert.match(placement, /Agreed placement: Leadership team, spring review/);
  assert.match(placement, /Developing/);
  assert.match(placement, /No agreement/);
  assert.match(placement, /Not decided/);
  assert.match(placement, /Needs data from the schools/);
  assert.ok(!(await board.content()).includes('NOTE-'), 'no note on the placement');
  await check(board, 'placement');
  await screenshot(board, 'placement');
  // The phones learn that the session closed; the code no longer joins.
  await p1.page.locator('.usa-alert', { hasText: 'This session is closed' }).waitFor({ timeout: WAIT });
  await p4.page.reload();
  assert.match(await p4.page.locator('main').innerText(), /This session is closed/);
  await check(p4.page, 'participant page, closed');
  await noSidewaysScroll(p4.page, 'participant page, closed');
  const late = await browser.newContext({ viewport: PHONE });
  const latePage = await late.newPage();
  await latePage.goto(`${server.url}/join?code=${code}`);
  await latePage.getByRole('button', { name: 'Join' }).click();
  assert.match(await latePage.locator('#error-summary').innerText(), /No open session has this code/);
  await late.close();

  for (const p of people) await p.context.close();
  await desk.close();
});

test('team session pages have zero Nu HTML checker errors', async () => {
  assert.ok(states.length >= 20, `only ${states.length} states were collected`);
  assert.deepEqual(await htmlErrors(states), []);
});
