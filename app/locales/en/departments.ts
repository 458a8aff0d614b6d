import type { Messages } from '../types.ts'
import type zh from '../zh-CN/departments.ts'

export default {
  title: 'Departments',
  editTitle: 'Edit department: {{name}}',
  createTitle: 'New department',
  intro: 'Departments can nest (campus → department). Inactive departments no longer appear as choices for feedback points and staff scope.',
  empty: 'No departments yet.',
  columns: {
    name: 'Name',
    nameEn: 'English name',
    type: 'Type',
    parent: 'Parent',
    touchpoints: 'Feedback points',
    status: 'Status',
  },
  fields: {
    name: 'Department name',
    nameEn: 'English name (optional)',
    type: 'Department type',
    parent: 'Parent department (optional)',
    noParent: 'None (top level)',
    active: 'Active',
    sortOrder: 'Sort order',
  },
  created: 'Department “{{name}}” created.',
  updated: 'Department saved.',
  errors: {
    duplicateName: 'This hospital already has a department with that name.',
    parentInvalid: 'Choose one of this hospital’s departments as the parent.',
    parentCycle: 'A department cannot be placed under itself or one of its sub-departments.',
  },
} satisfies Messages<typeof zh>
