import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';
import { CONNECTOR_CATEGORIES, MAX_CATEGORIES } from '../../../shared/certification.ts';
import { isHttpUrl, quote } from '../text.ts';

const AT = '/x-ms-connector-metadata';

function connectorMetadata(context: ValidationContext): Violation[] {
  if (!context.definition) return [];
  const metadata = context.definition['x-ms-connector-metadata'];
  if (!Array.isArray(metadata)) {
    return [
      {
        msCode: 'ConnectorMetadataPropertiesMissing',
        location: AT,
        message: 'x-ms-connector-metadata is missing.',
        hint: 'Add entries for "Website", "Privacy policy" and "Categories" ({ "propertyName": …, "propertyValue": … }).',
      },
    ];
  }
  return [...linkProblems(metadata), ...categoryProblems(metadata)];
}

/** The position of the entry named `name`, or -1. */
const entryOf = (metadata: unknown[], name: string) =>
  metadata.findIndex((item) => isObject(item) && item.propertyName === name);

/** The Website and Privacy policy entries are there, each an http(s) URL. */
function linkProblems(metadata: unknown[]): Violation[] {
  const violations: Violation[] = [];
  for (const name of ['Website', 'Privacy policy']) {
    const index = entryOf(metadata, name);
    if (index < 0)
      violations.push({
        msCode: 'ConnectorMetadataPropertiesMissing',
        location: AT,
        message: `x-ms-connector-metadata has no "${name}" entry.`,
        hint: `Add { "propertyName": "${name}", "propertyValue": "https://…" }.`,
      });
    else if (!isHttpUrl((metadata[index] as Record<string, unknown>).propertyValue)) {
      violations.push({
        msCode: 'UrlNotValid',
        location: `${AT}/${index}/propertyValue`,
        message: `The "${name}" entry is not an http(s) URL.`,
        hint: 'Give the full URL, starting with https://.',
      });
    }
  }
  return violations;
}

/** The Categories entry names one or two published categories. */
function categoryProblems(metadata: unknown[]): Violation[] {
  const index = entryOf(metadata, 'Categories');
  if (index < 0) {
    return [
      {
        msCode: 'ConnectorMetadataPropertiesMissing',
        location: AT,
        message: 'x-ms-connector-metadata has no "Categories" entry.',
        hint: 'Add { "propertyName": "Categories", "propertyValue": "Communication;IT Operations" } with one or two published categories.',
      },
    ];
  }
  const violations: Violation[] = [];
  const value = (metadata[index] as Record<string, unknown>).propertyValue;
  const categories =
    typeof value === 'string'
      ? value
          .split(';')
          .map((item) => item.trim())
          .filter(Boolean)
      : [];
  const location = `${AT}/${index}/propertyValue`;
  if (categories.length === 0 || categories.length > MAX_CATEGORIES) {
    violations.push({
      msCode: 'TooManyConnectorCategories',
      location,
      message: `Categories ${quote(value)} must name one or two categories separated by ";".`,
      hint: `Choose at most two of: ${CONNECTOR_CATEGORIES.join(', ')}.`,
    });
  }
  for (const category of categories.filter((item) => !(CONNECTOR_CATEGORIES as readonly string[]).includes(item))) {
    violations.push({
      msCode: 'InvalidConnectorCategory',
      location,
      message: `"${category}" is not a published connector category.`,
      hint: `Use one of: ${CONNECTOR_CATEGORIES.join(', ')}.`,
    });
  }
  return violations;
}

export default defineRule({
  id: 'S5',
  msCode: [
    'ConnectorMetadataPropertiesMissing',
    'UrlNotValid',
    'TooManyConnectorCategories',
    'InvalidConnectorCategory',
  ],
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description: 'x-ms-connector-metadata holds Website and Privacy policy URLs and one or two published Categories.',
  evidence: 'certification guidance: flags 108 of 618 certified connectors',
  check: connectorMetadata,
});
