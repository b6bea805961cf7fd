// Writes zip files byte by byte for tests, independently of draw-core and fflate, so a test
// can say exactly what the headers claim: honest zips, zips whose headers lie, zip bombs, and
// multi-gigabyte entries kept as holes in a sparse file (no memory, no disk).
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { crc32, deflateRawSync, constants as zlib } from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflated. */
  readonly method: 0 | 8;
  /** What the zip holds for the entry: bytes, or that many zero bytes left as a hole. */
  readonly data: Uint8Array | { readonly hole: number };
  /** The uncompressed size the headers declare. */
  readonly size: number;
  readonly crc: number;
}

/** An entry as a zipper writes it honestly. */
export function deflated(name: string, content: string | Uint8Array): ZipEntry {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return { name, method: 8, data: deflateRawSync(bytes), size: bytes.length, crc: crc32(bytes) };
}

/** A stored entry of `size` zero bytes, kept as a hole in the zip file. */
export function storedZeros(name: string, size: number): ZipEntry {
  return { name, method: 0, data: { hole: size }, size, crc: zerosCrc(size) };
}

/**
 * A deflate stream of `mib` MiB of zeros, about a thousandth of that in size: one MiB of
 * zeros compressed and sync-flushed (a byte-aligned, non-final block sequence), repeated,
 * then an empty final block.
 */
export function zerosBomb(name: string, mib: number, declaredSize = mib * 2 ** 20): ZipEntry {
  const block = deflateRawSync(Buffer.alloc(2 ** 20), { level: 9, finishFlush: zlib.Z_SYNC_FLUSH });
  const data = Buffer.concat([...Array.from({ length: mib }, () => block), Buffer.from([0x03, 0x00])]);
  return { name, method: 8, data, size: declaredSize, crc: zerosCrc(mib * 2 ** 20) };
}

function zerosCrc(size: number): number {
  const mib = Buffer.alloc(2 ** 20);
  let crc = 0;
  for (let left = size; left > 0; left -= mib.length) crc = crc32(mib.subarray(0, Math.min(left, mib.length)), crc);
  return crc;
}

/**
 * Writes the entries, then the central directory and its end record. With `zip64`, as
 * `zip -fz` does: every size and offset in the directory saturated and given in the zip64
 * extra field, and a zip64 end record with its locator.
 */
export function writeZip(path: string, entries: readonly ZipEntry[], zip64 = false): void {
  const fd = openSync(path, 'w');
  let at = 0;
  const put = (bytes: Uint8Array) => {
    writeSync(fd, bytes, 0, bytes.length, at);
    at += bytes.length;
  };
  try {
    const central: Buffer[] = [];
    for (const e of entries) {
      const name = Buffer.from(e.name);
      const compressed = 'hole' in e.data ? e.data.hole : e.data.length;
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x0800, 6); // UTF-8 names
      local.writeUInt16LE(e.method, 8);
      local.writeUInt32LE(e.crc >>> 0, 14);
      local.writeUInt32LE(compressed, 18);
      local.writeUInt32LE(e.size, 22);
      local.writeUInt16LE(name.length, 26);
      const offset = at;
      put(local);
      put(name);
      if ('hole' in e.data) at += e.data.hole;
      else put(e.data);
      const extra = Buffer.alloc(zip64 ? 28 : 0);
      if (zip64) {
        extra.writeUInt16LE(0x0001, 0);
        extra.writeUInt16LE(24, 2);
        extra.writeBigUInt64LE(BigInt(e.size), 4);
        extra.writeBigUInt64LE(BigInt(compressed), 12);
        extra.writeBigUInt64LE(BigInt(offset), 20);
      }
      const record = Buffer.alloc(46);
      record.writeUInt32LE(0x02014b50, 0);
      record.writeUInt16LE(45, 4);
      record.writeUInt16LE(45, 6);
      record.writeUInt16LE(0x0800, 8);
      record.writeUInt16LE(e.method, 10);
      record.writeUInt32LE(e.crc >>> 0, 16);
      record.writeUInt32LE(zip64 ? 0xffffffff : compressed, 20);
      record.writeUInt32LE(zip64 ? 0xffffffff : e.size, 24);
      record.writeUInt16LE(name.length, 28);
      record.writeUInt16LE(extra.length, 30);
      record.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
      central.push(record, name, extra);
    }
    const cd = Buffer.concat(central);
    const cdOffset = at;
    put(cd);
    if (zip64) {
      const recordAt = at;
      const record = Buffer.alloc(56);
      record.writeUInt32LE(0x06064b50, 0);
      record.writeBigUInt64LE(44n, 4);
      record.writeUInt16LE(45, 12);
      record.writeUInt16LE(45, 14);
      record.writeBigUInt64LE(BigInt(entries.length), 24);
      record.writeBigUInt64LE(BigInt(entries.length), 32);
      record.writeBigUInt64LE(BigInt(cd.length), 40);
      record.writeBigUInt64LE(BigInt(cdOffset), 48);
      put(record);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeBigUInt64LE(BigInt(recordAt), 8);
      locator.writeUInt32LE(1, 16);
      put(locator);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(zip64 ? 0xffff : entries.length, 8);
    end.writeUInt16LE(zip64 ? 0xffff : entries.length, 10);
    end.writeUInt32LE(zip64 ? 0xffffffff : cd.length, 12);
    end.writeUInt32LE(zip64 ? 0xffffffff : cdOffset, 16);
    put(end);
    ftruncateSync(fd, at);
  } finally {
    closeSync(fd);
  }
}
