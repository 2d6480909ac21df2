import { type ValidationContext } from '../../types.ts';
import { createInflate } from 'node:zlib';

/** Reading the icon PNG: chunks, header and the top-left pixel, without decoding more than needed. */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
}

export interface Chunk {
  type: string;
  data: Buffer;
}

/** The chunks of a PNG, or undefined when the bytes are not a PNG that starts with IHDR. */
export function readChunks(bytes: Buffer): Chunk[] | undefined {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  const chunks: Chunk[] = [];
  let offset = 8;
  while (offset + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    chunks.push({ type, data: bytes.subarray(offset + 8, Math.min(offset + 8 + length, bytes.length)) });
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  return chunks[0]?.type === 'IHDR' && chunks[0].data.length >= 13 ? chunks : undefined;
}

export function header(chunks: Chunk[]): PngHeader {
  const data = chunks[0]!.data;
  return { width: data.readUInt32BE(0), height: data.readUInt32BE(4), bitDepth: data[8]!, colourType: data[9]! };
}

export const pngOf = (context: ValidationContext) => (context.raw.icon ? readChunks(context.raw.icon) : undefined);

/** Filter byte plus the widest pixel (16-bit RGBA): all the top-left pixel needs. */
const FIRST_PIXEL_BYTES = 9;

/**
 * The first `wanted` bytes of a zlib stream, decompressing no further: a small PNG can expand to
 * gigabytes (a decompression bomb), and the stream stops once enough has come out.
 */
function inflatePrefix(compressed: Buffer, wanted: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const inflate = createInflate({ chunkSize: 16 * 1024 });
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = () => {
      inflate.destroy();
      resolve(length > 0 ? Buffer.concat(chunks) : undefined);
    };
    inflate.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= wanted) finish();
    });
    inflate.on('error', finish);
    inflate.on('end', finish);
    inflate.end(compressed);
  });
}

/**
 * Colour of the top-left pixel. The first pixel of the first scanline never depends on
 * neighbours, whatever the filter type, so no unfiltering is needed.
 */
export async function topLeftPixel(
  chunks: Chunk[],
): Promise<{ r: number; g: number; b: number; a: number } | undefined> {
  const { bitDepth, colourType } = header(chunks);
  const data = await inflatePrefix(
    Buffer.concat(chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data)),
    FIRST_PIXEL_BYTES,
  );
  if (!data) return undefined;
  const sample = (index: number): number => {
    if (bitDepth === 16) return data[1 + index * 2]!;
    if (bitDepth === 8) return data[1 + index]!;
    const raw = data[1]! >> (8 - bitDepth);
    return colourType === 3 ? raw : Math.round((raw * 255) / (2 ** bitDepth - 1));
  };
  if (data.length < 2) return undefined;
  switch (colourType) {
    case 0:
      return { r: sample(0), g: sample(0), b: sample(0), a: 255 };
    case 2:
      return { r: sample(0), g: sample(1), b: sample(2), a: 255 };
    case 4:
      return { r: sample(0), g: sample(0), b: sample(0), a: sample(1) };
    case 6:
      return { r: sample(0), g: sample(1), b: sample(2), a: sample(3) };
    case 3: {
      const index = sample(0);
      const palette = chunks.find((chunk) => chunk.type === 'PLTE')?.data;
      const alpha = chunks.find((chunk) => chunk.type === 'tRNS')?.data;
      if (!palette || palette.length < index * 3 + 3) return undefined;
      return {
        r: palette[index * 3]!,
        g: palette[index * 3 + 1]!,
        b: palette[index * 3 + 2]!,
        a: alpha?.[index] ?? 255,
      };
    }
    default:
      return undefined;
  }
}
