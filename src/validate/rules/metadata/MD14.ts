import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { dataRule, regularExpression } from '../../engine/given-then.ts';

export default dataRule({
  id: 'MD14',
  msCode: 'PatternShouldBeValidRegularExpression',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'pattern is a valid regular expression.',
  evidence: 'a pattern that does not compile cannot be checked; flags 0 of 618 certified connectors',
  given: 'typed',
  then: {
    field: 'pattern',
    check: regularExpression(),
    message: 'pattern {{value}} {{problem}}.',
    hint: 'Fix the expression (escape special characters such as \\ ( [ with a backslash).',
  },
});
