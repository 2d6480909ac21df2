import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { nonBlankText, info } from './shared.ts';
import { isObject } from '../../../shared/json.ts';
import { isHttpUrl, quote } from '../text.ts';

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
  if (!nonBlankText(value.name))
    violations.push({
      location: '/info/contact/name',
      message: 'info.contact.name is missing.',
      hint: 'Name the person or team that maintains the connector.',
    });
  if (!isHttpUrl(value.url))
    violations.push({
      msCode: 'UrlNotValid',
      location: '/info/contact/url',
      message: `info.contact.url ${value.url === undefined ? 'is missing' : `${quote(value.url)} is not an http(s) URL`}.`,
      hint: 'Give a web page where makers can get support, e.g. https://github.com/<owner>/<repo>.',
    });
  if (typeof value.email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.email)) {
    violations.push({
      msCode: 'ContactEmailNotValid',
      location: '/info/contact/email',
      message: `info.contact.email ${value.email === undefined ? 'is missing' : `${quote(value.email)} is not a valid email address`}.`,
      hint: 'Give a support email address such as support@example.com.',
    });
  }
  return violations;
}

export default defineRule({
  id: 'S4',
  msCode: ['ContactEmailNotValid', 'UrlNotValid'],
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description: 'info.contact has name, an http(s) url and a valid email.',
  evidence: 'certification guidance: flags 65 of 618 certified connectors',
  check: contact,
});
