import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { dataRule, notBlank } from '../../engine/given-then.ts';

// The title and description are S2's and S3's (a blank one is reported as missing there).
export default dataRule({
  id: 'MD15',
  msCode: 'RequiredValueEmpty',
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description: 'Values Swagger requires are not blank: info.version, parameter names, response descriptions.',
  evidence: 'certification guidance: flags 10 of 618 certified connectors (empty response descriptions)',
  given: ['info', 'parameters', 'responses'],
  then: [
    {
      given: 'info',
      field: 'version',
      check: notBlank(),
      message: 'info.version {{problem}}.',
      hint: 'Give the version of the definition, e.g. "1.0".',
    },
    {
      given: 'parameters',
      field: 'name',
      check: notBlank(),
      message: 'The parameter name {{problem}}.',
      hint: 'Name the parameter.',
    },
    {
      given: 'responses',
      field: 'description',
      check: notBlank(),
      message: 'The response description {{problem}}.',
      hint: 'Say in a few words what the response means.',
    },
  ],
});
