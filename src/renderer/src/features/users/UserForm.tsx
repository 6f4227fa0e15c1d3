import { useState } from 'react'
import {
  Button,
  Group,
  MultiSelect,
  PasswordInput,
  Select,
  Stack,
  Switch,
  TextInput,
} from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { AdminApiError } from '../../api/client'
import { useAdminClient } from '../../api/context'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import type { User } from '../apps/api'

export type UserDraft = Omit<User, 'id' | 'hasPassword'> & { id?: string; password?: string }

export function issueFor(error: unknown, ...prefixes: string[]): string | undefined {
  if (!(error instanceof AdminApiError)) return undefined
  const found = error.issues.filter((issue) => {
    const path = issue.path.replace(/^(users|profiles)\[\d+\]\.?/, '')
    return prefixes.some(
      (prefix) => path === prefix || path.startsWith(prefix + '[') || path.startsWith(prefix + '.'),
    )
  })
  return found.length ? found.map((issue) => issue.message).join('; ') : undefined
}

/** Add or edit one user (PUT /users/{id}, POST /users). */
export function UserForm({
  user,
  profiles,
  permissionSets,
  onDone,
}: {
  user: User | null
  profiles: string[]
  permissionSets: string[]
  onDone: () => void
}) {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  const [draft, setDraft] = useState<UserDraft>(() =>
    user
      ? {
          username: user.username,
          firstName: user.firstName ?? '',
          lastName: user.lastName,
          email: user.email,
          profile: user.profile,
          permissionSets: user.permissionSets,
          active: user.active,
        }
      : {
          username: '',
          firstName: '',
          lastName: '',
          email: '',
          profile: profiles[0] ?? '',
          permissionSets: [],
          active: true,
        },
  )
  const [password, setPassword] = useState('')
  const save = useMutation({
    mutationFn: () => {
      const body: UserDraft = { ...draft, ...(password ? { password } : {}) }
      if (!body.firstName) delete body.firstName
      return user
        ? client.send<User>('PUT', `/users/${encodeURIComponent(user.id)}`, body)
        : client.send<User>('POST', '/users', body)
    },
    onSuccess: () => {
      void queryClient.invalidateQueries()
      onDone()
    },
  })
  const set = <K extends keyof UserDraft>(key: K, value: UserDraft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }))
  const err = save.error
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        save.mutate()
      }}
    >
      <Stack gap="sm">
        <TextInput
          label="Username"
          value={draft.username}
          onChange={(event) => set('username', event.currentTarget.value)}
          error={issueFor(err, 'username')}
          required
          data-autofocus
        />
        <Group grow>
          <TextInput
            label="First Name"
            value={draft.firstName ?? ''}
            onChange={(event) => set('firstName', event.currentTarget.value)}
            error={issueFor(err, 'firstName')}
          />
          <TextInput
            label="Last Name"
            value={draft.lastName}
            onChange={(event) => set('lastName', event.currentTarget.value)}
            error={issueFor(err, 'lastName')}
            required
          />
        </Group>
        <TextInput
          label="Email"
          value={draft.email}
          onChange={(event) => set('email', event.currentTarget.value)}
          error={issueFor(err, 'email')}
          required
        />
        <Select
          label="Profile"
          data={profiles}
          value={draft.profile}
          onChange={(value) => value && set('profile', value)}
          allowDeselect={false}
          error={issueFor(err, 'profile')}
        />
        <MultiSelect
          label="Permission Sets"
          data={permissionSets}
          value={draft.permissionSets}
          onChange={(value) => set('permissionSets', value)}
          error={issueFor(err, 'permissionSets')}
        />
        <PasswordInput
          label="Password"
          description={
            user
              ? user.hasPassword
                ? 'Leave empty to keep the current password'
                : 'No password set: the user cannot log in with one'
              : 'Leave empty for a user who never logs in with a password'
          }
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          error={issueFor(err, 'password')}
        />
        <Switch
          label="Active"
          checked={draft.active}
          onChange={(event) => set('active', event.currentTarget.checked)}
        />
        {save.isError && <ApiErrorAlert error={save.error} title="Not saved" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {user ? 'Save' : 'Add user'}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
