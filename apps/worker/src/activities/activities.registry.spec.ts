import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { activityNamesOf } from '@app/temporal';
import { ACTIVITY_PROVIDERS } from './activities.registry';

/** Every method of the `…Activities` interfaces of libs/contracts: what the workflows may call. */
function contractActivityNames(): string[] {
  const dir = path.resolve(__dirname, '..', '..', '..', '..', 'libs', 'contracts', 'src');
  const names: string[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(dir, file), 'utf8'), ts.ScriptTarget.Latest);
    source.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node) || !node.name.text.endsWith('Activities')) return;
      for (const member of node.members) if (member.name && ts.isIdentifier(member.name)) names.push(member.name.text);
    });
  }
  return names.sort();
}

describe('the activity registry', () => {
  it('registers exactly the activities the contracts declare, each once', () => {
    const registered = ACTIVITY_PROVIDERS.flatMap((type) => activityNamesOf(type)).sort();
    expect(new Set(registered).size).toBe(registered.length);
    expect(registered).toEqual(contractActivityNames());
  });
});
