/**
 * How the preview writes a JSON value where makers see text (a drop-down's label, a combo box's
 * choice, an example argument). Pure and without imports: the page bundles it.
 */

/** Text as it is, numbers and booleans as written, null or absent as nothing, objects and arrays as their JSON. */
export function shownText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) return '';
  return JSON.stringify(value) ?? '';
}

/** A field the format says is text (a parameter's `in` or `name`): the text, or '' when it is anything else. */
export function textField(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
