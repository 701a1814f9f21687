// Accessibility (axe-core, WCAG 2.1 AA) and HTML validity (the Nu HTML checker) for a page.
import AxeBuilder from '@axe-core/playwright';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './server.mjs';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Returns the axe violations of the page as short readable strings.
export async function axeViolations(page) {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return result.violations.map((v) =>
    `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

// Checks many HTML documents in one run of the checker; returns "name: line: message" errors.
export async function htmlErrors(documents) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cbe-vnu-'));
  const files = [];
  for (const [i, doc] of documents.entries()) {
    const file = path.join(dir, `${String(i).padStart(4, '0')}.html`);
    await fs.writeFile(file, doc.html);
    files.push(file);
  }
  const jar = path.join(ROOT, 'node_modules/vnu-jar/build/dist/vnu.jar');
  const stdout = await new Promise((resolve, reject) => {
    execFile('java', ['-jar', jar, '--errors-only', '--format', 'json', '--stdout', ...files],
      { maxBuffer: 64 * 1024 * 1024 }, (error, out, err) => {
        if (error && !out) reject(new Error(`vnu failed: ${err}`));
        else resolve(out);
      });
  });
  await fs.rm(dir, { recursive: true, force: true });
  const messages = JSON.parse(stdout).messages.filter((m) => m.type === 'error');
  return messages.map((m) => {
    const index = files.findIndex((f) => m.url && m.url.endsWith(path.basename(f)));
    const name = index >= 0 ? documents[index].name : m.url;
    return `${name}: line ${m.lastLine}: ${m.message}`;
  });
}
