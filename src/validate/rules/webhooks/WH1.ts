import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { defineRule } from '../../types.ts';
import { notificationUrls } from './notification-url.ts';

export default defineRule({
  id: 'WH1',
  msCode: 'NotificationUrlNotAllowedInThisPosition',
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description:
    'x-ms-notification-url marks a property of a request body only (not a response-only schema or a parameter).',
  evidence:
    'flags 3 of 618 certified connectors (a response-only schema marked as the notification URL), which the platform accepted',
  check: (context) =>
    notificationUrls(context)
      // A schema shared by the request and the response (an echo of the subscription) is fine.
      .filter(({ schema }) => !schema || (!schema.input && schema.output))
      .map(({ extension }) => ({
        location: extension.pointer,
        message:
          'x-ms-notification-url is set here, but only a property of the request body can carry the notification URL.',
        hint: 'Move "x-ms-notification-url": true to the body property that receives the callback URL.',
      })),
});
