import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { isObject } from '../../../shared/json.ts';
import { quote } from '../text.ts';

const NEXT_LINK_NAMES = ['nextLink', '@odata.nextLink'];

function nextLinkNames(context: ValidationContext): Violation[] {
  if (!context.definition) return [];
  return definitionIndex(context)
    .extensionsNamed('x-ms-pageable')
    .flatMap(({ value, pointer: at }): Violation[] => {
      if (
        !isObject(value) ||
        value.nextLinkName === undefined ||
        NEXT_LINK_NAMES.includes(value.nextLinkName as string)
      )
        return [];
      return [
        {
          location: `${at}/nextLinkName`,
          message: `x-ms-pageable names the next-page link ${quote(value.nextLinkName)}; the platform pages with "nextLink" or "@odata.nextLink" only.`,
          hint: 'Use "nextLink" or "@odata.nextLink" (exactly so), as the response names the link.',
        },
      ];
    });
}

export default defineRule({
  id: 'OP7',
  msCode: 'InvalidNextLinkNameValue',
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description: 'x-ms-pageable names the next-page link "nextLink" or "@odata.nextLink".',
  evidence: 'flags 1 of 618 certified connectors ("nextlink", in lower case): a warning',
  check: nextLinkNames,
});
