import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { settings } from './shared.ts';
import { BRAND_COLOUR_PATTERN, REFUSED_BRAND_COLOURS } from '../../../shared/certification.ts';
import { quote } from '../text.ts';

function brandColour(context: ValidationContext): Violation[] {
  const values = settings(context);
  if (!values) return [];
  const colour = values.iconBrandColor;
  const at = '/properties/iconBrandColor';
  if (typeof colour !== 'string' || !BRAND_COLOUR_PATTERN.test(colour)) {
    return [
      {
        location: at,
        message: `iconBrandColor ${colour === undefined ? 'is missing' : `${quote(colour)} is not a hex colour`}.`,
        hint: 'Give the icon background colour as "#RRGGBB", e.g. "#0b5394".',
      },
    ];
  }
  const refused = REFUSED_BRAND_COLOURS[colour.toLowerCase()];
  if (refused) {
    return [
      {
        severity: 'warning',
        location: at,
        message: `iconBrandColor ${quote(colour)} is ${refused}, which certification rejects.`,
        hint: 'Use the brand colour of the icon background instead.',
      },
    ];
  }
  return [];
}

export default defineRule({
  id: 'P2',
  severity: 'error',
  file: CONNECTOR_FILES.properties,
  description: 'iconBrandColor is "#RRGGBB", not #ffffff and not #007ee5 (any case).',
  evidence:
    'a missing or malformed colour flags 0 of 618 certified connectors; white or the default blue flags 4 (certification refuses them, the platform does not): warnings',
  notes: 'Whether it matches the icon background is ICON5.',
  check: brandColour,
});
