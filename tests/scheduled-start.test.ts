// The scheduled start the stage counts down to: given at creation (the kiosk's createCeremony,
// `draw ceremony --starts-at`), journaled in the ceremony-created event, accepted by both
// verifiers, in the report's timeline in Beijing time; a date that is not one refused with words,
// before anything is recorded.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../electron/contract/failures.ts';
import { unwrap } from '../electron/node/failure.ts';
import { realDevices } from '../electron/service/devices.ts';
import { KioskService } from '../electron/service/kiosk-service.ts';
import { draw } from './support/cli.ts';
import { NAME_OPTIONS, NAMES } from './support/ceremony-names.ts';
import { failureOf } from './support/outcomes.ts';
import { simpleEntries, tempDir, writePackage } from './support/packages.ts';

const base = { period: 'test-1', kind: 'quota-allocation', rehearsal: true, ...NAMES } as const;

/** Not dates a ceremony can start at, each for its own reason. */
const NOT_STARTS = [
  '2026-02-29T10:00+08:00', // 2026 is no leap year
  '2026-11-31T10:00+08:00', // November has 30 days
  '2026-11-26T24:00+08:00',
  '2026-11-26T10:00', // no offset: whose ten o'clock?
  '2026-11-26 10:00+08:00',
  '2026-11-26T10:00+15:00',
  '1999-12-31T23:59Z',
  '2100-01-01T00:00Z',
  '２０２６-11-26T10:00+08:00',
];

describe('createCeremony: the scheduled start', () => {
  it('is journaled as given; a date that is not one is refused, in both languages, naming the field and the form', async () => {
    const dataDir = tempDir('kiosk-start-');
    const host = new KioskService(realDevices(dataDir));
    try {
      for (const scheduledStart of NOT_STARTS) {
        const failure = failureOf(await host.call('createCeremony', { ...base, scheduledStart }));
        expect(failure.kind, scheduledStart).toBe('command-invalid');
        const { what } = describeFailure(failure);
        expect(what.en).toContain('"scheduledStart" must be an ISO 8601 date and time with its offset, e.g. 2026-11-26T10:00+08:00');
        expect(what.zh).toContain('"scheduledStart" 须为带时区的 ISO 8601 日期时间');
      }
      expect(readdirSync(join(dataDir, 'ceremonies'))).toEqual([]);

      unwrap(await host.call('createCeremony', { ...base, scheduledStart: '2028-02-29T09:30+08:00' }));
      expect(host.view().ceremony!.state.ceremony!.scheduledStart).toBe('2028-02-29T09:30+08:00');
      unwrap(await host.call('createCeremony', base));
      expect(host.view().ceremony!.state.ceremony).not.toHaveProperty('scheduledStart');
    } finally {
      await host.dispose();
    }
  });
});

describe('draw ceremony --starts-at', () => {
  const pkg = writePackage([{ id: 'P', name: '个人', entries: simpleEntries(20), quota: 3 }], { balls: 6 });
  const rehearsal = (dir: string) => ['--package', pkg, '--state', join(dir, 'state'), '--out', join(dir, 'bundle'), '--rehearsal', '--auto-confirm',
    '--balls-from', 'simulate:048213', ...NAME_OPTIONS];

  it('a date that is not one is refused before anything is recorded', () => {
    const dir = tempDir();
    for (const start of NOT_STARTS.slice(0, 4)) {
      const r = draw('ceremony', ...rehearsal(dir), '--starts-at', start);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`--starts-at must be an ISO 8601 date and time with its offset, e.g. 2026-11-26T10:00+08:00 (a day the calendar has, 2000 to 2099), got "${start}"`);
      expect(r.stderr).toContain('--starts-at 须为带时区的 ISO 8601 日期时间');
    }
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });

  it('is journaled, verified by draw verify and draw_verify.py, and in the report\'s timeline in Beijing time', () => {
    const dir = tempDir();
    // 02:00 UTC is 10:00 in Beijing: the report converts the offset given, whatever it is.
    const r = draw('ceremony', ...rehearsal(dir), '--starts-at', '2026-11-26T02:00:00Z');
    expect(r.status, r.stderr).toBe(0);
    const bundle = join(dir, 'bundle');
    const created = JSON.parse(readFileSync(join(bundle, 'journal.jsonl'), 'utf8').split('\n')[0]!) as { type: string; data: Record<string, unknown> };
    expect(created.type).toBe('ceremony-created');
    expect(created.data.scheduledStart).toBe('2026-11-26T02:00:00Z');

    const verified = draw('verify', bundle);
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
    const python = spawnSync('python3', ['verify/draw_verify.py', bundle], { encoding: 'utf8' });
    expect(python.status, python.stdout + python.stderr).toBe(0);

    const report = spawnSync('pdftotext', ['-layout', join(bundle, 'report.pdf'), '-'], { encoding: 'utf8' });
    expect(report.status, report.stderr).toBe(0);
    const lines = report.stdout.split('\n');
    const scheduled = lines.findIndex((l) => l.includes('2026-11-26 10:00:00') && l.includes('预定开始 scheduled start'));
    expect(scheduled, report.stdout).toBeGreaterThan(lines.findIndex((l) => l.includes('时间线 Timeline')));
  });
});
