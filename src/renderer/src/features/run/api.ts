import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { FlowDetail } from '../../../../shared/admin-api'
import type {
  CreateRunRequest,
  Run,
  RunFlowAvailability,
  RunStep,
  RunStepEdits,
  RunSummary,
} from '../../../../shared/runner-api'
import { useAdminClient } from '../../api/context'
import { useAdminEvents } from '../../api/events'

export const runKey = (id: number) => ['runs', id] as const

/** GET /runs/flows?app=… — every flow and whether the app allows it. */
export function useRunFlows(app: string | null) {
  const client = useAdminClient()
  return useQuery({
    queryKey: ['runs', 'flows', app],
    queryFn: ({ signal }) =>
      client.get<RunFlowAvailability[]>(`/runs/flows?app=${encodeURIComponent(app!)}`, { signal }),
    enabled: app !== null,
  })
}

export function useRun(id: number | null) {
  const client = useAdminClient()
  return useQuery({
    queryKey: runKey(id ?? 0),
    queryFn: ({ signal }) => client.get<Run>(`/runs/${id}`, { signal }),
    enabled: id !== null,
  })
}

/** The runs, newest first; kept current by the event stream (runs started from the CLI too). */
export function useRecentRuns() {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  useAdminEvents((event) => {
    if (event.type === 'run' || event.type === 'run-deleted')
      void queryClient.invalidateQueries({ queryKey: ['runs', 'list'] })
  })
  return useQuery({
    queryKey: ['runs', 'list'],
    queryFn: ({ signal }) => client.get<RunSummary[]>('/runs', { signal }),
  })
}

/** The run's flow in the trace: its exchanges, for the sequence diagram. */
export function useRunFlow(flowId: number | null, version: string) {
  const client = useAdminClient()
  return useQuery({
    queryKey: ['runs', 'flow', flowId, version],
    queryFn: ({ signal }) => client.get<FlowDetail>(`/flows/${flowId}`, { signal }),
    enabled: flowId !== null,
  })
}

export function useCreateRun() {
  const client = useAdminClient()
  return useMutation({
    mutationFn: (request: CreateRunRequest) => client.send<Run>('POST', '/runs', request),
  })
}

export type StepAction = 'send' | 'rerun'

/** Sends (or re-sends) a step with edits, then reloads the run. */
export function useStepAction(runId: number) {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({
      index,
      action,
      edits,
    }: {
      index: number
      action: StepAction
      edits: RunStepEdits
    }) => client.send<RunStep>('POST', `/runs/${runId}/steps/${index}/${action}`, edits),
    onSettled: () => queryClient.invalidateQueries({ queryKey: runKey(runId) }),
  })
}

export function useFinishRun(runId: number) {
  const client = useAdminClient()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => client.send<Run>('POST', `/runs/${runId}/finish`),
    onSuccess: (run) => queryClient.setQueryData(runKey(runId), run),
    onSettled: () => queryClient.invalidateQueries({ queryKey: runKey(runId) }),
  })
}
