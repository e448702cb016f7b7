/**
 * Leaves Vite's dev client (`/@vite/client`) out of served pages. Vite 8 injects it even with `server.hmr: false`,
 * and the client reloads a page whose dev-server socket dropped, which is exactly what freezing a page does: a
 * test that freezes the demo would then read a fresh page. The e2e config turns this on with HEARTBEAT_HMR=off.
 */
import type { Plugin } from 'vite';

const CLIENT_TAG = /<script type="module" src="[^"]*\/@vite\/client"><\/script>\s*/;

export function noDevClientPlugin(): Plugin {
  return {
    name: 'heartbeat-no-dev-client',
    apply: 'serve',
    // Vite adds its client tag in its own hook, before the plugins' 'post' hooks see the page.
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        if (!CLIENT_TAG.test(html)) throw new Error('Vite no longer injects /@vite/client as this plugin expects');
        return html.replace(CLIENT_TAG, '');
      },
    },
  };
}
