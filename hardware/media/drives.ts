// Removable drives (the notary's USB stick) for the console's picker: label, mount point,
// size and free space. Platform tools rather than a native module: lsblk on Linux,
// PowerShell's Get-Volume on Windows. Listing can fail: that is a message, never a crash.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface RemovableDrive {
  readonly label: string;
  readonly mountPoint: string;
  readonly sizeBytes: number;
  readonly freeBytes: number;
}

interface LsblkDevice {
  name: string;
  rm?: boolean | string | null;
  hotplug?: boolean | string | null;
  tran?: string | null;
  label?: string | null;
  mountpoint?: string | null;
  size?: number | string | null;
  fsavail?: number | string | null;
  children?: LsblkDevice[];
}

const yes = (v: unknown) => v === true || v === '1' || v === 1;

/** The mounted filesystems of removable (or USB, or hot-plugged) devices in `lsblk -J -b` output. */
export function parseLsblk(json: string): RemovableDrive[] {
  const out: RemovableDrive[] = [];
  const walk = (devices: LsblkDevice[], removable: boolean) => {
    for (const d of devices) {
      const r = removable || yes(d.rm) || yes(d.hotplug) || d.tran === 'usb';
      if (r && d.mountpoint) {
        out.push({ label: d.label ?? d.name, mountPoint: d.mountpoint, sizeBytes: Number(d.size ?? 0), freeBytes: Number(d.fsavail ?? 0) });
      }
      if (d.children) walk(d.children, r);
    }
  };
  walk((JSON.parse(json) as { blockdevices: LsblkDevice[] }).blockdevices ?? [], false);
  return out;
}

/** The removable drives mounted now. Listing can fail (no lsblk, another OS): it rejects, and the service says so in words. */
export async function listRemovableDrives(): Promise<RemovableDrive[]> {
  if (process.platform === 'linux') {
    const { stdout } = await run('lsblk', ['-J', '-b', '-o', 'NAME,RM,HOTPLUG,TRAN,LABEL,MOUNTPOINT,SIZE,FSAVAIL']);
    return parseLsblk(stdout);
  }
  if (process.platform === 'win32') {
    const { stdout } = await run('powershell.exe', ['-NoProfile', '-Command',
      "Get-Volume | Where-Object { $_.DriveType -eq 'Removable' -and $_.DriveLetter } | Select-Object DriveLetter,FileSystemLabel,Size,SizeRemaining | ConvertTo-Json -Compress"]);
    const list = stdout.trim() === '' ? [] : ([] as { DriveLetter: string; FileSystemLabel: string; Size: number; SizeRemaining: number }[]).concat(JSON.parse(stdout));
    return list.map((v) => ({ label: v.FileSystemLabel || `${v.DriveLetter}:`, mountPoint: `${v.DriveLetter}:\\`, sizeBytes: v.Size, freeBytes: v.SizeRemaining }));
  }
  throw new Error(`not on ${process.platform}`);
}
