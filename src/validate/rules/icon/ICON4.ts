import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { MAX_ICON_BYTES, platformSize } from '../../../shared/platform-limits.ts';

function tooBig(context: ValidationContext): Violation[] {
  const bytes = context.raw.icon?.length ?? 0;
  return bytes > MAX_ICON_BYTES
    ? [
        {
          location: 'byte 0',
          message: `icon.png has ${bytes} bytes; it must stay under ${platformSize(MAX_ICON_BYTES)} (${MAX_ICON_BYTES} bytes).`,
          hint: 'Export the icon again at 230×230 px; a flat icon needs only a few kilobytes.',
        },
      ]
    : [];
}

export default defineRule({
  id: 'ICON4',
  severity: 'error',
  file: CONNECTOR_FILES.icon,
  description: `icon.png is under ${platformSize(MAX_ICON_BYTES)}.`,
  evidence: 'the service refuses larger icons; flags 0 of the 11 certified connectors with an icon',
  check: tooBig,
});
