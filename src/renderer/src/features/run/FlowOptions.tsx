import { Group, Radio, SegmentedControl, Stack, Switch, Text, TextInput } from '@mantine/core'

/** Options that change a flow's steps or requests, shown only where they apply. */
export function FlowOptions({
  flow,
  options,
  onChange,
}: {
  flow: string
  options: Record<string, unknown>
  onChange: (options: Record<string, unknown>) => void
}) {
  const set = (name: string, value: unknown) => onChange({ ...options, [name]: value })
  const browser = flow === 'web-server' || flow === 'user-agent'
  return (
    <Stack gap="sm">
      {flow === 'web-server' && (
        <Switch
          label="PKCE (code_challenge and code_verifier)"
          checked={options.pkce !== false}
          onChange={(event) => set('pkce', event.currentTarget.checked)}
        />
      )}
      {flow === 'user-agent' && (
        <Radio.Group
          label="Response type"
          value={String(options.responseType ?? 'token')}
          onChange={(value) => set('responseType', value)}
        >
          <Group mt={4}>
            <Radio value="token" label="token" />
            <Radio value="token id_token" label="token id_token" />
          </Group>
        </Radio.Group>
      )}
      {browser && (
        <>
          <div>
            <Text size="sm" fw={500} mb={4}>
              Who logs in
            </Text>
            <SegmentedControl
              value={String(options.signIn ?? 'runner')}
              onChange={(value) => set('signIn', value)}
              data={[
                { value: 'runner', label: 'The runner, as the user' },
                { value: 'self', label: 'I sign in myself' },
              ]}
            />
          </div>
          <div>
            <Text size="sm" fw={500} mb={4}>
              On the consent page
            </Text>
            <SegmentedControl
              value={String(options.decision ?? 'approve')}
              onChange={(value) => set('decision', value)}
              data={[
                { value: 'approve', label: 'Allow' },
                { value: 'deny', label: 'Deny' },
              ]}
            />
          </div>
        </>
      )}
      <TextInput
        label="Scopes"
        description="Leave empty for every scope selected on the app"
        value={String(options.scope ?? '')}
        onChange={(event) => set('scope', event.currentTarget.value || undefined)}
        w={420}
      />
    </Stack>
  )
}
