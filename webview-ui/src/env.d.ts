/** Stylesheets imported by the webview entries; esbuild emits them as `dist/webview/<entry>.css`. */
declare module '*.css';
