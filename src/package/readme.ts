import type { ConnectorModel, FieldModel, OperationModel } from '../connector/schema.ts';

/**
 * The README's "Supported Operations" section, generated from the model so that makers read the
 * same words in the README as in the designer: each action's summary and description, the inputs
 * they fill in, the outputs they get and the errors to watch for. Only the text between the two
 * markers is generated; the rest of the README stays hand-written.
 */

export const OPERATIONS_BEGIN =
  '<!-- BEGIN generated: Supported Operations. `npm run build` writes this part from src/connector; edit the model, not this text. -->';
export const OPERATIONS_END = '<!-- END generated: Supported Operations -->';

interface Row {
  name: string;
  required?: boolean;
  description: string;
}

export function renderOperationsSection(model: ConnectorModel): string {
  return model.operations.map((operation) => renderOperation(model, operation)).join('\n');
}

function renderOperation(model: ConnectorModel, operation: OperationModel): string {
  const lines = [`### ${operation.summary}`, operation.description, ''];
  const inputs = inputRows(model, operation);
  if (inputs.length > 0) {
    lines.push('| Input | Required | Description |', '|---|---|---|');
    for (const row of inputs)
      lines.push(`| ${cell(row.name)} | ${row.required ? 'yes' : 'no'} | ${cell(row.description)} |`);
    lines.push('');
  }
  const success = Object.entries(operation.responses).find(([code]) => code.startsWith('2'));
  const outputs = success?.[1].schema ? fieldRows(success[1].schema, 'output') : [];
  if (outputs.length > 0) {
    lines.push('| Output | Description |', '|---|---|');
    for (const row of outputs) lines.push(`| ${cell(row.name)} | ${cell(row.description)} |`);
    lines.push('');
  } else if (success) {
    lines.push(`Returns no outputs. ${success[1].description}`, '');
  }
  const failures = Object.entries(operation.responses).filter(([code]) => /^[45]/.test(code));
  if (failures.length > 0) {
    lines.push('Watch for:');
    for (const [code, response] of failures) lines.push(`* **${code}**: ${response.description}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** What makers fill in: the visible parameters, then the body's fields. */
function inputRows(model: ConnectorModel, operation: OperationModel): Row[] {
  const rows: Row[] = [];
  for (const key of operation.parameters) {
    const parameter = model.parameters[key];
    // Internal inputs are set by the connector (api-version), never by makers.
    if (!parameter || parameter.visibility === 'internal') continue;
    rows.push({
      name: parameter.title,
      required: parameter.required,
      description: describeValue(parameter.description, parameter),
    });
  }
  if (operation.body) rows.push(...fieldRows(operation.body.schema, 'input', operation.body.required));
  return rows;
}

/** One row per titled field, parents before their children; internal fields are left out. */
function fieldRows(schema: FieldModel, direction: 'input' | 'output', parentRequired = true): Row[] {
  const rows: Row[] = [];
  const visit = (field: FieldModel, required: boolean, depth: number) => {
    for (const [name, property] of Object.entries(field.properties ?? {})) {
      if (property.visibility === 'internal') continue;
      const isRequired = required && (field.required ?? []).includes(name);
      if (property.title) {
        const description =
          direction === 'input' ? describeValue(property.description ?? '', property) : (property.description ?? '');
        rows.push({ name: `${'› '.repeat(depth)}${property.title}`, required: isRequired, description });
      }
      if (property.type === 'object' && depth < 8) visit(property, isRequired, depth + 1);
    }
  };
  visit(schema, parentRequired, 0);
  return rows;
}

/** The description plus the values makers pick from, by the names the designer shows. */
function describeValue(description: string, field: Pick<FieldModel, 'type' | 'enum' | 'items'>): string {
  const choices = field.enum ?? field.items?.enum;
  if (!choices) return description;
  return `${description} ${field.type === 'array' ? 'One or more of' : 'One of'}: ${choices.map((choice) => choice.displayName).join('; ')}.`.trim();
}

/** Table cells: a pipe would end the cell, a line break the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/**
 * The README with the generated section put between its markers. A README without the markers
 * (or with them out of order) is refused: the build must never overwrite hand-written text.
 */
export function withOperationsSection(readme: string, section: string): string {
  return withGeneratedSection(
    readme,
    { name: 'Supported Operations', begin: OPERATIONS_BEGIN, end: OPERATIONS_END },
    section,
  );
}

export interface GeneratedSection {
  name: string;
  begin: string;
  end: string;
}

/** Whether the README has the begin marker of a generated part (an optional part is generated only then). */
export const hasGeneratedSection = (readme: string, markers: GeneratedSection): boolean =>
  readme.includes(markers.begin);

/** The README with `section` put between the markers of one generated part; refused unless there is exactly one pair. */
export function withGeneratedSection(readme: string, markers: GeneratedSection, section: string): string {
  const begin = readme.indexOf(markers.begin);
  const end = readme.indexOf(markers.end);
  if (begin < 0 || end < 0 || end < begin || readme.indexOf(markers.begin, begin + 1) >= 0) {
    throw new Error(
      `README.md needs exactly one pair of markers around its generated "${markers.name}" part:\n${markers.begin}\n${markers.end}`,
    );
  }
  return `${readme.slice(0, begin + markers.begin.length)}\n${section}${readme.slice(end)}`;
}
