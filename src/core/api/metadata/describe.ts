import { isLongText, NUMBER_TYPES, TEXT_TYPES, type FieldDef, type ObjectSchema } from './types'

/**
 * Salesforce's describe shapes: the global describe entry, the object describe and the
 * field describe, with the property names (alphabetical, as Salesforce writes them) that
 * clients such as jsforce and the CLI read.
 */

const SOAP_TYPES: Readonly<Record<FieldDef['type'], string>> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  picklist: 'xsd:string',
  multipicklist: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
}

const SYSTEM_DEFAULTED = new Set([
  'Id',
  'IsDeleted',
  'OwnerId',
  'CreatedDate',
  'CreatedById',
  'LastModifiedDate',
  'LastModifiedById',
  'SystemModstamp',
])

export const isCreateable = (object: ObjectSchema, field: FieldDef): boolean =>
  object.createable && !field.readonly

export const isUpdateable = (object: ObjectSchema, field: FieldDef): boolean =>
  object.updateable && !field.readonly && !field.createOnly

export function sObjectUrls(version: string, name: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${name}`
  return {
    rowTemplate: `${base}/{ID}`,
    defaultValues: `${base}/defaultValues?recordTypeId&fields`,
    describe: `${base}/describe`,
    sobject: base,
  }
}

/** One entry of `GET /sobjects` (also the `objectDescribe` of `GET /sobjects/{Type}`). */
export function globalDescribeEntry(object: ObjectSchema, version: string) {
  return {
    activateable: false,
    associateEntityType: null,
    associateParentEntity: null,
    createable: object.createable,
    custom: object.custom,
    customSetting: false,
    deepCloneable: false,
    deletable: object.deletable,
    deprecatedAndHidden: false,
    feedEnabled: false,
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: object.keyPrefix,
    label: object.label,
    labelPlural: object.labelPlural,
    layoutable: true,
    mergeable: false,
    mruEnabled: true,
    name: object.name,
    queryable: true,
    replicateable: true,
    retrieveable: true,
    searchable: true,
    triggerable: true,
    undeletable: object.deletable,
    updateable: object.updateable,
    urls: sObjectUrls(version, object.name),
  }
}

export function describeField(object: ObjectSchema, field: FieldDef) {
  const text = TEXT_TYPES.has(field.type)
  const isId = field.type === 'id' || field.type === 'reference'
  const length = text ? (field.length ?? 255) : isId ? 18 : 0
  const number = NUMBER_TYPES.has(field.type)
  const longText = isLongText(field)
  const defaulted =
    SYSTEM_DEFAULTED.has(field.name) ||
    field.type === 'boolean' ||
    field.defaultValue !== undefined ||
    field.autoNumber === true
  return {
    aggregatable: !longText && field.type !== 'boolean',
    aiPredictionField: false,
    autoNumber: field.autoNumber === true,
    byteLength: text ? length * 3 : isId ? 18 : 0,
    calculated: false,
    calculatedFormula: null,
    cascadeDelete: false,
    caseSensitive: false,
    compoundFieldName: null,
    controllerName: null,
    createable: isCreateable(object, field),
    custom: field.custom === true,
    defaultValue: field.type === 'boolean' ? (field.defaultValue ?? false) : null,
    defaultValueFormula: null,
    defaultedOnCreate: defaulted,
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: field.type === 'int' ? (field.precision ?? 0) : 0,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: false,
    extraTypeInfo: null,
    filterable: !longText,
    filteredLookupInfo: null,
    formulaTreatNullNumberAsZero: false,
    groupable: !longText && !number && field.type !== 'datetime',
    highScaleNumber: false,
    htmlFormatted: false,
    idLookup: field.type === 'id',
    inlineHelpText: null,
    label: field.label,
    length,
    mask: null,
    maskType: null,
    name: field.name,
    nameField: field.nameField === true,
    namePointing: false,
    nillable: !field.required && field.type !== 'boolean' && field.type !== 'id',
    permissionable: !field.required && !field.readonly && field.type !== 'boolean',
    picklistValues: (field.picklist ?? []).map((value) => ({
      active: true,
      defaultValue: value === field.defaultValue,
      label: value,
      validFor: null,
      value,
    })),
    polymorphicForeignKey: false,
    precision: number && field.type !== 'int' ? (field.precision ?? 18) : 0,
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: field.referenceTo ? [...field.referenceTo] : [],
    relationshipName: field.relationshipName ?? null,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: false,
    scale: number && field.type !== 'int' ? (field.scale ?? 0) : 0,
    searchPrefilterable: false,
    soapType: SOAP_TYPES[field.type],
    sortable: !longText && field.type !== 'multipicklist',
    type: field.type,
    unique: false,
    updateable: isUpdateable(object, field),
    writeRequiresMasterRead: false,
  }
}

/** Reference fields of other objects that point at this one (audit fields left out). */
function childRelationships(object: ObjectSchema, all: readonly ObjectSchema[]) {
  const audit = new Set(['OwnerId', 'CreatedById', 'LastModifiedById', 'MasterRecordId'])
  return all.flatMap((child) =>
    child.fields
      .filter(
        (f) =>
          f.type === 'reference' &&
          !audit.has(f.name) &&
          f.referenceTo?.some((to) => to.toLowerCase() === object.name.toLowerCase()),
      )
      .map((f) => ({
        cascadeDelete: false,
        childSObject: child.name,
        deprecatedAndHidden: false,
        field: f.name,
        junctionIdListNames: [],
        junctionReferenceTo: [],
        relationshipName: childRelationshipName(object, child, f),
        restrictedDelete: false,
      })),
  )
}

function childRelationshipName(parent: ObjectSchema, child: ObjectSchema, field: FieldDef): string {
  if (child.custom || field.custom) return `${child.labelPlural.replace(/\W+/g, '_')}__r`
  if (field.name === 'ParentId' && child.name === parent.name) return `Child${child.labelPlural}`
  return child.labelPlural.replace(/\W+/g, '')
}

/**
 * `GET /sobjects/{Type}/describe`. `all` lists every object, for child relationships;
 * `instanceUrl` is the org's address, where the (absent) UI pages would be.
 */
export function describeObject(
  object: ObjectSchema,
  all: readonly ObjectSchema[],
  version: string,
  instanceUrl: string,
) {
  const base = `/services/data/v${version}/sobjects/${object.name}`
  const entry = globalDescribeEntry(object, version)
  return {
    actionOverrides: [],
    activateable: false,
    associateEntityType: null,
    associateParentEntity: null,
    childRelationships: childRelationships(object, all),
    compactLayoutable: true,
    createable: entry.createable,
    custom: entry.custom,
    customSetting: false,
    deepCloneable: false,
    defaultImplementation: null,
    deletable: entry.deletable,
    deprecatedAndHidden: false,
    extendedBy: null,
    extendsInterfaces: null,
    feedEnabled: false,
    fields: object.fields.map((field) => describeField(object, field)),
    hasSubtypes: false,
    implementedBy: null,
    implementsInterfaces: null,
    isInterface: false,
    isSubtype: false,
    keyPrefix: object.keyPrefix,
    label: object.label,
    labelPlural: object.labelPlural,
    layoutable: true,
    listviewable: null,
    lookupLayoutable: null,
    mergeable: false,
    mruEnabled: true,
    name: object.name,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    queryable: true,
    recordTypeInfos: [
      {
        active: true,
        available: true,
        defaultRecordTypeMapping: true,
        developerName: 'Master',
        master: true,
        name: 'Master',
        recordTypeId: '012000000000000AAA',
        urls: { layout: `${base}/describe/layouts/012000000000000AAA` },
      },
    ],
    replicateable: true,
    retrieveable: true,
    searchLayoutable: true,
    searchable: true,
    sobjectDescribeOption: 'FULL',
    supportedScopes: [{ label: `All ${object.labelPlural.toLowerCase()}`, name: 'everything' }],
    triggerable: true,
    undeletable: entry.undeletable,
    updateable: entry.updateable,
    urls: {
      compactLayouts: `${base}/describe/compactLayouts`,
      rowTemplate: `${base}/{ID}`,
      approvalLayouts: `${base}/describe/approvalLayouts`,
      uiDetailTemplate: `${instanceUrl}/{ID}`,
      uiEditTemplate: `${instanceUrl}/{ID}/e`,
      defaultValues: `${base}/defaultValues?recordTypeId&fields`,
      listviews: `${base}/listviews`,
      describe: `${base}/describe`,
      uiNewRecord: `${instanceUrl}/${object.keyPrefix}/e`,
      quickActions: `${base}/quickActions`,
      layouts: `${base}/describe/layouts`,
      sobject: base,
    },
  }
}
