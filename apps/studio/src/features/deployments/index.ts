/** The Deployments section of the studio: its pages (the rest of the folder is theirs). */
export { DeploymentsListView } from './views/deployments-list-view';
export { EditDeploymentView as DeploymentEditorRoute, NewDeploymentView } from './views/deployment-editor-view';
export { DeploymentOverviewView } from './views/deployment-overview-view';
export { DeploymentVersionsView } from './views/deployment-versions-view';
export { DeploymentPlaygroundView } from './views/deployment-playground-view';
