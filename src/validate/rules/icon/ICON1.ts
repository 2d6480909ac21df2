import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { pngOf } from './png.ts';

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

export default defineRule({
  id: 'ICON1',
  severity: 'error',
  file: CONNECTOR_FILES.icon,
  description: 'icon.png is a PNG (signature and IHDR checked).',
  evidence: 'the service takes PNG icons only; flags 0 of the 11 certified connectors with an icon',
  check: notPng,
});
