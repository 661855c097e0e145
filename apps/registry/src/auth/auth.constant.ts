/** Metadata key of the scope a route requires. */
export const REQUIRED_SCOPE = 'model-garden:required-scope';
/** OpenAPI security scheme names. */
export const API_KEY_SECURITY = 'workspaceApiKey';
export const ADMIN_TOKEN_SECURITY = 'adminToken';
