import { Alert, Badge, Group, Stack, Tabs, Text } from '@mantine/core'
import type { RunStep } from '../../../../shared/runner-api'
import { CodeBlock } from '../../components/CodeBlock'
import { LazyJsonEditor } from '../../monaco/LazyJsonEditor'
import { claimsProblem, keptRows, type Draft } from './edits'
import { ParamsTable } from './ParamsTable'
import { SentEdits } from './SentEdits'

/**
 * A step's request: editable before it is sent (parameters with their explanations,
 * headers, a JWT's claims before signing), read-only once sent (as it went out).
 */
export function StepRequest({
  step,
  draft,
  onDraft,
  editable,
}: {
  step: RunStep
  draft: Draft
  onDraft: (draft: Draft) => void
  editable: boolean
}) {
  const request = step.request
  if (!request) {
    return (
      <Alert color="gray" title="Not built yet">
        {step.note ?? 'This request is built from what the steps before it return.'}
      </Alert>
    )
  }
  const url = new URL(request.url)
  const problem = claimsProblem(draft.claims)
  return (
    <Stack gap="sm">
      {step.status === 'sent' && !editable && <SentEdits edits={step.edits} />}
      <Group gap="xs" wrap="nowrap">
        <Badge variant="light" radius="sm">
          {request.method}
        </Badge>
        <Text className="gh-mono gh-ellipsis" size="sm" title={request.url}>
          {url.origin}
          {url.pathname}
        </Text>
      </Group>
      <Tabs defaultValue="params" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="params">Parameters ({keptRows(draft.params).length})</Tabs.Tab>
          <Tabs.Tab value="headers">Headers ({keptRows(draft.headers).length})</Tabs.Tab>
          {draft.claims !== null && <Tabs.Tab value="claims">Claims</Tabs.Tab>}
          <Tabs.Tab value="raw">Raw</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="params" pt="sm">
          {draft.params.length === 0 && !editable ? (
            <Text size="sm" c="dimmed">
              No parameters.
            </Text>
          ) : (
            <ParamsTable
              label="Parameters"
              rows={draft.params}
              explain={step.explain?.params ?? {}}
              readOnly={!editable}
              signedParam={request.claimsParam}
              onChange={(params) => onDraft({ ...draft, params })}
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="headers" pt="sm">
          <ParamsTable
            label="Headers"
            rows={draft.headers}
            explain={step.explain?.headers ?? {}}
            readOnly={!editable}
            onChange={(headers) => onDraft({ ...draft, headers })}
          />
        </Tabs.Panel>
        {draft.claims !== null && (
          <Tabs.Panel value="claims" pt="sm">
            <Text size="xs" c="dimmed" mb={6}>
              The assertion&apos;s claims, signed when the step is sent. Try an <code>aud</code> the
              org does not accept, or an <code>exp</code> in the past.
            </Text>
            <LazyJsonEditor
              path={`run-claims-${step.index}.json`}
              label="JWT claims"
              value={draft.claims}
              readOnly={!editable}
              height={200}
              onChange={(claims) => onDraft({ ...draft, claims })}
            />
            {problem && (
              <Text size="xs" c="red" mt={4}>
                {problem}
              </Text>
            )}
          </Tabs.Panel>
        )}
        <Tabs.Panel value="raw" pt="sm">
          <CodeBlock
            label="Request line and headers"
            code={`${request.method} ${url.pathname}${url.search} HTTP/1.1\n${Object.entries(
              request.headers,
            )
              .map(([name, value]) => `${name}: ${value}`)
              .join('\n')}`}
          />
          {request.body !== null && (
            <>
              <Text size="xs" c="dimmed" mt="sm" mb={6}>
                The body as it will be sent
                {editable ? '; editing it here replaces the parameters above' : ''}.
              </Text>
              <LazyJsonEditor
                path={`run-body-${step.index}.txt`}
                label="Raw request body"
                language="plaintext"
                value={editable ? draft.body : request.body}
                readOnly={!editable}
                height={120}
                onChange={(body) => onDraft({ ...draft, body })}
              />
            </>
          )}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}
