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
  textArea,
} from './fields'
import type { ObjectDef } from './types'

/** Case, with the auto-numbered CaseNumber the org assigns on create. */
export const CASE: ObjectDef = {
  name: 'Case',
  label: 'Case',
  labelPlural: 'Cases',
  keyPrefix: '500',
  custom: false,
  createable: true,
  updateable: true,
  deletable: true,
  fields: [
    ...leadingSystemFields(),
    reference('MasterRecordId', 'Master Record ID', 'Case', 'MasterRecord', { readonly: true }),
    text('CaseNumber', 'Case Number', 30, { readonly: true, nameField: true, autoNumber: true }),
    reference('ContactId', 'Contact ID', 'Contact', 'Contact'),
    reference('AccountId', 'Account ID', 'Account', 'Account'),
    reference('ParentId', 'Parent Case ID', 'Case', 'Parent'),
    text('SuppliedName', 'Name', 80),
    email('SuppliedEmail', 'Email Address'),
    phone('SuppliedPhone', 'Phone'),
    text('SuppliedCompany', 'Company', 80),
    picklist('Type', 'Case Type', [
      'Mechanical',
      'Electrical',
      'Electronic',
      'Structural',
      'Other',
    ]),
    picklist('Status', 'Status', ['New', 'Working', 'Escalated', 'Closed'], {
      defaultValue: 'New',
    }),
    picklist('Reason', 'Case Reason', [
      'Installation',
      'Equipment Complexity',
      'Performance',
      'Breakdown',
      'Equipment Design',
      'Feedback',
      'Other',
    ]),
    picklist('Origin', 'Case Origin', ['Phone', 'Email', 'Web']),
    text('Subject', 'Subject', 255),
    picklist('Priority', 'Priority', ['High', 'Medium', 'Low'], { defaultValue: 'Medium' }),
    textArea('Description', 'Description', 32000),
    bool('IsClosed', 'Closed', { readonly: true }),
    dateTime('ClosedDate', 'Closed Date', { readonly: true }),
    bool('IsEscalated', 'Escalated'),
    ...auditFields({ owner: true }),
  ],
  compute(fields) {
    fields.IsClosed = fields.Status === 'Closed'
  },
}
