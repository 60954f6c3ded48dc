// What @rocket.chat/rest-typings 8.8.1 imports from @rocket.chat/core-typings,
// taken from the published core-typings 8.8.1 files (see loader.js). A name
// missing here makes the import fail loudly when check.js starts.
export { ILivechatAgentStatus } from './vendor/core-typings/dist/ILivechatAgent.js';
export { TeamType } from './vendor/core-typings/dist/ITeam.js';
