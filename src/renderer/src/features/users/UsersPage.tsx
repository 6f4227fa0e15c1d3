import { useState } from 'react'
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import {
  IconLock,
  IconPencil,
  IconPlus,
  IconShieldLock,
  IconTrash,
  IconUserCircle,
  IconUsersGroup,
} from '@tabler/icons-react'
import { useAdminClient } from '../../api/context'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import { PageHeader } from '../../components/PageHeader'
import { useProfiles, useUsers, useWorkspaceDoc, WEEKDAYS } from '../apps/api'
import type { Profile, User } from '../apps/api'
import { ConnectedApps } from '../usage/ConnectedApps'
import { ProfileForm } from './ProfileForm'
import { UserForm } from './UserForm'

type WorkspaceDoc = {
  permissionSets: Array<{ name: string }>
  users: Array<{ permissionSets: string[] }>
} & Record<string, unknown>

function fullName(user: User): string {
  return [user.firstName, user.lastName].filter(Boolean).join(' ')
}

function UsersTab() {
  const users = useUsers()
  const profiles = useProfiles()
  const workspace = useWorkspaceDoc()
  const permissionSets = ((workspace.data as WorkspaceDoc | undefined)?.permissionSets ?? []).map(
    (set) => set.name,
  )
  const [editing, setEditing] = useState<User | 'new' | null>(null)
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Log in as any of them on the org’s login page. Click a row to edit.
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          New user
        </Button>
      </Group>
      {users.isError && (
        <ApiErrorAlert
          error={users.error}
          title="Could not list the users"
          onRetry={() => void users.refetch()}
        />
      )}
      <Paper withBorder radius="md">
        <Table
          highlightOnHover
          verticalSpacing="sm"
          horizontalSpacing="md"
          data-testid="users-table"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Username</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Profile</Table.Th>
              <Table.Th>Permission sets</Table.Th>
              <Table.Th>Active</Table.Th>
              <Table.Th w={60} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data ?? []).map((user) => (
              <Table.Tr
                key={user.id}
                onClick={() => setEditing(user)}
                style={{ cursor: 'pointer' }}
                data-username={user.username}
              >
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" className="gh-mono">
                      {user.username}
                    </Text>
                    {!user.hasPassword && (
                      <Tooltip label="No password: cannot log in with one">
                        <IconLock
                          size={14}
                          color="var(--mantine-color-dimmed)"
                          aria-label="No password"
                        />
                      </Tooltip>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{fullName(user)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{user.profile}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {user.permissionSets.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    ) : (
                      user.permissionSets.map((set) => (
                        <Badge key={set} variant="light" size="sm">
                          {set}
                        </Badge>
                      ))
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  {user.active ? (
                    <Badge color="teal" variant="light" size="sm">
                      Active
                    </Badge>
                  ) : (
                    <Badge color="gray" variant="light" size="sm">
                      Inactive
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Edit ${user.username}`}
                    onClick={(event) => {
                      event.stopPropagation()
                      setEditing(user)
                    }}
                  >
                    <IconPencil size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New user' : editing ? `Edit ${editing.username}` : ''}
        size={editing === 'new' ? 'lg' : 'xl'}
      >
        {editing !== null && (
          <UserForm
            user={editing === 'new' ? null : editing}
            profiles={(profiles.data ?? []).map((profile) => profile.name)}
            permissionSets={permissionSets}
            onDone={() => setEditing(null)}
          />
        )}
        {editing !== null && editing !== 'new' && <ConnectedApps userId={editing.id} />}
      </Modal>
    </Stack>
  )
}

function hoursSummary(profile: Profile): string {
  const hours = profile.loginHours
  if (!hours) return 'Any time'
  const days = WEEKDAYS.filter((day) => hours[day])
  if (days.length === 0) return 'Any time'
  return days.map((day) => `${day.slice(0, 3)} ${hours[day]!.start}–${hours[day]!.end}`).join(', ')
}

function ProfilesTab() {
  const profiles = useProfiles()
  const [editing, setEditing] = useState<Profile | 'new' | null>(null)
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          A profile decides whether its users may use the API, and from where and when they may log
          in.
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          New profile
        </Button>
      </Group>
      {profiles.isError && (
        <ApiErrorAlert error={profiles.error} title="Could not list the profiles" />
      )}
      <Paper withBorder radius="md">
        <Table
          highlightOnHover
          verticalSpacing="sm"
          horizontalSpacing="md"
          data-testid="profiles-table"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Profile</Table.Th>
              <Table.Th>API Enabled</Table.Th>
              <Table.Th>Login IP ranges</Table.Th>
              <Table.Th>Login hours</Table.Th>
              <Table.Th w={60} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(profiles.data ?? []).map((profile) => (
              <Table.Tr
                key={profile.name}
                onClick={() => setEditing(profile)}
                style={{ cursor: 'pointer' }}
              >
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {profile.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {profile.apiEnabled ? (
                    <Badge color="teal" variant="light" size="sm">
                      Yes
                    </Badge>
                  ) : (
                    <Badge color="red" variant="light" size="sm">
                      No
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {profile.loginIpRanges.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      Any address
                    </Text>
                  ) : (
                    <Stack gap={0}>
                      {profile.loginIpRanges.map((range) => (
                        <Text key={range.start + range.end} size="sm" className="gh-mono">
                          {range.start} – {range.end}
                        </Text>
                      ))}
                    </Stack>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={profile.loginHours ? undefined : 'dimmed'}>
                    {hoursSummary(profile)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Edit ${profile.name}`}
                    onClick={(event) => {
                      event.stopPropagation()
                      setEditing(profile)
                    }}
                  >
                    <IconPencil size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New profile' : editing ? `Edit ${editing.name}` : ''}
        size="lg"
      >
        {editing !== null && (
          <ProfileForm
            profile={editing === 'new' ? null : editing}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </Stack>
  )
}

function PermissionSetsTab() {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  const workspace = useWorkspaceDoc()
  const doc = workspace.data as WorkspaceDoc | undefined
  const [name, setName] = useState('')
  const change = useMutation({
    mutationFn: (next: WorkspaceDoc) => client.send<unknown>('PUT', '/workspace', next),
    onSuccess: (stored) => {
      queryClient.setQueryData(['workspace'], stored)
      void queryClient.invalidateQueries()
      setName('')
    },
  })
  const sets = doc?.permissionSets ?? []
  const holders = (set: string) =>
    (doc?.users ?? []).filter((user) => user.permissionSets.includes(set)).length
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Permission sets give users extra access; an app’s policy can pre-authorize the users who
        hold one. Changes are saved to the workspace.
      </Text>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          if (doc && name.trim())
            change.mutate({ ...doc, permissionSets: [...sets, { name: name.trim() }] })
        }}
      >
        <Group align="flex-end">
          <TextInput
            label="New permission set"
            placeholder="Name"
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            w={320}
          />
          <Button
            type="submit"
            leftSection={<IconPlus size={16} />}
            disabled={!name.trim()}
            loading={change.isPending}
          >
            Add
          </Button>
        </Group>
      </form>
      {change.isError && <ApiErrorAlert error={change.error} title="Not saved" />}
      <Paper withBorder radius="md">
        <Table verticalSpacing="sm" horizontalSpacing="md">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Permission set</Table.Th>
              <Table.Th>Users</Table.Th>
              <Table.Th w={60} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sets.map((set) => (
              <Table.Tr key={set.name}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {set.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{holders(set.name)}</Text>
                </Table.Td>
                <Table.Td>
                  <Tooltip label="Remove (refused while users or app policies name it)">
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove ${set.name}`}
                      onClick={() =>
                        doc &&
                        change.mutate({
                          ...doc,
                          permissionSets: sets.filter((other) => other.name !== set.name),
                        })
                      }
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  )
}

export default function UsersPage() {
  const [tab, setTab] = useState<string | null>('users')
  return (
    <>
      <PageHeader
        title="Users"
        description="The people who log in to the emulated org, their profiles (API access, login IP ranges and hours) and permission sets."
      />
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List mb="md">
          <Tabs.Tab value="users" leftSection={<IconUserCircle size={16} />}>
            Users
          </Tabs.Tab>
          <Tabs.Tab value="profiles" leftSection={<IconShieldLock size={16} />}>
            Profiles
          </Tabs.Tab>
          <Tabs.Tab value="permissionSets" leftSection={<IconUsersGroup size={16} />}>
            Permission sets
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="users">
          <UsersTab />
        </Tabs.Panel>
        <Tabs.Panel value="profiles">
          <ProfilesTab />
        </Tabs.Panel>
        <Tabs.Panel value="permissionSets">
          <PermissionSetsTab />
        </Tabs.Panel>
      </Tabs>
    </>
  )
}
