import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';
import { renderIcon } from '../../src/package/icon.ts';

interface DecodedPng {
  width: number;
  height: number;
  rgb(x: number, y: number): string;
}

/** Decodes the 8-bit palette PNGs the project writes, checking every chunk's CRC against node:zlib's. */
function decodePalettePng(bytes: Buffer): DecodedPng {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const chunks = new Map<string, Buffer>();
  const idat: Buffer[] = [];
  for (let offset = 8; offset < bytes.length;) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('ascii', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    expect(bytes.readUInt32BE(offset + 8 + length), `CRC of ${type}`).toBe(
      crc32(bytes.subarray(offset + 4, offset + 8 + length)),
    );
    if (type === 'IDAT') idat.push(data);
    else chunks.set(type, data);
    offset += 12 + length;
  }
  const header = chunks.get('IHDR')!;
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  expect([...header.subarray(8)]).toEqual([8, 3, 0, 0, 0]);
  expect(chunks.has('IEND')).toBe(true);
  const palette = chunks.get('PLTE')!;
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe(height * (width + 1));
  return {
    width,
    height,
    rgb(x, y) {
      const row = y * (width + 1);
      expect(raw[row], 'filter type').toBe(0);
      const index = raw[row + 1 + x]!;
      return `#${palette.subarray(index * 3, index * 3 + 3).toString('hex')}`;
    },
  };
}

describe('icon.png', () => {
  const brandColor = (
    JSON.parse(readFileSync(resolve(REPOSITORY_ROOT, 'apiProperties.json'), 'utf8')) as {
      properties: { iconBrandColor: string };
    }
  ).properties.iconBrandColor;
  const bytes = readFileSync(resolve(REPOSITORY_ROOT, 'icon.png'));
  const icon = decodePalettePng(bytes);

  it('is a 230×230 PNG under 1 MB', () => {
    expect([icon.width, icon.height]).toEqual([230, 230]);
    expect(bytes.length).toBeLessThan(1024 * 1024);
  });

  it('has an opaque background in iconBrandColor at every corner and edge midpoint', () => {
    for (const [x, y] of [
      [0, 0],
      [229, 0],
      [0, 229],
      [229, 229],
      [115, 0],
      [0, 115],
      [229, 115],
      [115, 229],
    ] as const) {
      expect(icon.rgb(x, y), `pixel ${x},${y}`).toBe(brandColor.toLowerCase());
    }
  });

  it('has a white glyph of about 160 px in the middle', () => {
    expect(icon.rgb(115, 82)).toBe('#ffffff'); // head
    expect(icon.rgb(115, 170)).toBe('#ffffff'); // shoulders
    let top = 230;
    let bottom = 0;
    for (let y = 0; y < 230; y++) {
      if (icon.rgb(115, y) === '#ffffff') {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
    expect(bottom - top).toBeGreaterThan(130);
    expect(bottom - top).toBeLessThan(180);
  });

  it('follows the brand colour it is rendered with', () => {
    const other = decodePalettePng(renderIcon('#0B6A0B'));
    expect(other.rgb(0, 0)).toBe('#0b6a0b');
    expect(other.rgb(115, 82)).toBe('#ffffff');
  });

  it('renders any brand colour reproducibly, with that colour as the background', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (rgb) => {
        const color = `#${rgb.toString(16).padStart(6, '0')}`;
        const bytes = renderIcon(color);
        expect(renderIcon(color.toUpperCase()).equals(bytes)).toBe(true);
        expect(decodePalettePng(bytes).rgb(229, 0)).toBe(color);
      }),
      { numRuns: 15 },
    );
  });

  it('refuses a brand colour that is not #RRGGBB', () => {
    expect(() => renderIcon('purple')).toThrow(/not a hex colour/);
  });
});
