import type { RunFlowName } from '../../../shared/runner-api'
import type { FlowDef } from '../flow-def'
import { clientCredentialsFlow } from './client-credentials'
import { deviceFlow, deviceRfc8628Flow } from './device'
import { jwtBearerFlow } from './jwt-bearer'
import {
  assetTokenFlow,
  identityFlow,
  introspectFlow,
  refreshFlow,
  restQueryFlow,
  revokeFlow,
  tokenExchangeFlow,
  userinfoFlow,
} from './token-use'
import { userAgentFlow } from './user-agent'
import { usernamePasswordFlow } from './username-password'
import { webServerFlow } from './web-server'

/** Every flow the runner plays, by its contract name. */
export const FLOWS: Record<RunFlowName, FlowDef> = {
  'web-server': webServerFlow,
  'user-agent': userAgentFlow,
  'username-password': usernamePasswordFlow,
  'client-credentials': clientCredentialsFlow,
  'jwt-bearer': jwtBearerFlow,
  device: deviceFlow,
  'device-rfc8628': deviceRfc8628Flow,
  refresh: refreshFlow,
  'token-exchange': tokenExchangeFlow,
  'asset-token': assetTokenFlow,
  revoke: revokeFlow,
  introspect: introspectFlow,
  userinfo: userinfoFlow,
  identity: identityFlow,
  'rest-query': restQueryFlow,
}
