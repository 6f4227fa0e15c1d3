import type { RecordValue } from '../../workspace/types'
import {
  address,
  auditFields,
  bool,
  currency,
  date,
  dateTime,
  email,
  INDUSTRIES,
  integer,
  LEAD_SOURCES,
  leadingSystemFields,
  percent,
  phone,
  picklist,
  RATINGS,
  reference,
  SALUTATIONS,
  text,
  textArea,
  url,
} from './fields'
import type { ObjectDef } from './types'

/** Account, Contact, Lead and Opportunity with the fields a new org gives them. */

/** "First Last", as Salesforce composes the Name of people. */
export function personName(fields: Record<string, RecordValue>): string {
  return [fields.FirstName, fields.LastName]
    .filter((part) => typeof part === 'string' && part !== '')
    .join(' ')
}

export const ACCOUNT: ObjectDef = {
  name: 'Account',
  label: 'Account',
  labelPlural: 'Accounts',
  keyPrefix: '001',
  custom: false,
  createable: true,
  updateable: true,
  deletable: true,
  fields: [
    ...leadingSystemFields(),
    reference('MasterRecordId', 'Master Record ID', 'Account', 'MasterRecord', { readonly: true }),
    text('Name', 'Account Name', 255, { required: true, nameField: true }),
    picklist('Type', 'Account Type', [
      'Prospect',
      'Customer - Direct',
      'Customer - Channel',
      'Channel Partner / Reseller',
      'Installation Partner',
      'Technology Partner',
      'Other',
    ]),
    reference('ParentId', 'Parent Account ID', 'Account', 'Parent'),
    ...address('Billing', 'Billing'),
    ...address('Shipping', 'Shipping'),
    phone('Phone', 'Account Phone'),
    phone('Fax', 'Account Fax'),
    text('AccountNumber', 'Account Number', 40),
    url('Website', 'Website'),
    text('Sic', 'SIC Code', 20),
    picklist('Industry', 'Industry', INDUSTRIES),
    currency('AnnualRevenue', 'Annual Revenue'),
    integer('NumberOfEmployees', 'Employees'),
    picklist('Ownership', 'Ownership', ['Public', 'Private', 'Subsidiary', 'Other']),
    text('TickerSymbol', 'Ticker Symbol', 20),
    textArea('Description', 'Account Description', 32000),
    picklist('Rating', 'Account Rating', RATINGS),
    text('Site', 'Account Site', 80),
    picklist('AccountSource', 'Account Source', LEAD_SOURCES),
    ...auditFields({ owner: true }),
    date('LastActivityDate', 'Last Activity', { readonly: true }),
  ],
}

export const CONTACT: ObjectDef = {
  name: 'Contact',
  label: 'Contact',
  labelPlural: 'Contacts',
  keyPrefix: '003',
  custom: false,
  createable: true,
  updateable: true,
  deletable: true,
  fields: [
    ...leadingSystemFields(),
    reference('MasterRecordId', 'Master Record ID', 'Contact', 'MasterRecord', { readonly: true }),
    reference('AccountId', 'Account ID', 'Account', 'Account'),
    text('LastName', 'Last Name', 80, { required: true }),
    text('FirstName', 'First Name', 40),
    picklist('Salutation', 'Salutation', SALUTATIONS),
    text('Name', 'Full Name', 121, { readonly: true, nameField: true }),
    ...address('Mailing', 'Mailing'),
    phone('Phone', 'Business Phone'),
    phone('Fax', 'Business Fax'),
    phone('MobilePhone', 'Mobile Phone'),
    phone('HomePhone', 'Home Phone'),
    reference('ReportsToId', 'Reports To ID', 'Contact', 'ReportsTo'),
    email('Email', 'Email'),
    text('Title', 'Title', 128),
    text('Department', 'Department', 80),
    picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
    date('Birthdate', 'Birthdate'),
    textArea('Description', 'Contact Description', 32000),
    bool('HasOptedOutOfEmail', 'Email Opt Out'),
    ...auditFields({ owner: true }),
    date('LastActivityDate', 'Last Activity', { readonly: true }),
  ],
  compute(fields) {
    fields.Name = personName(fields) || null
  },
}

export const LEAD: ObjectDef = {
  name: 'Lead',
  label: 'Lead',
  labelPlural: 'Leads',
  keyPrefix: '00Q',
  custom: false,
  createable: true,
  updateable: true,
  deletable: true,
  fields: [
    ...leadingSystemFields(),
    text('LastName', 'Last Name', 80, { required: true }),
    text('FirstName', 'First Name', 40),
    picklist('Salutation', 'Salutation', SALUTATIONS),
    text('Name', 'Full Name', 121, { readonly: true, nameField: true }),
    text('Title', 'Title', 128),
    text('Company', 'Company', 255, { required: true }),
    text('Street', 'Street', 255),
    text('City', 'City', 40),
    text('State', 'State/Province', 80),
    text('PostalCode', 'Zip/Postal Code', 20),
    text('Country', 'Country', 80),
    phone('Phone', 'Phone'),
    phone('MobilePhone', 'Mobile Phone'),
    email('Email', 'Email'),
    url('Website', 'Website'),
    textArea('Description', 'Description', 32000),
    picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
    picklist(
      'Status',
      'Status',
      [
        'Open - Not Contacted',
        'Working - Contacted',
        'Closed - Converted',
        'Closed - Not Converted',
      ],
      { required: true, defaultValue: 'Open - Not Contacted' },
    ),
    picklist('Industry', 'Industry', INDUSTRIES),
    picklist('Rating', 'Rating', RATINGS),
    currency('AnnualRevenue', 'Annual Revenue'),
    integer('NumberOfEmployees', 'Employees'),
    bool('IsConverted', 'Converted', { readonly: true }),
    date('ConvertedDate', 'Converted Date', { readonly: true }),
    reference('ConvertedAccountId', 'Converted Account ID', 'Account', 'ConvertedAccount', {
      readonly: true,
    }),
    reference('ConvertedContactId', 'Converted Contact ID', 'Contact', 'ConvertedContact', {
      readonly: true,
    }),
    reference(
      'ConvertedOpportunityId',
      'Converted Opportunity ID',
      'Opportunity',
      'ConvertedOpportunity',
      { readonly: true },
    ),
    bool('IsUnreadByOwner', 'Unread By Owner'),
    ...auditFields({ owner: true }),
  ],
  compute(fields) {
    fields.Name = personName(fields) || null
  },
}

const STAGES: ReadonlyArray<{ name: string; probability: number; forecast: string }> = [
  { name: 'Prospecting', probability: 10, forecast: 'Pipeline' },
  { name: 'Qualification', probability: 10, forecast: 'Pipeline' },
  { name: 'Needs Analysis', probability: 20, forecast: 'Pipeline' },
  { name: 'Value Proposition', probability: 50, forecast: 'Pipeline' },
  { name: 'Id. Decision Makers', probability: 60, forecast: 'Pipeline' },
  { name: 'Perception Analysis', probability: 70, forecast: 'Pipeline' },
  { name: 'Proposal/Price Quote', probability: 75, forecast: 'Pipeline' },
  { name: 'Negotiation/Review', probability: 90, forecast: 'Pipeline' },
  { name: 'Closed Won', probability: 100, forecast: 'Closed' },
  { name: 'Closed Lost', probability: 0, forecast: 'Omitted' },
]

export const OPPORTUNITY: ObjectDef = {
  name: 'Opportunity',
  label: 'Opportunity',
  labelPlural: 'Opportunities',
  keyPrefix: '006',
  custom: false,
  createable: true,
  updateable: true,
  deletable: true,
  fields: [
    ...leadingSystemFields(),
    reference('AccountId', 'Account ID', 'Account', 'Account'),
    text('Name', 'Name', 120, { required: true, nameField: true }),
    textArea('Description', 'Description', 32000),
    picklist(
      'StageName',
      'Stage',
      STAGES.map((s) => s.name),
      { required: true },
    ),
    currency('Amount', 'Amount'),
    percent('Probability', 'Probability (%)'),
    currency('ExpectedRevenue', 'Expected Amount', { readonly: true }),
    date('CloseDate', 'Close Date', { required: true }),
    picklist('Type', 'Opportunity Type', [
      'New Customer',
      'Existing Customer - Upgrade',
      'Existing Customer - Replacement',
      'Existing Customer - Downgrade',
    ]),
    text('NextStep', 'Next Step', 255),
    picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
    bool('IsClosed', 'Closed', { readonly: true }),
    bool('IsWon', 'Won', { readonly: true }),
    picklist('ForecastCategoryName', 'Forecast Category', [
      'Omitted',
      'Pipeline',
      'Best Case',
      'Commit',
      'Closed',
    ]),
    integer('FiscalQuarter', 'Fiscal Quarter', 11, { readonly: true }),
    integer('FiscalYear', 'Fiscal Year', 4, { readonly: true }),
    ...auditFields({ owner: true }),
    dateTime('LastStageChangeDate', 'Last Stage Change Date', { readonly: true }),
  ],
  compute(fields) {
    const stage = STAGES.find((s) => s.name === fields.StageName)
    fields.IsClosed = stage ? stage.forecast !== 'Pipeline' : false
    fields.IsWon = stage?.name === 'Closed Won'
    if (fields.Probability === null || fields.Probability === undefined) {
      fields.Probability = stage?.probability ?? null
    }
    if (fields.ForecastCategoryName === null || fields.ForecastCategoryName === undefined) {
      fields.ForecastCategoryName = stage?.forecast ?? null
    }
    const amount = fields.Amount
    const probability = fields.Probability
    fields.ExpectedRevenue =
      typeof amount === 'number' && typeof probability === 'number'
        ? Math.round(amount * probability) / 100
        : null
    const close = typeof fields.CloseDate === 'string' ? new Date(fields.CloseDate) : null
    const valid = close !== null && !Number.isNaN(close.getTime())
    fields.FiscalYear = valid ? close.getUTCFullYear() : null
    fields.FiscalQuarter = valid ? Math.floor(close.getUTCMonth() / 3) + 1 : null
  },
}
