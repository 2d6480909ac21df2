import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES, type OperationEntry } from '../../../connector-folder/index.ts';
import { definitionIndex, type DefinitionIndex, type SchemaNode } from '../../engine/definition-index.ts';
import { isObject } from '../../../shared/json.ts';
import { quote } from '../text.ts';
import { operationName, operationsById } from './shared.ts';

/**
 * A webhook trigger registers a callback: it is a trigger (x-ms-trigger) with a parameter or body
 * property marked x-ms-notification-url, and x-ms-notification-content describes what the service
 * posts back. x-ms-notification links a polling trigger to the webhook that can replace it.
 */

/** The operations whose request holds a property or parameter marked x-ms-notification-url: true. */
function operationsWithNotificationUrl(index: DefinitionIndex): Set<OperationEntry> {
  const marked = index.extensionsNamed('x-ms-notification-url').filter(({ value }) => value === true);
  const found = new Set<OperationEntry>();
  const markedPointers = new Set(marked.map(({ holderPointer }) => holderPointer));
  for (const { operation, definedAt } of index.parameters)
    if (operation && markedPointers.has(definedAt)) found.add(operation);
  // Schemas: from each marked property up through its holders and the $refs that lead to them, to body roots.
  const referrers = new Map<string, SchemaNode[]>();
  for (const node of index.schemas) {
    if (node.refTarget === undefined) continue;
    const list = referrers.get(node.refTarget);
    if (list) list.push(node);
    else referrers.set(node.refTarget, [node]);
  }
  // A shared body parameter (#/parameters/…) is used by every operation that lists it.
  const bodyUsers = new Map<string, OperationEntry[]>();
  for (const { operation, definedAt, parameter } of index.parameters) {
    if (!operation || parameter.in !== 'body') continue;
    const list = bodyUsers.get(`${definedAt}/schema`);
    if (list) list.push(operation);
    else bodyUsers.set(`${definedAt}/schema`, [operation]);
  }
  const seen = new Set<SchemaNode>();
  const pending = marked.map(({ holderPointer }) => index.schemaAt(holderPointer)).filter((node) => node !== undefined);
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    if (node.role === 'body') for (const operation of bodyUsers.get(node.pointer) ?? []) found.add(operation);
    if (node.parent) pending.push(node.parent);
    for (const referrer of referrers.get(node.pointer) ?? []) pending.push(referrer);
  }
  return found;
}

function notifications(context: ValidationContext): Violation[] {
  if (!context.definition) return [];
  const index = definitionIndex(context);
  const withUrl = operationsWithNotificationUrl(index);
  const isTrigger = (entry: OperationEntry) => entry.operation['x-ms-trigger'] !== undefined;
  const isWebhook = (entry: OperationEntry) => isTrigger(entry) && withUrl.has(entry);
  const byId = operationsById(index.operations);
  const violations: Violation[] = [];
  for (const entry of index.operations) {
    const { operation, pointer: at } = entry;
    const name = operationName(entry);
    const content = operation['x-ms-notification-content'];
    if (content !== undefined && !withUrl.has(entry))
      violations.push({
        msCode: 'WebhookOperationsMissingNotificationUrlProperty',
        location: `${at}/x-ms-notification-content`,
        message: `Operation ${name} describes a notification (x-ms-notification-content) but marks no parameter or body property x-ms-notification-url, so the platform has nowhere to send its callback address.`,
        hint: 'Mark the parameter or body property that carries the callback URL with "x-ms-notification-url": true (and "x-ms-visibility": "internal").',
      });
    if (content === undefined && isWebhook(entry))
      violations.push({
        severity: 'warning',
        msCode: 'OperationMustHaveNotificationContentExtension',
        location: at,
        message: `Webhook trigger ${name} has a notification URL but no x-ms-notification-content, so makers get no dynamic content from what the service sends.`,
        hint: 'Add "x-ms-notification-content": { "description": "…", "schema": { … } } describing the payload the service posts.',
      });
    const notification = operation['x-ms-notification'];
    if (notification === undefined) continue;
    const where = `${at}/x-ms-notification`;
    if (!isTrigger(entry))
      violations.push({
        msCode: 'NotificationExtensionSupportedForTriggerOnly',
        location: where,
        message: `Operation ${name} is an action, but x-ms-notification applies to triggers only.`,
        hint: 'Remove x-ms-notification, or make the operation a trigger with x-ms-trigger.',
      });
    else if (isWebhook(entry))
      violations.push({
        msCode: 'NotificationExtensionNotSupportedInWebhookOperation',
        location: where,
        message: `Operation ${name} is itself a webhook trigger; x-ms-notification belongs on a polling trigger.`,
        hint: 'Remove x-ms-notification from the webhook trigger.',
      });
    const targetId = isObject(notification) ? notification.operationId : undefined;
    const target = typeof targetId === 'string' ? byId.get(targetId) : undefined;
    if (target && !isWebhook(target))
      violations.push({
        msCode: 'NotificationOperationMustBeWebhook',
        location: `${where}/operationId`,
        message: `x-ms-notification names ${quote(targetId)}, which is not a webhook trigger.`,
        hint: 'Name a trigger that registers a callback (x-ms-trigger with an x-ms-notification-url parameter or property).',
      });
  }
  return violations;
}

export default defineRule({
  id: 'OP10',
  msCode: [
    'WebhookOperationsMissingNotificationUrlProperty',
    'OperationMustHaveNotificationContentExtension',
    'NotificationExtensionSupportedForTriggerOnly',
    'NotificationExtensionNotSupportedInWebhookOperation',
    'NotificationOperationMustBeWebhook',
  ],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'A webhook trigger marks its callback URL and describes its notification; x-ms-notification sits on a polling trigger and names a webhook trigger.',
  evidence:
    'a notification without a callback URL and every misplaced x-ms-notification flag 0 of 618 certified connectors; a webhook trigger without x-ms-notification-content flags 190: a warning',
  check: notifications,
});
