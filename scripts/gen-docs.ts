import * as fs from 'node:fs';
import * as path from 'node:path';
import { generatedFiles } from '../lib/docs/generated-files';

// Writes the generated reference docs (README tables, docs/reference); `npm test` checks they are current.
const root = path.resolve(__dirname, '..', '..');
for (const [rel, content] of generatedFiles(root)) {
  const file = path.join(root, rel);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) continue;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  console.log(`wrote ${rel}`);
}
