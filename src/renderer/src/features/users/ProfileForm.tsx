import { useState } from 'react'
import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useAdminClient } from '../../api/context'
import { ApiErrorAlert } from '../../components/ApiErrorAlert'
import { WEEKDAYS } from '../apps/api'
import type { IpRange, LoginWindow, Profile, Weekday } from '../apps/api'
import { issueFor } from './UserForm'

const DAY_LABEL: Record<Weekday, string> = {
  monday: 'Monday',
  tuesday: 'Tuesday',
  wednesday: 'Wednesday',
  thursday: 'Thursday',
  friday: 'Friday',
  saturday: 'Saturday',
  sunday: 'Sunday',
}

/** Edit a profile: API Enabled, Login IP Ranges, Login Hours (PUT /profiles/{name}). */
export function ProfileForm({ profile, onDone }: { profile: Profile | null; onDone: () => void }) {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  const [name, setName] = useState(profile?.name ?? '')
  const [apiEnabled, setApiEnabled] = useState(profile?.apiEnabled ?? true)
  const [ranges, setRanges] = useState<IpRange[]>(profile?.loginIpRanges ?? [])
  const [timeZone, setTimeZone] = useState(profile?.loginHours?.timeZone ?? '')
  const [hours, setHours] = useState<Partial<Record<Weekday, LoginWindow>>>(() => {
    const copy: Partial<Record<Weekday, LoginWindow>> = {}
    for (const day of WEEKDAYS) {
      const window = profile?.loginHours?.[day]
      if (window) copy[day] = { ...window }
    }
    return copy
  })

  const save = useMutation({
    mutationFn: () => {
      const anyHours = WEEKDAYS.some((day) => hours[day])
      const body: Profile = {
        name,
        apiEnabled,
        loginIpRanges: ranges,
        ...(anyHours || timeZone
          ? { loginHours: { ...(timeZone ? { timeZone } : {}), ...hours } }
          : {}),
      }
      return profile
        ? client.send<Profile>('PUT', `/profiles/${encodeURIComponent(profile.name)}`, body)
        : client.send<Profile>('POST', '/profiles', body)
    },
    onSuccess: () => {
      void queryClient.invalidateQueries()
      onDone()
    },
  })
  const err = save.error

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        save.mutate()
      }}
    >
      <Stack gap="md">
        <TextInput
          label="Profile Name"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={issueFor(err, 'name')}
          required
        />
        <Switch
          label="API Enabled"
          description="Users of this profile may call the API (and get tokens)"
          checked={apiEnabled}
          onChange={(event) => setApiEnabled(event.currentTarget.checked)}
        />
        <div>
          <Group justify="space-between" mb={4}>
            <Text size="sm" fw={500}>
              Login IP Ranges
            </Text>
            <Button
              size="xs"
              variant="subtle"
              leftSection={<IconPlus size={14} />}
              onClick={() => setRanges([...ranges, { start: '', end: '' }])}
            >
              Add range
            </Button>
          </Group>
          <Text size="xs" c="dimmed" mb={6}>
            None: logins from any address. Otherwise only from inside one of these ranges.
          </Text>
          {issueFor(err, 'loginIpRanges') && (
            <Text size="xs" c="red" mb={4}>
              {issueFor(err, 'loginIpRanges')}
            </Text>
          )}
          <Stack gap={6}>
            {ranges.map((range, index) => (
              <Group key={index} wrap="nowrap" gap="xs">
                <TextInput
                  aria-label={`Start IP address ${index + 1}`}
                  placeholder="Start IP address"
                  value={range.start}
                  onChange={(event) => {
                    const value = event.currentTarget.value
                    setRanges(ranges.map((r, i) => (i === index ? { ...r, start: value } : r)))
                  }}
                  classNames={{ input: 'gh-mono' }}
                  style={{ flex: 1 }}
                />
                <Text c="dimmed">–</Text>
                <TextInput
                  aria-label={`End IP address ${index + 1}`}
                  placeholder="End IP address"
                  value={range.end}
                  onChange={(event) => {
                    const value = event.currentTarget.value
                    setRanges(ranges.map((r, i) => (i === index ? { ...r, end: value } : r)))
                  }}
                  classNames={{ input: 'gh-mono' }}
                  style={{ flex: 1 }}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove range ${index + 1}`}
                  onClick={() => setRanges(ranges.filter((_, i) => i !== index))}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
          </Stack>
        </div>
        <div>
          <Text size="sm" fw={500} mb={4}>
            Login Hours
          </Text>
          <Text size="xs" c="dimmed" mb={6}>
            A day left unticked allows logins at any time that day.
          </Text>
          {issueFor(err, 'loginHours') && (
            <Text size="xs" c="red" mb={4}>
              {issueFor(err, 'loginHours')}
            </Text>
          )}
          <TextInput
            label="Time zone"
            placeholder="America/Los_Angeles (org default)"
            value={timeZone}
            onChange={(event) => setTimeZone(event.currentTarget.value)}
            mb="xs"
            w={320}
          />
          <Table verticalSpacing={4}>
            <Table.Tbody>
              {WEEKDAYS.map((day) => {
                const window = hours[day]
                return (
                  <Table.Tr key={day}>
                    <Table.Td w={160}>
                      <Checkbox
                        label={DAY_LABEL[day]}
                        checked={window !== undefined}
                        onChange={(event) => {
                          const checked = event.currentTarget.checked
                          setHours((current) => {
                            const next = { ...current }
                            if (checked) next[day] = { start: '08:00', end: '18:00' }
                            else delete next[day]
                            return next
                          })
                        }}
                      />
                    </Table.Td>
                    <Table.Td>
                      {window && (
                        <Group gap="xs" wrap="nowrap">
                          <TextInput
                            aria-label={`${DAY_LABEL[day]} start`}
                            value={window.start}
                            onChange={(event) => {
                              const value = event.currentTarget.value
                              setHours((current) => ({
                                ...current,
                                [day]: { ...window, start: value },
                              }))
                            }}
                            w={90}
                            classNames={{ input: 'gh-mono' }}
                          />
                          <Text c="dimmed">to</Text>
                          <TextInput
                            aria-label={`${DAY_LABEL[day]} end`}
                            value={window.end}
                            onChange={(event) => {
                              const value = event.currentTarget.value
                              setHours((current) => ({
                                ...current,
                                [day]: { ...window, end: value },
                              }))
                            }}
                            w={90}
                            classNames={{ input: 'gh-mono' }}
                          />
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        </div>
        {save.isError && <ApiErrorAlert error={save.error} title="Not saved" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {profile ? 'Save' : 'Add profile'}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
