// Starts the real `roadmap serve` on an ephemeral loopback port and stops it afterwards.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// `extraArgs`: more `roadmap serve` flags (e.g. the SMTP settings of a test's mail server).
export async function startServer(extraArgs = []) {
  const bin = process.env.CBE_ROADMAP_BIN || path.join(ROOT, 'build/dev/roadmap');
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'cbe-browser-'));
  execFileSync(bin, ['migrate', '--data', data], { cwd: ROOT, stdio: 'ignore' });
  const child = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--data', data, ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 15000);
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(/ready in \d+ ms at (http:\/\/[^\s]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ''));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    // Runs a `roadmap` subcommand against this server's database (e.g. to add organizations).
    admin(args) {
      return execFileSync(bin, [...args, '--data', data], { cwd: ROOT, encoding: 'utf8' }).trim();
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(data, { recursive: true, force: true });
    },
  };
}
