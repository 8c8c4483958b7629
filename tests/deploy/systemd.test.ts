import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const UNIT = 'deploy/bot-auto-order.service';
const INSTALL_DIR = '/opt/bot-auto-order';
const hasSystemdAnalyze = spawnSync('systemd-analyze', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasSystemdAnalyze) console.warn('systemd-analyze is not installed: the unit file is not verified');

/** The [Service] settings of the unit, by name. */
function serviceSettings(text: string): Record<string, string> {
  const section = text.split(/^\[Service\]$/m)[1]?.split(/^\[/m)[0] ?? '';
  return Object.fromEntries(
    section
      .split('\n')
      .filter((line) => /^\w+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('the systemd unit', () => {
  const text = readFileSync(UNIT, 'utf8');

  it('restarts always, as a dedicated user, running the pinned node on the app directly', () => {
    const service = serviceSettings(text);
    expect(service).toMatchObject({
      Restart: 'always',
      User: 'bot-auto-order',
      WorkingDirectory: INSTALL_DIR,
      EnvironmentFile: '/etc/bot-auto-order/bot.env',
      ExecStart: `${INSTALL_DIR}/node_modules/.bin/node src/main.ts`,
    });
    // The entry point the unit names is the one `npm start` runs, and its Node flags and
    // environment (the allocator's settings) are the unit's.
    const start = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start as string;
    const [, env = '', flags = '', entry] =
      /^((?:\w+=\S+ )*)(?:exec )?node ((?:--\S+ )*)(\S+)$/.exec(start) ?? [];
    expect(service.ExecStart?.endsWith(` ${entry}`)).toBe(true);
    expect(env).toMatch(/MALLOC_MMAP_THRESHOLD_=/);
    expect(service.Environment).toBe(`NODE_OPTIONS=${flags.trim()} ${env.trim()}`);
  });

  it.skipIf(!hasSystemdAnalyze)('passes systemd-analyze verify with no warning', () => {
    // verify checks that ExecStart exists: lay out the install folder it names.
    const dir = mkdtempSync(join(tmpdir(), 'bao-unit-'));
    try {
      mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
      symlinkSync(process.execPath, join(dir, 'node_modules/.bin/node'));
      const unit = join(dir, 'bot-auto-order.service');
      writeFileSync(unit, text.replaceAll(INSTALL_DIR, dir));
      const run = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
