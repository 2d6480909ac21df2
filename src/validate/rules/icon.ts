import { createInflate } from 'node:zlib';
import { CONNECTOR_FILES } from '../../connector-folder/index.ts';
import { isObject } from '../../shared/json.ts';
import type { Rule, ValidationContext, Violation } from '../types.ts';

const FILE = CONNECTOR_FILES.icon;
const MAX_BYTES = 1024 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
}

interface Chunk {
  type: string;
  data: Buffer;
}

/** The chunks of a PNG, or undefined when the bytes are not a PNG that starts with IHDR. */
function readChunks(bytes: Buffer): Chunk[] | undefined {
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

function header(chunks: Chunk[]): PngHeader {
  const data = chunks[0]!.data;
  return { width: data.readUInt32BE(0), height: data.readUInt32BE(4), bitDepth: data[8]!, colourType: data[9]! };
}

const pngOf = (context: ValidationContext) => (context.raw.icon ? readChunks(context.raw.icon) : undefined);

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

function notPng(context: ValidationContext): Violation[] {
  if (!context.raw.icon || pngOf(context)) return [];
  return [
    {
      location: 'byte 0',
      message: 'icon.png is not a PNG image (the file does not start with the PNG signature and an IHDR header).',
      hint: 'Save the icon in PNG format (not JPEG, SVG or a renamed file).',
    },
  ];
}

function notSquare(context: ValidationContext): Violation[] {
  const chunks = pngOf(context);
  if (!chunks) return [];
  const { width, height } = header(chunks);
  return width === height
    ? []
    : [
        {
          location: 'IHDR',
          message: `icon.png is ${width}×${height} px; it must be square.`,
          hint: 'Export the icon at 230×230 px.',
        },
      ];
}

function outOfRange(context: ValidationContext): Violation[] {
  const chunks = pngOf(context);
  if (!chunks) return [];
  const { width, height } = header(chunks);
  const outside = [width, height].some((side) => side < 100 || side > 230);
  return outside
    ? [
        {
          location: 'IHDR',
          message: `icon.png is ${width}×${height} px; each side must be 100–230 px.`,
          hint: 'Export the icon at 230×230 px with the logo about 160×160 px inside.',
        },
      ]
    : [];
}

function tooBig(context: ValidationContext): Violation[] {
  const bytes = context.raw.icon?.length ?? 0;
  return bytes > MAX_BYTES
    ? [
        {
          location: 'byte 0',
          message: `icon.png has ${bytes} bytes; it must stay under 1 MB (${MAX_BYTES} bytes).`,
          hint: 'Export the icon again at 230×230 px; a flat icon needs only a few kilobytes.',
        },
      ]
    : [];
}

async function background(context: ValidationContext): Promise<Violation[]> {
  const chunks = pngOf(context);
  if (!chunks) return [];
  const pixel = await topLeftPixel(chunks);
  if (!pixel)
    return [
      {
        location: 'IDAT',
        message: 'icon.png image data cannot be decoded.',
        hint: 'Export the icon again as a standard PNG.',
      },
    ];
  if (pixel.a < 255)
    return [
      {
        location: 'pixel 0,0',
        message: 'icon.png has a transparent corner (rounded corners or no background).',
        hint: 'Fill the whole square with the opaque brand colour.',
      },
    ];
  const settings = isObject(context.properties?.properties) ? context.properties.properties : {};
  const brand = typeof settings.iconBrandColor === 'string' ? settings.iconBrandColor.toLowerCase() : '';
  if (!/^#[0-9a-f]{6}$/.test(brand)) return [];
  const hex = '#' + [pixel.r, pixel.g, pixel.b].map((channel) => channel.toString(16).padStart(2, '0')).join('');
  return hex === brand
    ? []
    : [
        {
          location: 'pixel 0,0',
          message: `icon.png background ${hex} differs from iconBrandColor ${brand} in ${CONNECTOR_FILES.properties}.`,
          hint: 'Use the same colour for the icon background and iconBrandColor.',
        },
      ];
}

export const iconRules: Rule[] = [
  {
    id: 'ICON1',
    severity: 'error',
    file: FILE,
    description: 'icon.png is a PNG (signature and IHDR checked).',
    evidence: 'the service takes PNG icons only; flags 0 of the 11 certified connectors with an icon',
    check: notPng,
  },
  {
    id: 'ICON2',
    severity: 'error',
    file: FILE,
    description: 'icon.png is square.',
    evidence: 'flags 0 of the 11 certified connectors with an icon',
    check: notSquare,
  },
  {
    id: 'ICON3',
    severity: 'warning',
    file: FILE,
    description: 'icon.png sides are 100–230 px.',
    evidence: 'certification guidance: flags 2 of the 11 certified connectors with an icon',
    check: outOfRange,
  },
  {
    id: 'ICON4',
    severity: 'error',
    file: FILE,
    description: 'icon.png is under 1 MB.',
    evidence: 'the service refuses larger icons; flags 0 of the 11 certified connectors with an icon',
    check: tooBig,
  },
  {
    id: 'ICON5',
    severity: 'warning',
    file: FILE,
    description: 'icon.png has an opaque background (top-left pixel) in iconBrandColor.',
    evidence: 'certification guidance: flags 3 of the 11 certified connectors with an icon',
    notes: 'Judged from the top-left pixel only.',
    check: background,
  },
];
