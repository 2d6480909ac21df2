import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { header, pngOf } from './png.ts';

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

export default defineRule({
  id: 'ICON2',
  severity: 'error',
  file: CONNECTOR_FILES.icon,
  description: 'icon.png is square.',
  evidence: 'flags 0 of the 11 certified connectors with an icon',
  check: notSquare,
});
