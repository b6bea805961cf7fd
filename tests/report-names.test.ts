// The venue and the host's and notary's names the report prints, as they are entered: through
// the kiosk's createCeremony (trimmed, 1..200 characters, all three required) and through
// `draw ceremony` (required for a real draw, before anything is recorded), journaled in the
// ceremony-created event.
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

const base = { period: 'test-1', kind: 'quota-allocation', rehearsal: true } as const;

describe('createCeremony: the names printed on the report', () => {
  it('are trimmed and journaled; a blank, missing or too long one is refused, naming the field', async () => {
    const dataDir = tempDir('kiosk-names-');
    const host = new KioskService(realDevices(dataDir));
    try {
      for (const [args, field] of [
        [{ ...base, ...NAMES, venue: ' \u3000\t' }, 'venue'],
        [{ ...base, ...NAMES, hostName: 'x'.repeat(201) }, 'hostName'],
        [{ ...base, venue: NAMES.venue, hostName: NAMES.hostName }, 'notaryName'],
      ] as const) {
        const failure = failureOf(await host.call('createCeremony', args as never));
        expect(failure.kind).toBe('command-invalid');
        const { what } = describeFailure(failure);
        expect(what.en).toContain(`"${field}"`);
        expect(what.zh).toContain(`"${field}"`);
      }
      expect(readdirSync(join(dataDir, 'ceremonies'))).toEqual([]);

      const longest = '场'.repeat(200);
      unwrap(await host.call('createCeremony', { ...base, venue: `  ${longest}\n`, hostName: ` ${NAMES.hostName} `, notaryName: NAMES.notaryName }));
      expect(host.view().ceremony!.state.ceremony).toMatchObject({ venue: longest, hostName: NAMES.hostName, notaryName: NAMES.notaryName });
    } finally {
      await host.dispose();
    }
  });
});

describe('draw ceremony --venue --host --notary', () => {
  const pkg = writePackage([{ id: 'P', name: '个人', entries: simpleEntries(20), quota: 3 }], { balls: 6 });

  it('a real draw without them is refused before anything is recorded, naming the missing options', () => {
    const dir = tempDir();
    const r = draw('ceremony', '--package', pkg, '--state', join(dir, 'state'), '--out', join(dir, 'bundle'), '--venue', NAMES.venue, '--balls-from', 'stdin');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^draw ceremony: usage: .*--host、--notary.* \/ a real draw needs --host, --notary: the venue and the host's and notary's names are printed on the report they sign/m);
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });

  it('a blank or too long name is refused', () => {
    const dir = tempDir();
    const args = ['--package', pkg, '--state', join(dir, 'state'), '--out', join(dir, 'bundle'), '--rehearsal', '--auto-confirm', '--balls-from', 'simulate:048213'];
    expect(draw('ceremony', ...args, '--host', '   ').stderr).toMatch(/--host must be 1 to 200 characters/);
    expect(draw('ceremony', ...args, '--venue', 'v'.repeat(201)).stderr).toMatch(/--venue must be 1 to 200 characters/);
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });

  it('a rehearsal journals the names given, trimmed', () => {
    const dir = tempDir();
    const r = draw('ceremony', '--package', pkg, '--state', join(dir, 'state'), '--out', join(dir, 'bundle'), '--rehearsal', '--auto-confirm',
      '--balls-from', 'simulate:048213', ...NAME_OPTIONS.map((o) => (o.startsWith('--') ? o : ` ${o} `)));
    expect(r.status, r.stderr).toBe(0);
    expect(draw('verify', join(dir, 'bundle')).status).toBe(0);
    const created = JSON.parse(readFileSync(join(dir, 'bundle', 'journal.jsonl'), 'utf8').split('\n')[0]!) as { type: string; data: Record<string, unknown> };
    expect(created.type).toBe('ceremony-created');
    expect(created.data).toMatchObject(NAMES);
  });
});
