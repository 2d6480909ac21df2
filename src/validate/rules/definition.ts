import { allParameters, CONNECTOR_FILES } from '../../connector-folder/index.ts';
import { forEachObject, isObject } from '../../shared/json.ts';
import { pointer } from '../../shared/json-pointer.ts';
import type { Rule, ValidationContext, Violation } from '../types.ts';
import { looksTitleCased, titleCaseOffender } from '../../shared/title-case.ts';
import {
  CONNECTOR_CATEGORIES,
  DESCRIPTION_LENGTH,
  HOST_PATTERN,
  LABEL_MAX_LENGTH,
  MAX_CATEGORIES,
  MAX_OPERATIONS,
  mentionsWord,
  productNamesIn,
  RESERVED_PARAMETER_NAME,
  SUMMARY_FORBIDDEN_CHARACTERS,
  SUMMARY_LIMIT,
  SUMMARY_MAX_LENGTH,
  TITLE_FORBIDDEN_WORDS,
  TITLE_MAX_LENGTH,
  URL_ENCODINGS,
  VISIBILITIES,
} from '../../shared/certification.ts';
import { isHttpUrl, quote } from './text.ts';

const FILE = CONNECTOR_FILES.definition;
const MAX_BYTES = 1024 * 1024;

const MIME_TYPES = ['application/json', 'text/plain', 'multipart/form-data', 'application/x-www-form-urlencoded'];

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/** A parameter's name for messages; a missing name is reported by SW1 and must not read "undefined" here. */
const nameOf = (parameter: Record<string, unknown>): string =>
  typeof parameter.name === 'string' ? `"${parameter.name}"` : '(without a name)';

function info(context: ValidationContext): Record<string, unknown> | undefined {
  return isObject(context.definition?.info) ? context.definition.info : undefined;
}

function swaggerVersion(context: ValidationContext): Violation[] {
  if (!context.definition || context.definition.swagger === '2.0') return [];
  return [
    {
      location: '/swagger',
      message: `${context.definition.swagger === undefined ? 'swagger is missing' : `swagger is ${quote(context.definition.swagger)}`}; connectors must be Swagger "2.0" (OpenAPI 3 is not accepted).`,
      hint: 'Set "swagger": "2.0" and describe the API in Swagger 2.0 form.',
    },
  ];
}

function title(context: ValidationContext): Violation[] {
  if (!context.definition) return [];
  const value = text(info(context)?.title);
  const at = '/info/title';
  if (!value)
    return [
      {
        location: at,
        message: 'info.title is missing.',
        hint: 'Give the connector a short English name (30 characters at most).',
      },
    ];
  const violations: Violation[] = [];
  if (value.length > TITLE_MAX_LENGTH)
    violations.push({
      severity: 'warning',
      location: at,
      message: `info.title ${quote(value)} has ${value.length} characters; at most ${TITLE_MAX_LENGTH} are allowed.`,
      hint: 'Shorten the title.',
    });
  for (const word of TITLE_FORBIDDEN_WORDS) {
    if (mentionsWord(value, word))
      violations.push({
        severity: 'warning',
        location: at,
        message: `info.title ${quote(value)} contains the word "${word}".`,
        hint: `Remove "${word}" from the title; makers already know it is a connector.`,
      });
  }
  for (const name of productNamesIn(value))
    violations.push({
      severity: 'warning',
      location: at,
      message: `info.title ${quote(value)} names the product "${name}".`,
      hint: 'Name the service the connector talks to, not a Power Platform product.',
    });
  if (!/[\p{L}\p{N}]$/u.test(value))
    violations.push({
      severity: 'warning',
      location: at,
      message: `info.title ${quote(value)} does not end with a letter or digit.`,
      hint: 'Remove the trailing punctuation or space.',
    });
  return violations;
}

function description(context: ValidationContext): Violation[] {
  if (!context.definition) return [];
  const value = text(info(context)?.description);
  const at = '/info/description';
  if (!value)
    return [
      {
        location: at,
        message: 'info.description is missing.',
        hint: 'Describe in 30–500 characters what the connector does.',
      },
    ];
  const violations: Violation[] = [];
  if (value.length < DESCRIPTION_LENGTH.min || value.length > DESCRIPTION_LENGTH.max)
    violations.push({
      severity: 'warning',
      location: at,
      message: `info.description has ${value.length} characters; it must have ${DESCRIPTION_LENGTH.min}–${DESCRIPTION_LENGTH.max}.`,
      hint: 'Rewrite the description to fit 30–500 characters.',
    });
  for (const name of productNamesIn(value).filter((name) => name !== 'Copilot Studio')) {
    violations.push({
      severity: 'warning',
      location: at,
      message: `info.description names the product "${name}".`,
      hint: 'Describe the service, not the Power Platform product it is used from.',
    });
  }
  if (mentionsWord(value, 'API'))
    violations.push({
      severity: 'warning',
      location: at,
      message: 'info.description uses the word "API".',
      hint: 'Say what the service does instead of calling it an API (connector guidance).',
    });
  return violations;
}

function contact(context: ValidationContext): Violation[] {
  if (!context.definition) return [];
  const value = info(context)?.contact;
  if (!isObject(value))
    return [
      {
        location: '/info/contact',
        message: 'info.contact is missing.',
        hint: 'Add info.contact with name, url and email of the publisher.',
      },
    ];
  const violations: Violation[] = [];
  if (!text(value.name))
    violations.push({
      location: '/info/contact/name',
      message: 'info.contact.name is missing.',
      hint: 'Name the person or team that maintains the connector.',
    });
  if (!isHttpUrl(value.url))
    violations.push({
      location: '/info/contact/url',
      message: `info.contact.url ${value.url === undefined ? 'is missing' : `${quote(value.url)} is not an http(s) URL`}.`,
      hint: 'Give a web page where makers can get support, e.g. https://github.com/<owner>/<repo>.',
    });
  if (typeof value.email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.email)) {
    violations.push({
      location: '/info/contact/email',
      message: `info.contact.email ${value.email === undefined ? 'is missing' : `${quote(value.email)} is not a valid email address`}.`,
      hint: 'Give a support email address such as support@example.com.',
    });
  }
  return violations;
}

function connectorMetadata(context: ValidationContext): Violation[] {
  if (!context.definition) return [];
  const at = '/x-ms-connector-metadata';
  const metadata = context.definition['x-ms-connector-metadata'];
  if (!Array.isArray(metadata)) {
    return [
      {
        location: at,
        message: 'x-ms-connector-metadata is missing.',
        hint: 'Add entries for "Website", "Privacy policy" and "Categories" ({ "propertyName": …, "propertyValue": … }).',
      },
    ];
  }
  const entry = (name: string) => metadata.findIndex((item) => isObject(item) && item.propertyName === name);
  const violations: Violation[] = [];
  for (const name of ['Website', 'Privacy policy']) {
    const index = entry(name);
    if (index < 0)
      violations.push({
        location: at,
        message: `x-ms-connector-metadata has no "${name}" entry.`,
        hint: `Add { "propertyName": "${name}", "propertyValue": "https://…" }.`,
      });
    else if (!isHttpUrl((metadata[index] as Record<string, unknown>).propertyValue)) {
      violations.push({
        location: `${at}/${index}/propertyValue`,
        message: `The "${name}" entry is not an http(s) URL.`,
        hint: 'Give the full URL, starting with https://.',
      });
    }
  }
  const index = entry('Categories');
  if (index < 0) {
    violations.push({
      location: at,
      message: 'x-ms-connector-metadata has no "Categories" entry.',
      hint: 'Add { "propertyName": "Categories", "propertyValue": "Communication;IT Operations" } with one or two published categories.',
    });
    return violations;
  }
  const value = (metadata[index] as Record<string, unknown>).propertyValue;
  const categories =
    typeof value === 'string'
      ? value
          .split(';')
          .map((item) => item.trim())
          .filter(Boolean)
      : [];
  const location = `${at}/${index}/propertyValue`;
  if (categories.length === 0 || categories.length > MAX_CATEGORIES) {
    violations.push({
      location,
      message: `Categories ${quote(value)} must name one or two categories separated by ";".`,
      hint: `Choose at most two of: ${CONNECTOR_CATEGORIES.join(', ')}.`,
    });
  }
  for (const category of categories.filter((item) => !(CONNECTOR_CATEGORIES as readonly string[]).includes(item))) {
    violations.push({
      location,
      message: `"${category}" is not a published connector category.`,
      hint: `Use one of: ${CONNECTOR_CATEGORIES.join(', ')}.`,
    });
  }
  return violations;
}

function hostAndSchemes(context: ValidationContext): Violation[] {
  const definition = context.definition;
  if (!definition) return [];
  const violations: Violation[] = [];
  if (typeof definition.host !== 'string' || !HOST_PATTERN.test(definition.host)) {
    violations.push({
      severity: definition.host === undefined ? 'error' : 'warning',
      location: '/host',
      message: `host ${definition.host === undefined ? 'is missing' : `${quote(definition.host)} is not a bare host name`}.`,
      hint: 'Give only the host name (and port), e.g. "contoso.communication.azure.com" — no scheme, path or {placeholders}.',
    });
  }
  if (
    definition.basePath !== undefined &&
    (typeof definition.basePath !== 'string' || !definition.basePath.startsWith('/'))
  ) {
    violations.push({
      location: '/basePath',
      message: `basePath ${quote(definition.basePath)} must start with "/".`,
      hint: 'Use "/" or a path such as "/v1".',
    });
  }
  const schemes = definition.schemes;
  if (!Array.isArray(schemes) || schemes.length === 0) {
    violations.push({
      location: '/schemes',
      message: 'schemes is missing or empty.',
      hint: 'Set "schemes": ["https"].',
    });
  } else {
    schemes.forEach((scheme, index) => {
      if (scheme !== 'https' && scheme !== 'http')
        violations.push({
          location: `/schemes/${index}`,
          message: `Scheme ${quote(scheme)} is not supported.`,
          hint: 'Use "https" (or "http").',
        });
    });
  }
  return violations;
}

function size(context: ValidationContext): Violation[] {
  const violations: Violation[] = [];
  const bytes = context.raw.definition?.length ?? 0;
  if (bytes > MAX_BYTES)
    violations.push({
      severity: 'warning',
      location: '/',
      message: `The file has ${bytes} bytes; it must stay under 1 MB (${MAX_BYTES} bytes).`,
      hint: 'Remove unused definitions or split the connector.',
    });
  if (context.operations.length > MAX_OPERATIONS)
    violations.push({
      location: '/paths',
      message: `The definition has ${context.operations.length} operations; at most ${MAX_OPERATIONS} are allowed.`,
      hint: 'Split the connector into several connectors.',
    });
  return violations;
}

function operationIds(context: ValidationContext): Violation[] {
  const seen = new Map<string, string>();
  return context.operations.flatMap(({ operation, pointer: at }): Violation[] => {
    const id = operation.operationId;
    if (typeof id !== 'string' || id === '')
      return [
        {
          location: at,
          message: 'The operation has no operationId.',
          hint: 'Add a unique PascalCase operationId such as "CreateUser".',
        },
      ];
    const location = `${at}/operationId`;
    const violations: Violation[] = [];
    const earlier = seen.get(id);
    if (earlier)
      violations.push({
        location,
        message: `operationId "${id}" is also used by ${earlier}.`,
        hint: 'Give each operation its own operationId.',
      });
    seen.set(id, at);
    if (!/^[A-Za-z0-9]+$/.test(id))
      violations.push({
        severity: 'warning',
        location,
        message: `operationId "${id}" contains characters other than letters and digits.`,
        hint: 'Use letters and digits only, e.g. "CreateUser".',
      });
    else if (!/^[A-Z]/.test(id))
      violations.push({
        severity: 'warning',
        location,
        message: `operationId "${id}" is not PascalCase.`,
        hint: `Start with a capital letter, e.g. "${id[0]!.toUpperCase()}${id.slice(1)}".`,
      });
    return violations;
  });
}

function summaries(context: ValidationContext): Violation[] {
  return context.operations.flatMap(({ operation, pointer: at }): Violation[] => {
    const summary = text(operation.summary);
    if (!summary)
      return [
        {
          severity: 'warning',
          location: at,
          message: 'The operation has no summary.',
          hint: 'Add a short sentence-case summary such as "Create a user".',
        },
      ];
    const location = `${at}/summary`;
    const violations: Violation[] = [];
    const forbidden = SUMMARY_FORBIDDEN_CHARACTERS.filter((character) => summary.includes(character));
    if (forbidden.length > 0)
      violations.push({
        location,
        message: `Summary ${quote(summary)} contains ${forbidden.map((c) => `"${c}"`).join(', ')}.`,
        hint: `Remove the characters ${SUMMARY_FORBIDDEN_CHARACTERS.join(' ')} from the summary.`,
      });
    if (/[.,;:!?\s]$/.test(summary))
      violations.push({
        location,
        message: `Summary ${quote(summary)} ends with punctuation or a space.`,
        hint: 'End the summary with a word.',
      });
    if (/^\p{Ll}/u.test(summary))
      violations.push({
        severity: 'warning',
        location,
        message: `Summary ${quote(summary)} does not start with a capital letter.`,
        hint: 'Use sentence case: capitalise the first word only, e.g. "Create a user".',
      });
    else if (looksTitleCased(summary))
      violations.push({
        severity: 'warning',
        location,
        message: `Summary ${quote(summary)} looks like Title Case.`,
        hint: 'Use sentence case: capitalise the first word and proper nouns only.',
      });
    if (summary.length > SUMMARY_LIMIT)
      violations.push({
        location,
        message: `Summary has ${summary.length} characters; the validator allows ${SUMMARY_LIMIT}.`,
        hint: `Shorten it to ${SUMMARY_MAX_LENGTH} characters or fewer.`,
      });
    else if (summary.length > SUMMARY_MAX_LENGTH)
      violations.push({
        severity: 'warning',
        location,
        message: `Summary has ${summary.length} characters; the guidance is ${SUMMARY_MAX_LENGTH} or fewer.`,
        hint: 'Shorten the summary.',
      });
    return violations;
  });
}

function descriptions(context: ValidationContext): Violation[] {
  return context.operations.flatMap(({ operation, pointer: at }): Violation[] => {
    const value = text(operation.description);
    if (!value)
      return [
        {
          location: at,
          message: 'The operation has no description.',
          hint: 'Add one or two full sentences that say what the operation does.',
        },
      ];
    const location = `${at}/description`;
    if (
      typeof operation.summary === 'string' &&
      value.trim().toLowerCase() === operation.summary.trim().toLowerCase()
    ) {
      return [
        {
          location,
          message: 'The description repeats the summary.',
          hint: 'Explain more than the summary: what it does, what it returns, when to use it.',
        },
      ];
    }
    return /[.!?]["')\]]?$/.test(value.trim())
      ? []
      : [
          {
            severity: 'warning',
            location,
            message: 'The description does not end like a full sentence.',
            hint: 'Write full sentences ending with a full stop.',
          },
        ];
  });
}

/**
 * Schema properties (through $refs, arrays and allOf) with their pointers, for S11, S12 and S15,
 * parents first in document order. Iterative, and each $ref is followed once per schema (its
 * findings sit at the definition): a long chain of definitions cannot overflow the stack, nor
 * definitions that each refer to the next twice cost time exponential in their number.
 */
function schemaProperties(
  context: ValidationContext,
  schema: unknown,
  at: string,
  visit: (name: string, property: Record<string, unknown>, location: string, required: boolean) => void,
): void {
  type Step =
    | { schema: unknown; at: string }
    | { property: Record<string, unknown>; name: string; location: string; required: boolean };
  const walkedRefs = new Set<string>();
  const pending: Step[] = [{ schema, at }];
  while (pending.length > 0) {
    const step = pending.pop()!;
    if ('property' in step) {
      const { property, name, location, required } = step;
      const resolved = typeof property.$ref === 'string' ? context.resolveRef(property.$ref) : property;
      visit(name, isObject(resolved) ? { ...resolved, ...property } : property, location, required);
      pending.push({ schema: property, at: location });
      continue;
    }
    const node = step.schema;
    if (!isObject(node)) continue;
    if (typeof node.$ref === 'string') {
      if (!walkedRefs.has(node.$ref)) {
        walkedRefs.add(node.$ref);
        pending.push({ schema: context.resolveRef(node.$ref), at: node.$ref.slice(1) });
      }
      continue;
    }
    const next: Step[] = [];
    if (Array.isArray(node.allOf))
      node.allOf.forEach((part, index) => next.push({ schema: part, at: `${step.at}/allOf/${index}` }));
    if (isObject(node.items)) next.push({ schema: node.items, at: `${step.at}/items` });
    if (isObject(node.properties)) {
      const required = Array.isArray(node.required) ? node.required : [];
      for (const [name, property] of Object.entries(node.properties)) {
        if (isObject(property))
          next.push({
            property,
            name,
            location: `${step.at}/properties${pointer(name)}`,
            required: required.includes(name),
          });
      }
    }
    for (let index = next.length - 1; index >= 0; index--) pending.push(next[index]!);
  }
}

function labelProblems(label: unknown, location: string, what: string, severity?: 'warning'): Violation[] {
  if (typeof label !== 'string' || label.trim() === '') {
    return [
      {
        severity,
        location,
        message: `${what} has no x-ms-summary.`,
        hint: 'Add a short Title Case label ("User Identity") that makers see in the designer.',
      },
    ];
  }
  const violations: Violation[] = [];
  const offender = titleCaseOffender(label);
  if (offender)
    violations.push({
      severity,
      location: `${location}/x-ms-summary`,
      message: `x-ms-summary ${quote(label)} of ${what} is not Title Case ("${offender}").`,
      hint: 'Capitalise every word except short ones such as "a", "of", "to".',
    });
  if (label.length > LABEL_MAX_LENGTH)
    violations.push({
      severity,
      location: `${location}/x-ms-summary`,
      message: `x-ms-summary of ${what} has ${label.length} characters; at most ${LABEL_MAX_LENGTH} are allowed.`,
      hint: 'Shorten the label.',
    });
  return violations;
}

function parameterLabels(context: ValidationContext): Violation[] {
  return allParameters(context.operations).flatMap(({ parameter, pointer: at }): Violation[] => {
    if (parameter.in === 'body') {
      const violations: Violation[] = [];
      schemaProperties(context, parameter.schema, `${at}/schema`, (name, property, location) => {
        const what = `body property "${name}"`;
        violations.push(...labelProblems(property['x-ms-summary'], location, what));
        if (!text(property.description))
          violations.push({
            location,
            message: `${what} has no description.`,
            hint: 'Add a sentence that tells makers what to enter.',
          });
      });
      return violations;
    }
    const what = `parameter ${nameOf(parameter)}`;
    const violations = labelProblems(parameter['x-ms-summary'], at, what);
    if (!text(parameter.description))
      violations.push({
        location: at,
        message: `${what} has no description.`,
        hint: 'Add a sentence that tells makers what to enter.',
      });
    return violations;
  });
}

function visibility(context: ValidationContext): Violation[] {
  const violations: Violation[] = [];
  forEachObject(context.definition, (object, at) => {
    const setting = object['x-ms-visibility'];
    if (setting !== undefined && !(VISIBILITIES as readonly unknown[]).includes(setting)) {
      violations.push({
        location: `${at}/x-ms-visibility`,
        message: `x-ms-visibility ${quote(setting)} is not allowed.`,
        hint: 'Use "important", "advanced" or "internal".',
      });
    }
  });
  const needsDefault = (thing: string, location: string): Violation => ({
    location,
    message: `${thing} is required and internal but has no default, so makers could never supply it.`,
    hint: 'Give it a "default" value, or make it visible ("important" or "advanced").',
  });
  for (const { parameter, pointer: at } of allParameters(context.operations)) {
    if (parameter.required === true && parameter['x-ms-visibility'] === 'internal' && parameter.default === undefined) {
      violations.push(needsDefault(`Parameter ${nameOf(parameter)}`, at));
    }
    if (parameter.in === 'body') {
      schemaProperties(context, parameter.schema, `${at}/schema`, (name, property, location, required) => {
        if (required && property['x-ms-visibility'] === 'internal' && property.default === undefined)
          violations.push(needsDefault(`Body property "${name}"`, location));
      });
    }
  }
  return violations;
}

function pathParameters(context: ValidationContext): Violation[] {
  return allParameters(context.operations).flatMap(({ entry, parameter, pointer: at }): Violation[] => {
    const name = nameOf(parameter);
    const encoding = parameter['x-ms-url-encoding'];
    if (parameter.in !== 'path') {
      const kind = typeof parameter.in === 'string' ? `${parameter.in} parameter` : 'parameter';
      return encoding === undefined
        ? []
        : [
            {
              severity: 'warning',
              location: `${at}/x-ms-url-encoding`,
              message: `x-ms-url-encoding is set on ${kind} ${name}; it only applies to path parameters.`,
              hint: 'Remove x-ms-url-encoding from this parameter.',
            },
          ];
    }
    const violations: Violation[] = [];
    if (parameter.required !== true)
      violations.push({
        location: at,
        message: `Path parameter ${name} is not marked required.`,
        hint: 'Set "required": true on every path parameter.',
      });
    if (!entry.path.includes(`{${String(parameter.name)}}`))
      violations.push({
        location: at,
        message: `Path parameter ${name} does not appear in the path ${entry.path}.`,
        hint:
          typeof parameter.name === 'string'
            ? `Add {${parameter.name}} to the path template or change the parameter's location.`
            : 'Give the parameter the name of a {placeholder} in the path.',
      });
    if (encoding === undefined)
      violations.push({
        severity: 'warning',
        location: at,
        message: `Path parameter ${name} has no x-ms-url-encoding.`,
        hint: 'Add "x-ms-url-encoding": "single" (or "double" when values may contain "/").',
      });
    else if (!(URL_ENCODINGS as readonly unknown[]).includes(encoding))
      violations.push({
        location: `${at}/x-ms-url-encoding`,
        message: `x-ms-url-encoding ${quote(encoding)} is not allowed.`,
        hint: 'Use "single" or "double".',
      });
    return violations;
  });
}

function responses(context: ValidationContext): Violation[] {
  return context.operations.flatMap(({ responses: resolved, pointer: at }): Violation[] => {
    const location = `${at}/responses`;
    const violations: Violation[] = [];
    if (!resolved.some(({ code }) => /^2\d\d$/.test(code)))
      violations.push({
        location,
        message: 'The operation has no success (2xx) response.',
        hint: 'Document the success response, e.g. "200" with a schema or "204" for no content.',
      });
    for (const { code, response, pointer: responseAt } of resolved) {
      if ((code === '200' || code === '201') && response.schema === undefined) {
        violations.push({
          location: responseAt,
          message: `Response ${code} has no schema, so makers get no dynamic content from it.`,
          hint: 'Describe the body with a schema, or use 204 when the operation returns no body.',
        });
      }
      if (code === 'default' && response.schema !== undefined)
        violations.push({
          location: `${location}/default/schema`,
          message: 'The default response carries a schema.',
          hint: 'Remove the schema from the default response.',
        });
    }
    const withSchema = resolved.filter(({ response }) => response.schema !== undefined).map(({ code }) => code);
    if (withSchema.length > 1)
      violations.push({
        location,
        message: `Responses ${withSchema.join(', ')} all carry a schema; only one response may.`,
        hint: 'Keep the schema on the success response and describe errors in text only.',
      });
    return violations;
  });
}

function responseLabels(context: ValidationContext): Violation[] {
  const violations: Violation[] = [];
  for (const { responses } of context.operations) {
    for (const { code, response, pointer: at } of responses) {
      if (!/^2\d\d$/.test(code)) continue;
      schemaProperties(context, response.schema, `${at}/schema`, (name, property, location) => {
        violations.push(...labelProblems(property['x-ms-summary'], location, `response property "${name}"`, 'warning'));
      });
    }
  }
  return violations;
}

function bodiesAndMedia(context: ValidationContext): Violation[] {
  const violations: Violation[] = [];
  for (const entry of context.operations) {
    const { parameters } = entry;
    const bodies = parameters.filter(({ parameter }) => parameter.in === 'body' || parameter.in === 'formData');
    if (entry.method === 'get' && bodies.length > 0)
      violations.push({
        severity: 'warning',
        location: bodies[0]!.pointer,
        message: 'A GET operation has a body parameter.',
        hint: 'Move the values to query parameters or use POST.',
      });
    const bodyCount = parameters.filter(({ parameter }) => parameter.in === 'body').length;
    if (bodyCount > 1)
      violations.push({
        location: entry.pointer,
        message: `The operation has ${bodyCount} body parameters; at most one is allowed.`,
        hint: 'Combine them into one body schema.',
      });
    for (const { parameter, pointer: at } of parameters) {
      if (
        typeof parameter.name === 'string' &&
        parameter.name.toLowerCase() === RESERVED_PARAMETER_NAME.toLowerCase()
      ) {
        violations.push({
          location: at,
          message: 'A parameter is named "connectionId", which the platform reserves.',
          hint: 'Rename the parameter.',
        });
      }
    }
    violations.push(...mediaTypes(entry.operation, entry.pointer));
  }
  if (context.definition) violations.push(...mediaTypes(context.definition, ''));
  forEachObject(context.definition, (object, at) => {
    if (Array.isArray(object.required) && object.required.length === 0)
      violations.push({
        location: `${at}/required`,
        message: 'An empty "required" array.',
        hint: 'Remove the empty "required": [].',
      });
  });
  return violations;
}

function mediaTypes(holder: Record<string, unknown>, at: string): Violation[] {
  return (['consumes', 'produces'] as const).flatMap((key) =>
    (Array.isArray(holder[key]) ? (holder[key] as unknown[]) : []).flatMap((type, index): Violation[] => {
      const base = typeof type === 'string' ? type.split(';')[0]!.trim().toLowerCase() : '';
      return MIME_TYPES.includes(base)
        ? []
        : [
            {
              severity: 'warning',
              location: `${at}/${key}/${index}`,
              message: `MIME type ${quote(type)} is not supported.`,
              hint: `Use one of ${MIME_TYPES.join(', ')}.`,
            },
          ];
    }),
  );
}

type Level = Pick<Rule, 'severity' | 'evidence'> & { notes?: string };

const rule = (
  id: string,
  description: string,
  check: (context: ValidationContext) => Violation[],
  level: Level,
): Rule => ({
  id,
  file: FILE,
  description,
  check,
  ...level,
});

// Levels from `bench corpus` on Microsoft's 618 certified connectors (see src/validate/CORPUS.md):
// what certified connectors do is guidance (a warning); what none of them does stays an error.
export const definitionRules: Rule[] = [
  rule('S1', 'swagger is "2.0".', swaggerVersion, {
    severity: 'error',
    evidence: 'the service imports Swagger 2.0 only; flags 0 of 618 certified connectors',
  }),
  rule(
    'S2',
    'info.title present, at most 30 characters, no "API"/"Connector"/product names, ends with a letter or digit.',
    title,
    {
      severity: 'error',
      evidence:
        'a missing title flags 0 of 618 certified connectors (the connector is named by it); the wording checks flag 15 (11 end with punctuation): warnings',
      notes: '"English" is not checked (no reliable offline test).',
    },
  ),
  rule('S3', 'info.description 30–500 characters without Power Apps/Power Automate/Logic Apps.', description, {
    severity: 'error',
    evidence:
      'a missing description flags 0 of 618 certified connectors; length and product names flag 7, the word "API" 61: warnings',
  }),
  rule('S4', 'info.contact has name, an http(s) url and a valid email.', contact, {
    severity: 'warning',
    evidence: 'certification guidance: flags 65 of 618 certified connectors',
  }),
  rule(
    'S5',
    'x-ms-connector-metadata holds Website and Privacy policy URLs and one or two published Categories.',
    connectorMetadata,
    { severity: 'warning', evidence: 'certification guidance: flags 108 of 618 certified connectors' },
  ),
  rule(
    'S6',
    'host is a bare host name, basePath starts with "/", schemes non-empty and only http/https.',
    hostAndSchemes,
    {
      severity: 'error',
      evidence:
        'a missing host, a bad basePath or scheme flag 0 of 618 certified connectors (calls cannot be routed); a host that is not bare flags 1 (a {{placeholder}} host): a warning',
    },
  ),
  rule('S7', 'The file is under 1 MB and has at most 256 operations.', size, {
    severity: 'error',
    evidence:
      'more than 256 operations flags 0 of 618 certified connectors; over 1 MB flags 1 (certified at 1.1 MB, so the size is not enforced): a warning',
  }),
  rule('S8', 'Every operation has a unique alphanumeric operationId.', operationIds, {
    severity: 'error',
    evidence:
      'a missing or duplicate operationId flags 0 of 618 certified connectors (the platform names actions by it); other characters than letters and digits flag 146, not PascalCase 37: warnings',
  }),
  rule(
    'S9',
    `Every operation has a summary without / \\ < > * % & ?, no trailing punctuation or space, starting with a capital, at most ${SUMMARY_LIMIT} characters.`,
    summaries,
    {
      severity: 'error',
      evidence:
        'forbidden characters, trailing punctuation and over 120 characters flag 0 of 618 certified connectors; no summary or a lowercase start flag 22, a Title Case look 257 (with the 80-character guidance): warnings',
      notes: 'Sentence case beyond the first letter is judged heuristically (all words capitalised).',
    },
  ),
  rule(
    'S10',
    'Every operation has a description that differs from the summary and ends like a sentence.',
    descriptions,
    {
      severity: 'warning',
      evidence:
        'certification guidance: flags 174 of 618 certified connectors (164 repeat the summary), 366 more for the full stop',
    },
  ),
  rule(
    'S11',
    'Every parameter (and every body property) has a Title Case x-ms-summary of at most 80 characters and a description.',
    parameterLabels,
    {
      severity: 'warning',
      evidence: 'certification guidance: flags 569 of 618 certified connectors',
      notes:
        'Title Case allows short words (a, an, the, of, to, in, for, and, or, by, with, on, at, …) in lowercase and identifiers such as "iOS".',
    },
  ),
  rule(
    'S12',
    'x-ms-visibility is "important", "advanced" or "internal"; a required internal parameter or body property has a default.',
    visibility,
    { severity: 'warning', evidence: 'certification guidance: flags 188 of 618 certified connectors' },
  ),
  rule(
    'S13',
    'Path parameters are required, appear in the path and carry x-ms-url-encoding "single"/"double"; no x-ms-url-encoding elsewhere.',
    pathParameters,
    {
      severity: 'error',
      evidence:
        'a path parameter that is optional or missing from the path, or a bad encoding, flags 0 of 618 certified connectors; x-ms-url-encoding elsewhere flags 14, none on a path parameter 125: warnings',
    },
  ),
  rule(
    'S14',
    'Each operation has a 2xx response; 200/201 have a schema; the default response has none; at most one response has a schema.',
    responses,
    { severity: 'warning', evidence: 'certification guidance: flags 344 of 618 certified connectors' },
  ),
  rule('S15', 'Properties of success-response schemas carry a Title Case x-ms-summary.', responseLabels, {
    severity: 'warning',
    evidence: 'certification guidance: flags 539 of 618 certified connectors',
  }),
  rule(
    'S16',
    'No body on GET; at most one body parameter; no parameter named connectionId; no empty required arrays; only supported MIME types.',
    bodiesAndMedia,
    {
      severity: 'error',
      evidence:
        'two body parameters, a connectionId parameter or an empty required array flag 0 of 618 certified connectors; other MIME types flag 72 and a body on GET 4: warnings',
    },
  ),
];
