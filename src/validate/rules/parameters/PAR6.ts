import { CONNECTOR_FILES, type OperationEntry, type ParameterEntry } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';
import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { operationName, operationsById } from '../operations/shared.ts';
import { quote } from '../text.ts';

/**
 * A polling trigger (the fetch operation) names in x-ms-notification the webhook that can replace
 * it (the subscribe operation); the platform fills both from one set of trigger inputs, so a
 * parameter the two share by name must be the same kind of value, shown the same way.
 */
function sharedParameters(context: ValidationContext): Violation[] {
  const byId = operationsById(context.operations);
  const violations: Violation[] = [];
  for (const fetch of context.operations) {
    const notification = fetch.operation['x-ms-notification'];
    const subscribeId = isObject(notification) ? notification.operationId : undefined;
    const subscribe = typeof subscribeId === 'string' ? byId.get(subscribeId) : undefined;
    if (!subscribe || subscribe === fetch) continue;
    const fetchParameters = new Map(
      fetch.parameters
        .filter(({ parameter }) => parameter.in !== 'body' && typeof parameter.name === 'string')
        .map((entry) => [entry.parameter.name as string, entry]),
    );
    for (const entry of subscribe.parameters) {
      const polled = fetchParameters.get(entry.parameter.name as string);
      if (polled && entry.parameter.in !== 'body') violations.push(...differences(polled, entry, fetch, subscribe));
    }
  }
  return violations;
}

const ASPECTS = [
  { field: 'type', what: 'type', absent: 'no type' },
  { field: 'x-ms-visibility', what: 'visibility (x-ms-visibility)', absent: 'the default visibility' },
] as const;

function differences(
  polled: ParameterEntry,
  subscribed: ParameterEntry,
  fetch: OperationEntry,
  subscribe: OperationEntry,
): Violation[] {
  return ASPECTS.flatMap(({ field, what, absent }): Violation[] => {
    const [inFetch, inSubscribe] = [polled.parameter[field], subscribed.parameter[field]];
    if (inFetch === inSubscribe) return [];
    const shown = (value: unknown) => (value === undefined ? absent : quote(value));
    return [
      {
        location: subscribed.pointer,
        message: `Parameter ${quote(subscribed.parameter.name)} has ${shown(inSubscribe)} in webhook ${operationName(subscribe)} but ${shown(inFetch)} in polling trigger ${operationName(fetch)}, whose x-ms-notification names this webhook; a parameter the two share needs the same ${what}.`,
        hint: `Give "${String(subscribed.parameter.name)}" the same ${field} in both operations, or rename one of them if they mean different things.`,
      },
    ];
  });
}

export default defineRule({
  id: 'PAR6',
  msCode: 'ParamtersWithSameNameMustHaveSameTypeAndVisibility',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'A parameter that a polling trigger and the webhook its x-ms-notification names share by name has the same type and x-ms-visibility in both.',
  evidence:
    'flags 0 of 618 certified connectors (none links a polling trigger to a webhook with x-ms-notification; 4 have both kinds of trigger, and none of their same-named parameters differ)',
  notes:
    'The catalog calls the two the fetch and subscribe operations; the pair is the one x-ms-notification declares. Body parameters are not compared: a polling trigger is a GET, which has none.',
  check: sharedParameters,
});
