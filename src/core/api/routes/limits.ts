import type { FastifyInstance } from 'fastify'
import { dailyApiAllocation } from '../../policy/api-limits'
import type { WorkspaceOrg } from '../../workspace'
import type { RecordRepository } from '../records/repository'
import type { RestServices } from '../services'

/**
 * `GET /limits`: the org's allocations and what is left of them. DailyApiRequests is live
 * (the rolling window); each app of the workspace has an entry whose Max is the org's
 * allocation (the workspace sets no per-app limits, so an app is bounded by the org's) and
 * whose Remaining subtracts that app's own requests. DataStorageMB counts 2 KB per record,
 * as Salesforce does. The rest are the edition's fixed allocations, untouched.
 */

type Limit = { Max: number; Remaining: number }

const fixed = (max: number): Limit => ({ Max: max, Remaining: max })

/** Data and file storage: Developer Edition gets 5 MB and 20 MB; paid editions 10 GB each. */
function storage(org: WorkspaceOrg): { data: number; file: number } {
  return org.edition === 'Developer' ? { data: 5, file: 20 } : { data: 10240, file: 10240 }
}

function recordCount(repository: RecordRepository): number {
  let count = 0
  for (const name of repository.objectNames()) {
    const table = repository.table(name)
    if (table?.writable) count += table.rows.length
  }
  return count
}

export function registerLimits(api: FastifyInstance, services: RestServices): void {
  for (const url of ['/services/data/:version/limits', '/services/data/:version/limits/']) {
    api.get(url, async () => {
      const { org, activeUsers } = services.orgFacts()
      const { max } = dailyApiAllocation(org, activeUsers)
      const usage = services.limits.usage()
      const daily: Record<string, number | Limit> = {
        Max: max,
        Remaining: Math.max(0, max - usage.total),
      }
      for (const app of services.engine.store.workspace.listApps()) {
        daily[app.name] = {
          Max: max,
          Remaining: Math.max(0, max - (usage.perApp.get(app.consumerKey) ?? 0)),
        }
      }
      const { data, file } = storage(org)
      const usedMb = Math.ceil((recordCount(services.repository) * 2) / 1024)
      const permissionSets = services.engine.store.workspace.permissionSets().length
      return {
        ConcurrentAsyncGetReportInstances: fixed(200),
        ConcurrentSyncReportRuns: fixed(20),
        DailyAnalyticsDataflowJobExecutions: fixed(60),
        DailyApiRequests: daily,
        DailyAsyncApexExecutions: fixed(250000),
        DailyBulkApiBatches: fixed(15000),
        DailyBulkV2QueryFileStorageMB: fixed(976562),
        DailyBulkV2QueryJobs: fixed(10000),
        DailyDurableGenericStreamingApiEvents: fixed(10000),
        DailyDurableStreamingApiEvents: fixed(10000),
        DailyGenericStreamingApiEvents: fixed(10000),
        DailyStandardVolumePlatformEvents: fixed(10000),
        DailyStreamingApiEvents: fixed(10000),
        DailyWorkflowEmails: fixed(2000),
        DataStorageMB: { Max: data, Remaining: Math.max(0, data - usedMb) },
        FileStorageMB: fixed(file),
        HourlyDashboardRefreshes: fixed(200),
        HourlyDashboardResults: fixed(5000),
        HourlyDashboardStatuses: fixed(999999999),
        HourlyODataCallout: fixed(10000),
        HourlySyncReportRuns: fixed(500),
        HourlyTimeBasedWorkflow: fixed(50),
        MassEmail: fixed(10),
        PermissionSets: { Max: 1500, Remaining: 1500 - permissionSets },
        SingleEmail: fixed(15),
        StreamingApiConcurrentClients: fixed(20),
      }
    })
  }
}
