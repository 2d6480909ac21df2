import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';
import { pointer } from '../../../shared/json-pointer.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';
import { SWAGGER_VALUE_KEYWORDS } from './swagger-members.ts';

/** The members Swagger 2.0 defines on each kind of object; anything else must be an "x-" extension. */
const SWAGGER_MEMBERS = {
  document: [
    'swagger',
    'info',
    'host',
    'basePath',
    'schemes',
    'consumes',
    'produces',
    'paths',
    'definitions',
    'parameters',
    'responses',
    'securityDefinitions',
    'security',
    'tags',
    'externalDocs',
  ],
  info: ['title', 'description', 'termsOfService', 'contact', 'license', 'version'],
  'path item': ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'parameters', '$ref'],
  operation: [
    'tags',
    'summary',
    'description',
    'externalDocs',
    'operationId',
    'consumes',
    'produces',
    'parameters',
    'responses',
    'schemes',
    'deprecated',
    'security',
  ],
  // Body-only and non-body-only members are PRP1's and RSP3's to judge.
  parameter: ['name', 'in', 'description', 'required', 'schema', 'allowEmptyValue', ...SWAGGER_VALUE_KEYWORDS],
  response: ['description', 'schema', 'headers', 'examples'],
  schema: [
    '$ref',
    'format',
    'title',
    'description',
    'default',
    'multipleOf',
    'maximum',
    'exclusiveMaximum',
    'minimum',
    'exclusiveMinimum',
    'maxLength',
    'minLength',
    'pattern',
    'maxItems',
    'minItems',
    'uniqueItems',
    'maxProperties',
    'minProperties',
    'required',
    'enum',
    'type',
    'items',
    'allOf',
    'properties',
    'additionalProperties',
    'discriminator',
    'readOnly',
    'xml',
    'externalDocs',
    'example',
  ],
  header: ['description', ...SWAGGER_VALUE_KEYWORDS],
  tag: ['name', 'description', 'externalDocs'],
} as const;

/** The members the platform defines inside its own extensions, where no other member has a meaning. */
const EXTENSION_MEMBERS: Record<string, readonly string[]> = {
  'x-ms-dynamic-values': [
    'operationId',
    'parameters',
    'value-collection',
    'value-path',
    'value-title',
    'capability',
    'builtInOperation',
  ],
  'x-ms-dynamic-schema': ['operationId', 'parameters', 'value-path'],
  'x-ms-dynamic-list': ['operationId', 'parameters', 'itemsPath', 'itemValuePath', 'itemTitlePath'],
  'x-ms-dynamic-properties': ['operationId', 'parameters', 'itemValuePath'],
};

export default defineRule({
  id: 'PRP4',
  msCode: ['ExtensionNameNotValid', 'AdditionalPropertyNotAllowed'],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'Objects hold only the members Swagger 2.0 defines for them plus "x-" extensions, and the dynamic extensions only their own members.',
  evidence:
    'the maker portal refuses the import with ExtensionNameNotValid; flags 1 of 618 certified connectors (USB4SAP, "basepath": listed in src/validate/CORPUS.md); an unknown member inside a dynamic extension flags 0',
  check(context) {
    const definition = context.definition;
    if (!definition) return [];
    const index = definitionIndex(context);
    const violations: Violation[] = [];
    const seen = new Set<string>();
    const judge = (holder: unknown, at: string, kind: keyof typeof SWAGGER_MEMBERS) => {
      if (!isObject(holder) || seen.has(at)) return;
      seen.add(at);
      const known: readonly string[] = SWAGGER_MEMBERS[kind];
      for (const member of Object.keys(holder)) {
        if (member.startsWith('x-') || known.includes(member)) continue;
        violations.push({
          msCode: 'ExtensionNameNotValid',
          location: at + pointer(member),
          message: `"${member}" is not a member of a Swagger 2.0 ${kind}; the platform takes only "x-" extensions besides them.`,
          hint: `Remove "${member}", correct its spelling (names are case-sensitive), or name an extension of your own "x-${member}".`,
        });
      }
    };
    judge(definition, '', 'document');
    judge(definition.info, '/info', 'info');
    if (Array.isArray(definition.tags))
      definition.tags.forEach((tag, position) => judge(tag, `/tags/${position}`, 'tag'));
    const paths = isObject(definition.paths) ? definition.paths : {};
    for (const entry of index.operations) {
      judge(paths[entry.path], pointer('paths', entry.path), 'path item');
      judge(entry.operation, entry.pointer, 'operation');
    }
    for (const { parameter, definedAt } of index.parameters) judge(parameter, definedAt, 'parameter');
    for (const { response, definedAt } of index.responses) judge(response, definedAt, 'response');
    for (const { schema, pointer: at } of index.schemas) judge(schema, at, 'schema');
    for (const typed of index.typed) if (typed.kind === 'header') judge(typed.value, typed.pointer, 'header');

    for (const [name, members] of Object.entries(EXTENSION_MEMBERS)) {
      for (const extension of index.extensionsNamed(name)) {
        if (!isObject(extension.value)) continue;
        for (const member of Object.keys(extension.value)) {
          if (members.includes(member) || member.startsWith('x-')) continue;
          violations.push({
            msCode: 'AdditionalPropertyNotAllowed',
            location: extension.pointer + pointer(member),
            message: `${name} has "${member}", which it does not define: the platform ignores it.`,
            hint: `Remove "${member}"; ${name} takes ${members.map((known) => `"${known}"`).join(', ')}.`,
          });
        }
      }
    }
    return violations;
  },
});
