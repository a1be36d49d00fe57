export * from './access_token';
export * from './login_guard';
export * from './opaque_tokens';
export * from './principal';
export * from './session_service';
export * from './role_grants';
