import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { header, pngOf } from './png.ts';

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

export default defineRule({
  id: 'ICON3',
  severity: 'warning',
  file: CONNECTOR_FILES.icon,
  description: 'icon.png sides are 100–230 px.',
  evidence: 'certification guidance: flags 2 of the 11 certified connectors with an icon',
  check: outOfRange,
});
