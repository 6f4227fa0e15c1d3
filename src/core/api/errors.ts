import { RestApiError } from '../salesforce/errors'

/**
 * The REST API's errors, in Salesforce's words (reference §5.3 for the authentication and
 * limit bodies). Each answers with a one-element JSON array, which jsforce turns into an
 * error named after the errorCode.
 */

const one = (status: number, errorCode: string, message: string, fields?: string[]) =>
  new RestApiError(status, [fields ? { message, errorCode, fields } : { message, errorCode }])

export const restErrors = {
  sessionInvalid: () => one(401, 'INVALID_SESSION_ID', 'Session expired or invalid'),
  sessionNotForRest: () =>
    one(401, 'INVALID_SESSION_ID', 'This session is not valid for use with the REST API'),
  apiDisabled: () =>
    one(403, 'API_DISABLED_FOR_ORG', 'The REST API is not enabled for this Organization.'),
  limitExceeded: () => one(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
  notFound: () => one(404, 'NOT_FOUND', 'The requested resource does not exist'),
  /** A record id that is not an id at all: Salesforce reads it as an external id lookup. */
  externalIdNotFound: (value: string) =>
    one(
      404,
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${value}`,
    ),
  entityDeleted: () => one(404, 'ENTITY_IS_DELETED', 'entity is deleted', []),
  methodNotAllowed: (method: string, allowed: string) =>
    one(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are ${allowed}`),
  cannotInsert: (object: string) =>
    one(400, 'INVALID_TYPE_FOR_OPERATION', `entity type cannot be inserted: ${object}`),
  cannotUpdate: (object: string) =>
    one(400, 'INVALID_TYPE_FOR_OPERATION', `entity type cannot be updated: ${object}`),
  cannotDelete: (object: string) =>
    one(400, 'INVALID_TYPE_FOR_OPERATION', `entity type cannot be deleted: ${object}`),
  jsonParser: (message: string) => one(400, 'JSON_PARSER_ERROR', message),
  noSuchColumn: (field: string, object: string) =>
    one(400, 'INVALID_FIELD', `No such column '${field}' on sobject of type ${object}`),
  noSuchColumnOnEntity: (field: string, object: string) =>
    one(
      400,
      'INVALID_FIELD',
      `No such column '${field}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    ),
  notWritable: (fields: string[]) =>
    one(
      400,
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${fields.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      fields,
    ),
  idInInsert: () =>
    one(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', 'Record ID: cannot specify Id in an insert call', [
      'Id',
    ]),
  requiredMissing: (fields: string[]) =>
    one(
      400,
      'REQUIRED_FIELD_MISSING',
      `Required fields are missing: [${fields.join(', ')}]`,
      fields,
    ),
  stringTooLong: (field: string, label: string, value: string, max: number) =>
    one(400, 'STRING_TOO_LONG', `${label}: data value too large: ${value} (max length=${max})`, [
      field,
    ]),
  numberOutOfRange: (field: string, label: string, value: number) =>
    one(
      400,
      'NUMBER_OUTSIDE_VALID_RANGE',
      `${label}: value outside of valid range on numeric field: ${value}`,
      [field],
    ),
  invalidEmail: (field: string, label: string, value: string) =>
    one(400, 'INVALID_EMAIL_ADDRESS', `${label}: invalid email address: ${value}`, [field]),
  malformedId: (field: string, label: string, value: string) =>
    one(400, 'MALFORMED_ID', `${label}: id value of incorrect type: ${value}`, [field]),
  wrongIdType: (field: string, label: string, value: string) =>
    one(400, 'FIELD_INTEGRITY_EXCEPTION', `${label}: id value of incorrect type: ${value}`, [
      field,
    ]),
  invalidCrossReference: () =>
    one(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []),
  /**
   * A create, update or delete the user's object permissions do not allow. The code and text
   * are the ones Salesforce gives for a record the user may not change (widely reported for
   * update and delete); that it answers a missing Create the same way is not confirmed by a
   * source.
   */
  insufficientAccess: () =>
    one(400, 'INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id', []),
  /** A lookup to a record of an object the user cannot read (text as widely reported). */
  insufficientCrossReference: () =>
    one(
      400,
      'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
      'insufficient access rights on cross-reference id',
      [],
    ),
  invalidQueryLocator: () => one(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator'),
  missingQuery: () => one(400, 'MALFORMED_QUERY', 'A query string has to be specified'),
}
