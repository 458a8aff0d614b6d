import type { Messages } from '../types.ts'
import type zh from '../zh-CN/auth.ts'

export default {
  signIn: {
    title: 'Staff sign-in',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    invalid: 'The email or password is not correct.',
    throttled: 'Too many sign-in attempts. Please try again in {{minutes}} minutes.',
  },
  signOut: { submit: 'Sign out' },
  changePassword: {
    title: 'Change password',
    current: 'Current password',
    next: 'New password',
    confirm: 'Confirm new password',
    submit: 'Change password',
    hint: 'At least 10 characters.',
    wrongCurrent: 'The current password is not correct.',
    tooShort: 'The new password needs at least 10 characters.',
    tooLong: 'The new password can have at most 128 characters.',
    mismatch: 'The two new passwords do not match.',
    done: 'Password changed. You have been signed out on other devices.',
  },
  invitation: {
    title: 'Accept invitation',
    intro: '{{hospital}} invites you to join Huiyin as {{role}}.',
    name: 'Name',
    password: 'Choose a password',
    existingPassword: 'You already have a Huiyin account: enter your current password to join this hospital',
    submit: 'Accept and sign in',
    invalid: 'This invitation link is invalid, used or expired. Please ask the hospital administrator for a new one.',
  },
} satisfies Messages<typeof zh>
