import { useState } from 'react'
import {
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core'
import type { PausedExchange } from '../../../../shared/admin-api'
import { LazyJsonEditor } from '../../monaco/LazyJsonEditor'
import { ParamsTable } from '../run/ParamsTable'
import type { Row } from '../run/edits'
import { usePresets, useDecide } from './api'
import { Countdown } from './Countdown'
import { requestEdits, responseEdits, rowsOf } from './edits'

function FailWith({ onFail, busy }: { onFail: (body: unknown) => void; busy: boolean }) {
  const presets = usePresets()
  const [preset, setPreset] = useState<string | null>(null)
  const [status, setStatus] = useState<number | string>(400)
  const [error, setError] = useState('invalid_grant')
  const [description, setDescription] = useState('')
  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="xs">
        <Select
          label="Fail with a fault preset"
          placeholder="Choose a preset"
          data={(presets.data ?? []).map((p) => ({ value: p.name, label: p.name }))}
          value={preset}
          onChange={setPreset}
          searchable
          w={280}
          data-testid="paused-preset"
        />
        <Button
          color="red"
          variant="light"
          disabled={!preset}
          loading={busy}
          onClick={() => onFail({ preset })}
          data-testid="paused-fail-preset"
        >
          Fail
        </Button>
      </Group>
      <Group align="flex-end" gap="xs">
        <NumberInput
          label="…or a Salesforce error: status"
          value={status}
          onChange={setStatus}
          min={400}
          max={599}
          w={150}
        />
        <TextInput
          label="error"
          value={error}
          onChange={(e) => setError(e.currentTarget.value)}
          w={180}
          className="gh-mono"
        />
        <TextInput
          label="error_description"
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          w={240}
        />
        <Button
          color="red"
          variant="light"
          loading={busy}
          disabled={!error}
          onClick={() =>
            onFail({
              status: Number(status),
              error,
              ...(description ? { error_description: description } : {}),
            })
          }
        >
          Fail
        </Button>
      </Group>
    </Stack>
  )
}

/**
 * One paused exchange: what arrived (and, at response, the answer decided with its failing
 * step), editable, with Continue, Continue with changes, Fail with… and Drop.
 */
export function PausedDetail({ paused, onDone }: { paused: PausedExchange; onDone: () => void }) {
  const decide = useDecide()
  const [params, setParams] = useState<Row[]>(() => rowsOf(paused.request.params))
  const [headers, setHeaders] = useState<Row[]>(() =>
    rowsOf(paused.at === 'response' ? paused.response!.headers : paused.request.headers),
  )
  const [status, setStatus] = useState<number | string>(paused.response?.status ?? 200)
  const [body, setBody] = useState(paused.response?.body ?? '')
  const edits =
    paused.at === 'request'
      ? requestEdits(paused, params, headers)
      : responseEdits(paused, Number(status), headers, body)
  const act = (decision: Parameters<typeof decide.mutate>[0]['decision']) =>
    decide.mutate({ id: paused.id, decision }, { onSuccess: onDone })
  const url = new URL(paused.request.url, 'http://gatehouse.invalid')
  return (
    <Stack gap="sm" data-testid="paused-detail">
      <Group justify="space-between">
        <Group gap="xs">
          <Badge variant="light">{paused.request.method}</Badge>
          <Text className="gh-mono" size="sm">
            {url.pathname}
          </Text>
          <Badge color={paused.at === 'request' ? 'blue' : 'grape'} variant="light">
            at {paused.at}
          </Badge>
        </Group>
        <Countdown deadline={paused.deadline} />
      </Group>
      <Text size="sm" c="dimmed">
        Paused by {paused.breakpointName ?? paused.breakpoint}.{' '}
        {paused.at === 'request'
          ? 'Nothing has been checked yet: the server decides on the request as you leave it.'
          : 'The server has decided; nothing has been sent yet.'}
      </Text>
      {paused.at === 'response' && paused.failedStep && (
        <Alert color="red" title={`Refused at ${paused.failedStep.name}`}>
          {paused.failedStep.detail}
        </Alert>
      )}
      {paused.at === 'request' ? (
        <Tabs defaultValue="params" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="params">Parameters ({params.length})</Tabs.Tab>
            <Tabs.Tab value="headers">Headers ({headers.length})</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="params" pt="sm">
            <ParamsTable
              label="Parameters"
              rows={params}
              explain={{}}
              readOnly={false}
              onChange={setParams}
            />
          </Tabs.Panel>
          <Tabs.Panel value="headers" pt="sm">
            <ParamsTable
              label="Headers"
              rows={headers}
              explain={{}}
              readOnly={false}
              onChange={setHeaders}
            />
          </Tabs.Panel>
        </Tabs>
      ) : (
        <Tabs defaultValue="body" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="body">Answer</Tabs.Tab>
            <Tabs.Tab value="headers">Headers ({headers.length})</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="body" pt="sm">
            <NumberInput
              label="Status"
              value={status}
              onChange={setStatus}
              min={100}
              max={599}
              w={140}
              mb="sm"
              data-testid="paused-status"
            />
            <LazyJsonEditor
              path={`paused-${paused.id}.json`}
              label="Answer body"
              language={
                body.trim().startsWith('{') || body.trim().startsWith('[') ? 'json' : 'plaintext'
              }
              value={body}
              onChange={setBody}
              height={180}
            />
          </Tabs.Panel>
          <Tabs.Panel value="headers" pt="sm">
            <ParamsTable
              label="Headers"
              rows={headers}
              explain={{}}
              readOnly={false}
              onChange={setHeaders}
            />
          </Tabs.Panel>
        </Tabs>
      )}
      <Group gap="xs">
        <Button
          onClick={() => act({ kind: 'continue' })}
          loading={decide.isPending}
          variant={edits.count ? 'default' : 'filled'}
          data-testid="paused-continue"
        >
          Continue
        </Button>
        <Button
          disabled={edits.count === 0}
          onClick={() => act({ kind: 'continue', body: edits.body })}
          loading={decide.isPending}
          data-testid="paused-continue-changed"
        >
          Continue with {edits.count} change{edits.count === 1 ? '' : 's'}
        </Button>
        <Button
          color="gray"
          variant="subtle"
          onClick={() => act({ kind: 'drop' })}
          data-testid="paused-drop"
        >
          Drop the connection
        </Button>
      </Group>
      <FailWith
        busy={decide.isPending}
        onFail={(failBody) => act({ kind: 'fail', body: failBody })}
      />
      {decide.isError && (
        <Alert color="red" title="Not released">
          {decide.error.message}
        </Alert>
      )}
    </Stack>
  )
}
