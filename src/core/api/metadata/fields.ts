import type { FieldDef } from './types'

/**
 * Builders for field definitions, so the standard objects read like Salesforce's field
 * lists rather than like property bags.
 */

type Extra = Partial<Omit<FieldDef, 'name' | 'label' | 'type'>>

export const text = (name: string, label: string, length: number, extra: Extra = {}): FieldDef => ({
  name,
  label,
  type: 'string',
  length,
  ...extra,
})

export const textArea = (
  name: string,
  label: string,
  length = 255,
  extra: Extra = {},
): FieldDef => ({
  name,
  label,
  type: 'textarea',
  length,
  ...extra,
})

export const picklist = (
  name: string,
  label: string,
  values: readonly string[],
  extra: Extra = {},
): FieldDef => ({ name, label, type: 'picklist', length: 255, picklist: values, ...extra })

export const phone = (name: string, label: string): FieldDef => ({
  name,
  label,
  type: 'phone',
  length: 40,
})

export const email = (name: string, label: string): FieldDef => ({
  name,
  label,
  type: 'email',
  length: 80,
})

export const url = (name: string, label: string): FieldDef => ({
  name,
  label,
  type: 'url',
  length: 255,
})

export const bool = (name: string, label: string, extra: Extra = {}): FieldDef => ({
  name,
  label,
  type: 'boolean',
  defaultValue: false,
  ...extra,
})

export const integer = (
  name: string,
  label: string,
  precision = 8,
  extra: Extra = {},
): FieldDef => ({
  name,
  label,
  type: 'int',
  precision,
  scale: 0,
  ...extra,
})

export const currency = (name: string, label: string, extra: Extra = {}): FieldDef => ({
  name,
  label,
  type: 'currency',
  precision: 18,
  scale: 2,
  ...extra,
})

export const percent = (name: string, label: string, extra: Extra = {}): FieldDef => ({
  name,
  label,
  type: 'percent',
  precision: 3,
  scale: 0,
  ...extra,
})

export const date = (name: string, label: string, extra: Extra = {}): FieldDef => ({
  name,
  label,
  type: 'date',
  ...extra,
})

export const dateTime = (name: string, label: string, extra: Extra = {}): FieldDef => ({
  name,
  label,
  type: 'datetime',
  ...extra,
})

export const reference = (
  name: string,
  label: string,
  to: string,
  relationshipName: string,
  extra: Extra = {},
): FieldDef => ({
  name,
  label,
  type: 'reference',
  length: 18,
  referenceTo: [to],
  relationshipName,
  ...extra,
})

/** Address parts, as Salesforce lists them for Billing, Shipping, Mailing …. */
export function address(prefix: string, label: string): FieldDef[] {
  return [
    textArea(`${prefix}Street`, `${label} Street`),
    text(`${prefix}City`, `${label} City`, 40),
    text(`${prefix}State`, `${label} State/Province`, 80),
    text(`${prefix}PostalCode`, `${label} Zip/Postal Code`, 20),
    text(`${prefix}Country`, `${label} Country`, 80),
  ]
}

/** Id and IsDeleted: every object starts with them. */
export function leadingSystemFields(): FieldDef[] {
  return [
    { name: 'Id', label: 'Record ID', type: 'id', length: 18, readonly: true },
    bool('IsDeleted', 'Deleted', { readonly: true }),
  ]
}

/** Owner and audit fields, maintained by the org on every write. */
export function auditFields(options: { owner: boolean }): FieldDef[] {
  const fields: FieldDef[] = []
  if (options.owner) fields.push(reference('OwnerId', 'Owner ID', 'User', 'Owner'))
  fields.push(
    dateTime('CreatedDate', 'Created Date', { readonly: true }),
    reference('CreatedById', 'Created By ID', 'User', 'CreatedBy', { readonly: true }),
    dateTime('LastModifiedDate', 'Last Modified Date', { readonly: true }),
    reference('LastModifiedById', 'Last Modified By ID', 'User', 'LastModifiedBy', {
      readonly: true,
    }),
    dateTime('SystemModstamp', 'System Modstamp', { readonly: true }),
  )
  return fields
}

export const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other']
export const INDUSTRIES = [
  'Agriculture',
  'Apparel',
  'Banking',
  'Biotechnology',
  'Chemicals',
  'Communications',
  'Construction',
  'Consulting',
  'Education',
  'Electronics',
  'Energy',
  'Engineering',
  'Entertainment',
  'Environmental',
  'Finance',
  'Food & Beverage',
  'Government',
  'Healthcare',
  'Hospitality',
  'Insurance',
  'Machinery',
  'Manufacturing',
  'Media',
  'Not For Profit',
  'Recreation',
  'Retail',
  'Shipping',
  'Technology',
  'Telecommunications',
  'Transportation',
  'Utilities',
  'Other',
]
export const RATINGS = ['Hot', 'Warm', 'Cold']
export const SALUTATIONS = ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.']
