import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { HOST_PATTERN } from '../../../shared/certification.ts';
import { quote } from '../text.ts';

function hostAndSchemes(context: ValidationContext): Violation[] {
  const definition = context.definition;
  if (!definition) return [];
  const violations: Violation[] = [];
  if (typeof definition.host !== 'string' || !HOST_PATTERN.test(definition.host)) {
    violations.push({
      severity: definition.host === undefined ? 'error' : 'warning',
      msCode: 'HostNameNotValid',
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
      msCode: 'BasePathNotValid',
      location: '/basePath',
      message: `basePath ${quote(definition.basePath)} must start with "/".`,
      hint: 'Use "/" or a path such as "/v1".',
    });
  }
  const schemes = definition.schemes;
  if (!Array.isArray(schemes) || schemes.length === 0) {
    violations.push({
      msCode: 'SchemesArrayEmpty',
      location: '/schemes',
      message: 'schemes is missing or empty.',
      hint: 'Set "schemes": ["https"].',
    });
  } else {
    schemes.forEach((scheme, index) => {
      if (scheme === 'ws' || scheme === 'wss')
        violations.push({
          msCode: 'SchemeNotSupported',
          location: `/schemes/${index}`,
          message: `Scheme ${quote(scheme)} is not supported: connectors call over HTTP, not WebSocket.`,
          hint: 'Use "https".',
        });
      else if (scheme !== 'https' && scheme !== 'http')
        violations.push({
          msCode: 'SchemeNotValid',
          location: `/schemes/${index}`,
          message: `Scheme ${quote(scheme)} is not supported.`,
          hint: 'Use "https" (or "http").',
        });
    });
  }
  return violations;
}

export default defineRule({
  id: 'S6',
  msCode: ['HostNameNotValid', 'BasePathNotValid', 'SchemesArrayEmpty', 'SchemeNotValid', 'SchemeNotSupported'],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'host is a bare host name, basePath starts with "/", schemes non-empty and only http/https (no WebSocket).',
  evidence:
    'a missing host, a bad basePath or scheme flag 0 of 618 certified connectors (calls cannot be routed); a host that is not bare flags 1 (a {{placeholder}} host): a warning',
  check: hostAndSchemes,
});
