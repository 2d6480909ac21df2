import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { defineRule } from '../../types.ts';
import { notificationUrls } from './notification-url.ts';

export default defineRule({
  id: 'WH4',
  msCode: 'NotificationUrlNotString',
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description: 'The notification URL property is of type string.',
  evidence: 'flags 1 of 618 certified connectors, which the platform accepted',
  check: (context) =>
    notificationUrls(context)
      .filter(({ extension }) => extension.holder.type !== 'string')
      .map(({ extension }) => ({
        location: extension.holderPointer,
        message: `The notification URL property has type ${JSON.stringify(extension.holder.type)}; a URL is a string.`,
        hint: 'Set "type": "string".',
      })),
});
