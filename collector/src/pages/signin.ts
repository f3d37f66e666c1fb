// Sign-in with a token: the admin token for the dashboard, a partner token for `/p/<code>`.
import { h, type Html } from './html.js';
import { publicPage } from './layout.js';

export interface SignIn {
  /** Where the form posts. */
  action: string;
  /** Where to go after signing in (a local path). */
  next: string;
  /** Who signs in: the heading and the field's label. */
  who: 'merchant' | { partner: string };
  error?: string;
}

export const signInPage = ({ action, next, who, error }: SignIn): Html => {
  const partner = typeof who == 'object' ? who.partner : null;
  return publicPage({
    title: 'Sign in',
    body: h`<section class="signin">
<h1>${partner ? h`Partner sign-in: ${partner}` : 'Sign in to the dashboard'}</h1>
<p>${partner ? 'Enter the partner token the program gave you.' : 'Enter the admin token the collector printed when it started (REFTRACE_ADMIN_TOKEN).'}</p>
${error ? h`<p class="error" role="alert" id="signin-error">${error}</p>` : ''}
<form method="post" action="${action}">
<input type="hidden" name="next" value="${next}">
<label for="token">${partner ? 'Partner token' : 'Admin token'}</label>
<input id="token" name="token" type="password" autocomplete="current-password" required spellcheck="false"${error ? h` aria-invalid="true" aria-describedby="signin-error"` : ''}>
<button type="submit">Sign in</button>
</form>
</section>`,
  });
};
