// Lints several in-memory sources as if they were files at the given paths, with the project's real
// ESLint configuration, in one process. stdin: [{ path, code }]; stdout: [{ path, messages }].
import { ESLint } from 'eslint';

const input = JSON.parse(
  await new Promise((resolve) => {
    let data = '';
    process.stdin.on('data', (chunk) => (data += chunk));
    process.stdin.on('end', () => resolve(data));
  }),
);
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const item of input) {
  const [result] = await eslint.lintText(item.code, { filePath: item.path });
  out.push({ path: item.path, messages: result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })) });
}
process.stdout.write(JSON.stringify(out));
