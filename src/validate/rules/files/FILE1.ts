import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES, type ConnectorFileKey } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';

function missingFiles(context: ValidationContext): Violation[] {
  const missing = (file: string, why: string, severity: Violation['severity'] = 'error'): Violation => ({
    severity,
    file,
    location: '/',
    message: `${file} is missing from ${context.dir}.`,
    hint: why,
  });
  const violations: Violation[] = [];
  // A file that is there but was refused is FILE2's finding, not a missing file.
  const present = (key: ConnectorFileKey) => context.raw[key] !== undefined || context.refused[key] !== undefined;
  if (!present('definition'))
    violations.push(
      missing(
        CONNECTOR_FILES.definition,
        'Add the Swagger 2.0 definition of the connector (run `acs-connector build` for this project).',
      ),
    );
  if (!present('properties'))
    violations.push(
      missing(CONNECTOR_FILES.properties, 'Add apiProperties.json with the connection parameters and iconBrandColor.'),
    );
  // paconn creates a connector without an icon (the platform draws a default one).
  if (!present('icon'))
    violations.push(
      missing(
        CONNECTOR_FILES.icon,
        'Add a square PNG icon of 230×230 px on the brand colour; without one paconn creates the connector with a default icon.',
        'warning',
      ),
    );
  const scriptOperations = isObject(context.properties?.properties)
    ? context.properties.properties.scriptOperations
    : undefined;
  if (!present('script') && Array.isArray(scriptOperations) && scriptOperations.length > 0) {
    // Certified connectors do this; the platform then sends those operations straight to the API.
    violations.push(
      missing(
        CONNECTOR_FILES.script,
        'apiProperties.json lists scriptOperations, so the connector needs its script.csx; add it or remove scriptOperations.',
        'warning',
      ),
    );
  }
  return violations;
}

export default defineRule({
  id: 'FILE1',
  severity: 'error',
  file: 'connector folder',
  description:
    'apiDefinition.swagger.json and apiProperties.json exist; icon.png exists, and script.csx when scriptOperations names operations (warnings).',
  evidence:
    'paconn cannot create a connector without its definition and properties (flags 1 of 619 corpus folders, which holds properties only); a missing icon (608 of 618 certified connectors; paconn accepts it) and scriptOperations without script.csx (5) are warnings',
  check: missingFiles,
});
