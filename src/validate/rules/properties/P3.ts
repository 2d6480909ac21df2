import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { settings } from './shared.ts';

function publisher(context: ValidationContext): Violation[] {
  const values = settings(context);
  if (!values) return [];
  return (['publisher', 'stackOwner'] as const).flatMap((key): Violation[] =>
    typeof values[key] === 'string' && values[key].trim() !== ''
      ? []
      : [
          {
            location: `/properties/${key}`,
            message: `${key} is missing.`,
            hint:
              key === 'publisher'
                ? 'Name who publishes the connector.'
                : 'Name who owns the service behind the connector (e.g. "Microsoft").',
          },
        ],
  );
}

export default defineRule({
  id: 'P3',
  severity: 'warning',
  file: CONNECTOR_FILES.properties,
  description: 'publisher and stackOwner are present (certification).',
  evidence: 'certification guidance: flags 72 of 618 certified connectors',
  check: publisher,
});
