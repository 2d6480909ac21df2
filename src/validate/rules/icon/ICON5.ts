import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { pngOf, topLeftPixel } from './png.ts';
import { isObject } from '../../../shared/json.ts';

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

export default defineRule({
  id: 'ICON5',
  severity: 'warning',
  file: CONNECTOR_FILES.icon,
  description: 'icon.png has an opaque background (top-left pixel) in iconBrandColor.',
  evidence: 'certification guidance: flags 3 of the 11 certified connectors with an icon',
  notes: 'Judged from the top-left pixel only.',
  check: background,
});
