/** The properties a webhook marks as its notification URL ("x-ms-notification-url": true). */
import { definitionIndex, type ExtensionNode, type SchemaNode } from '../../engine/definition-index.ts';
import type { ValidationContext } from '../../types.ts';

export interface NotificationUrl {
  extension: ExtensionNode;
  /** The schema that carries it; undefined when a parameter or something else does. */
  schema?: SchemaNode;
}

export function notificationUrls(context: ValidationContext): NotificationUrl[] {
  if (!context.definition) return [];
  const index = definitionIndex(context);
  return index
    .extensionsNamed('x-ms-notification-url')
    .filter((extension) => extension.value === true)
    .map((extension) => ({ extension, schema: index.schemaAt(extension.holderPointer) }));
}
