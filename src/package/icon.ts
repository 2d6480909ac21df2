import { encodePalettePng } from './png.ts';

export const ICON_SIZE = 230;

// 4×4 samples per pixel smooth the glyph's edges; coverage 0..16 picks one of 17 palette shades.
const SAMPLES = 4;
const WHITE: [number, number, number] = [255, 255, 255];

/**
 * The connector icon: a white head-and-shoulders glyph (about 150 px) centred on an opaque
 * square in the brand colour, with no rounded corners, as certification asks.
 */
export function renderIcon(brandColor: string): Buffer {
  const background = parseHexColor(brandColor);
  const palette = Array.from({ length: SAMPLES * SAMPLES + 1 }, (_, covered) =>
    mix(background, WHITE, covered / (SAMPLES * SAMPLES)),
  );
  const pixels = new Uint8Array(ICON_SIZE * ICON_SIZE);
  for (let y = 0; y < ICON_SIZE; y++) {
    for (let x = 0; x < ICON_SIZE; x++) {
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          if (insideGlyph(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES)) covered++;
        }
      }
      pixels[y * ICON_SIZE + x] = covered;
    }
  }
  return encodePalettePng({ width: ICON_SIZE, height: ICON_SIZE, palette, pixels });
}

function insideGlyph(x: number, y: number): boolean {
  const head = (x - 115) ** 2 + (y - 82) ** 2 <= 38 ** 2;
  const shoulders = y <= 192 && ((x - 115) / 76) ** 2 + ((y - 206) / 72) ** 2 <= 1;
  return head || shoulders;
}

export function parseHexColor(color: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!match) throw new Error(`"${color}" is not a hex colour like #3C1D6E`);
  return [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16)];
}

function mix(from: [number, number, number], to: [number, number, number], amount: number): [number, number, number] {
  return [0, 1, 2].map((i) => Math.round(from[i]! + (to[i]! - from[i]!) * amount)) as [number, number, number];
}
