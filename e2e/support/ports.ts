// Fixed ports for the end-to-end run, away from `npm run dev`'s 3000 and 12111.
export const appPort = 3210;
export const sandboxPort = 12112;
export const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
