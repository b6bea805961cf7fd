// Parsing lsblk's JSON: real output of this machine (no removable drive) and a stick's.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { listRemovableDrives, parseLsblk } from './drives.ts';

describe('removable drives', () => {
  it('finds the mounted partitions of removable, hot-plugged or USB devices only', () => {
    const json = JSON.stringify({ blockdevices: [
      { name: 'sda', rm: false, hotplug: false, tran: 'sata', mountpoint: '/', size: 500e9, fsavail: 100e9 },
      { name: 'sdb', rm: true, hotplug: true, tran: 'usb', mountpoint: null, size: 16e9, children: [
        { name: 'sdb1', rm: true, hotplug: true, tran: null, label: 'NOTARY', mountpoint: '/media/notary/NOTARY', size: 15.9e9, fsavail: 15e9 },
      ] },
      { name: 'sdc', rm: '0', hotplug: '1', mountpoint: '/media/x', size: '1000', fsavail: '10', label: null },
    ] });
    expect(parseLsblk(json)).toEqual([
      { label: 'NOTARY', mountPoint: '/media/notary/NOTARY', sizeBytes: 15.9e9, freeBytes: 15e9 },
      { label: 'sdc', mountPoint: '/media/x', sizeBytes: 1000, freeBytes: 10 },
    ]);
  });

  it('on this machine: lsblk\'s real output parses, and the drives are listed', async () => {
    const real = execFileSync('lsblk', ['-J', '-b', '-o', 'NAME,RM,HOTPLUG,TRAN,LABEL,MOUNTPOINT,SIZE,FSAVAIL'], { encoding: 'utf8' });
    expect(Array.isArray(parseLsblk(real))).toBe(true);
    expect(Array.isArray(await listRemovableDrives())).toBe(true);
  });
});
