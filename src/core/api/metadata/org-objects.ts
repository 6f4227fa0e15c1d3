import {
  auditFields,
  bool,
  dateTime,
  email,
  leadingSystemFields,
  phone,
  picklist,
  reference,
  text,
} from './fields'
import { personName } from './sales-objects'
import type { FieldDef, ObjectDef } from './types'

/** Every field of a workspace-defined object is read-only through the API. */
const readOnly = (fields: FieldDef[]): FieldDef[] => fields.map((f) => ({ ...f, readonly: true }))

/**
 * User, Profile and Organization: read-only here, because the workspace defines them (its users and
 * its org). Their records are built from the workspace, not stored as API data.
 */

export const USER: ObjectDef = {
  name: 'User',
  label: 'User',
  labelPlural: 'Users',
  keyPrefix: '005',
  custom: false,
  createable: false,
  updateable: false,
  deletable: false,
  fields: readOnly([
    { name: 'Id', label: 'User ID', type: 'id' as const, length: 18 },
    text('Username', 'Username', 80, { readonly: true }),
    text('LastName', 'Last Name', 80, { readonly: true }),
    text('FirstName', 'First Name', 40, { readonly: true }),
    text('Name', 'Full Name', 121, { readonly: true, nameField: true }),
    text('CompanyName', 'Company Name', 80, { readonly: true }),
    email('Email', 'Email'),
    text('Alias', 'Alias', 8, { readonly: true }),
    text('CommunityNickname', 'Nickname', 40, { readonly: true }),
    bool('IsActive', 'Active', { readonly: true }),
    reference('ProfileId', 'Profile ID', 'Profile', 'Profile'),
    picklist('UserType', 'User Type', ['Standard'], { readonly: true }),
    picklist('TimeZoneSidKey', 'Time Zone', ['America/Los_Angeles'], { readonly: true }),
    picklist('LocaleSidKey', 'Locale', ['en_US'], { readonly: true }),
    picklist('LanguageLocaleKey', 'Language', ['en_US'], { readonly: true }),
    picklist('EmailEncodingKey', 'Email Encoding', ['UTF-8'], { readonly: true }),
    phone('Phone', 'Phone'),
    ...auditFields({ owner: false }),
    dateTime('LastLoginDate', 'Last Login', { readonly: true }),
  ]),
  compute(fields) {
    fields.Name = personName(fields) || null
  },
}

export const PROFILE: ObjectDef = {
  name: 'Profile',
  label: 'Profile',
  labelPlural: 'Profiles',
  keyPrefix: '00e',
  custom: false,
  createable: false,
  updateable: false,
  deletable: false,
  fields: readOnly([
    { name: 'Id', label: 'Profile ID', type: 'id' as const, length: 18 },
    text('Name', 'Name', 255, { nameField: true }),
    bool('PermissionsApiEnabled', 'API Enabled'),
    picklist('UserType', 'User Type', ['Standard']),
    text('Description', 'Description', 255),
    ...auditFields({ owner: false }),
  ]),
}

export const ORGANIZATION: ObjectDef = {
  name: 'Organization',
  label: 'Organization',
  labelPlural: 'Organizations',
  keyPrefix: '00D',
  custom: false,
  createable: false,
  updateable: false,
  deletable: false,
  fields: readOnly([
    ...leadingSystemFields().filter((f) => f.name === 'Id'),
    text('Name', 'Name', 80, { nameField: true }),
    text('Division', 'Division', 80),
    text('Street', 'Street', 255),
    text('City', 'City', 40),
    text('State', 'State/Province', 80),
    text('PostalCode', 'Zip/Postal Code', 20),
    text('Country', 'Country', 80),
    phone('Phone', 'Phone'),
    text('PrimaryContact', 'Primary Contact', 80),
    picklist('DefaultLocaleSidKey', 'Locale', ['en_US']),
    picklist('LanguageLocaleKey', 'Language', ['en_US']),
    picklist('TimeZoneSidKey', 'Time Zone', ['America/Los_Angeles']),
    text('InstanceName', 'Instance Name', 5),
    bool('IsSandbox', 'Is Sandbox'),
    dateTime('TrialExpirationDate', 'Trial Expiration Date'),
    text('NamespacePrefix', 'Namespace Prefix', 15),
    picklist('OrganizationType', 'Edition', [
      'Developer Edition',
      'Enterprise Edition',
      'Unlimited Edition',
      'Professional Edition',
      'Performance Edition',
    ]),
    bool('IsReadOnly', 'Is Read Only'),
    ...auditFields({ owner: false }),
  ]),
}
