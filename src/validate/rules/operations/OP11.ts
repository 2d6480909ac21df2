import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES, type OperationEntry } from '../../../connector-folder/index.ts';
import { isObject, type JsonObject } from '../../../shared/json.ts';
import { operationName } from './shared.ts';

/**
 * x-ms-api-annotation groups the revisions of one action into a family ("family", "revision",
 * "status"); an old revision is deprecated and may name its "replacement" ({ api, operationId }).
 */
interface Annotated {
  entry: OperationEntry;
  annotation: JsonObject;
  at: string;
}

const isActive = ({ entry }: Annotated) => entry.operation.deprecated !== true;
const hasRevision = ({ annotation }: Annotated) => annotation.revision !== undefined && annotation.revision !== null;

function families(context: ValidationContext): Violation[] {
  const violations: Violation[] = [];
  const byFamily = new Map<string, Annotated[]>();
  for (const entry of context.operations) {
    const annotation = entry.operation['x-ms-api-annotation'];
    if (!isObject(annotation)) continue;
    const member = { entry, annotation, at: `${entry.pointer}/x-ms-api-annotation` };
    violations.push(...replacementProblems(member));
    if (typeof annotation.family !== 'string' || annotation.family === '') continue;
    const list = byFamily.get(annotation.family);
    if (list) list.push(member);
    else byFamily.set(annotation.family, [member]);
    violations.push(...revisionProblems(member, annotation.family));
  }
  for (const [family, members] of byFamily) violations.push(...familyProblems(family, members));
  return violations;
}

/** Only a deprecated operation names a replacement, with its api and operationId. */
function replacementProblems({ entry, annotation, at }: Annotated): Violation[] {
  const replacement = annotation.replacement;
  if (replacement === undefined) return [];
  const violations: Violation[] = [];
  const name = operationName(entry);
  if (entry.operation.deprecated !== true)
    violations.push({
      msCode: 'ApiAnnotationExtensionReplacementInfoForNonDeprecatedOperations',
      location: `${at}/replacement`,
      message: `Operation ${name} names a replacement but is not deprecated.`,
      hint: 'Mark the operation "deprecated": true, or remove "replacement".',
    });
  if (!isObject(replacement) && replacement !== null) return violations;
  for (const [field, code] of [
    ['api', 'ApiAnnotationExtensionReplacementInfoMissingApiProperty'],
    ['operationId', 'ApiAnnotationExtensionReplacementInfoMissingOperationIdProperty'],
  ] as const) {
    if (!isObject(replacement) || typeof replacement[field] !== 'string' || replacement[field] === '')
      violations.push({
        msCode: code,
        location: `${at}/replacement`,
        message: `The replacement of operation ${name} does not name its "${field}".`,
        hint:
          field === 'api'
            ? 'Give the name of the connector that holds the replacing operation in "api".'
            : 'Give the operationId of the replacing operation in "operationId".',
      });
  }
  return violations;
}

/** A family member has a revision, and a revision past the first ends its operationId in "V<n>". */
function revisionProblems(member: Annotated, family: string): Violation[] {
  const { entry, annotation, at } = member;
  const violations: Violation[] = [];
  if (!hasRevision(member))
    violations.push({
      severity: 'warning',
      msCode: 'OperationRevisionEmpty',
      location: at,
      message: `Operation ${operationName(entry)} belongs to the family "${family}" without a revision.`,
      hint: 'Add "revision": 1 (or the number of this version of the action).',
    });
  const revision = annotation.revision;
  const id = entry.operation.operationId;
  if (
    typeof revision === 'number' &&
    revision > 1 &&
    typeof id === 'string' &&
    !new RegExp(`v${revision}$`, 'i').test(id)
  )
    violations.push({
      severity: 'warning',
      msCode: 'OperationIdShouldEndWithRevision',
      location: `${entry.pointer}/operationId`,
      message: `Operation "${id}" is revision ${revision} of "${family}", but its operationId does not end with "V${revision}".`,
      hint: `Name it "${id.replace(/_?v\d+$/i, '')}_V${revision}", so that each revision's id says which one it is.`,
    });
  return violations;
}

/** A family numbers its revisions once each, at most one without, at most two active and one active in Production. */
function familyProblems(family: string, members: readonly Annotated[]): Violation[] {
  const violations: Violation[] = [];
  const seenRevisions = new Map<string, Annotated>();
  for (const member of members.filter(hasRevision)) {
    const key = JSON.stringify(member.annotation.revision);
    const earlier = seenRevisions.get(key);
    if (earlier)
      violations.push({
        msCode: 'OperationFamilyHasDuplicateRevisions',
        location: `${member.at}/revision`,
        message: `Operations ${operationName(earlier.entry)} and ${operationName(member.entry)} are both revision ${key} of "${family}".`,
        hint: 'Number the revisions of a family 1, 2, 3… without repeats.',
      });
    else seenRevisions.set(key, member);
  }
  const withoutRevision = members.filter((member) => !hasRevision(member));
  if (withoutRevision.length > 1)
    violations.push({
      msCode: 'OperationFamilyHasManyEmptyRevisions',
      location: withoutRevision[1]!.at,
      message: `${withoutRevision.length} operations of the family "${family}" have no revision; at most one may.`,
      hint: 'Give each operation of the family its own revision number.',
    });
  const active = members.filter(isActive);
  if (active.length > 2)
    violations.push({
      msCode: 'OperationFamilyHasManyActiveOperations',
      location: members.at(-1)!.at,
      message: `${active.length} operations of the family "${family}" are not deprecated; at most two may be.`,
      hint: 'Mark the older revisions "deprecated": true.',
    });
  const production = active.filter(({ annotation }) => annotation.status === 'Production');
  if (production.length > 1)
    violations.push({
      msCode: 'OperationFamilyHasManyActiveProductionOperations',
      location: production.at(-1)!.at,
      message: `${production.length} operations of the family "${family}" are in Production status and not deprecated.`,
      hint: 'Deprecate the earlier revisions once the newest is in Production.',
    });
  return violations;
}

export default defineRule({
  id: 'OP11',
  msCode: [
    'ApiAnnotationExtensionReplacementInfoForNonDeprecatedOperations',
    'ApiAnnotationExtensionReplacementInfoMissingApiProperty',
    'ApiAnnotationExtensionReplacementInfoMissingOperationIdProperty',
    'OperationRevisionEmpty',
    'OperationIdShouldEndWithRevision',
    'OperationFamilyHasDuplicateRevisions',
    'OperationFamilyHasManyEmptyRevisions',
    'OperationFamilyHasManyActiveOperations',
    'OperationFamilyHasManyActiveProductionOperations',
  ],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'Operation families (x-ms-api-annotation) number their revisions once each, keep at most two active and one in Production, end revision ids in "V<n>"; only deprecated operations name a replacement, with its api and operationId.',
  evidence:
    'a replacement on an active operation or without api or operationId, repeated or missing revisions, and too many active or Production revisions flag 0 of 618 certified connectors; a revision whose operationId lacks "V<n>" flags 9, a family member without a revision 1: warnings',
  check: families,
});
