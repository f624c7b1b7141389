import { Category, CategoryList, ErrorBody } from '@common-ground/schema';
import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';
import { signedIn, type TestPerson } from '../../testing/people.js';
import { listHistory } from '../history/history.repository.js';

let counter = 0;
/** Categories stay in the shared database: each test makes its own codes. */
const newCode = (label: string) => `test-${label}-${process.pid}-${Date.now()}-${counter++}`;

describe.each(inject('databases'))('category administration on the $kind database', (database) => {
  const app = useApp(database);

  const create = (who: TestPerson | null, payload: object) => app().inject({ method: 'POST', url: '/api/categories', headers: who?.headers ?? {}, payload });
  const patch = (who: TestPerson | null, code: string, payload: object) =>
    app().inject({ method: 'PATCH', url: `/api/categories/${code}`, headers: who?.headers ?? {}, payload });
  const input = (code: string, parentCode: string | null) => ({
    code,
    parentCode,
    name: `Test ${code}`,
    abcdType: 'association',
    colour: '#1b9e77',
    sortOrder: 99_000,
  });

  it('lets admins only add a category, refuses a taken code or an unknown parent, and records it', async () => {
    const admin = await signedIn(app(), 'admin');
    const worker = await signedIn(app(), 'worker');
    const code = newCode('create');
    expect((await create(null, input(code, null))).statusCode).toBe(401);
    expect((await create(worker, input(code, null))).statusCode).toBe(403);

    const res = await create(admin, input(code, 'community'));
    expect(res.statusCode, res.body).toBe(201);
    expect(Category.parse(res.json())).toEqual({ ...input(code, 'community'), description: '' });
    const { categories } = CategoryList.parse((await app().inject('/api/categories')).json());
    expect(categories.map((c) => c.code)).toContain(code);

    const again = await create(admin, input(code, null));
    expect(again.statusCode).toBe(409);
    expect(ErrorBody.parse(again.json()).code).toBe('category_exists');
    const orphan = await create(admin, input(newCode('orphan'), 'no-such-parent'));
    expect(orphan.statusCode).toBe(400);
    expect(ErrorBody.parse(orphan.json()).issues?.[0]?.path).toBe('body.parentCode');
    const badColour = await create(admin, { ...input(newCode('colour'), null), colour: 'red' });
    expect(badColour.statusCode).toBe(400);
    expect(ErrorBody.parse(badColour.json()).issues?.[0]?.path).toBe('body.colour');

    const history = await listHistory(app().pg, 'category', code);
    expect(history).toEqual([expect.objectContaining({ action: 'create', actor: { id: admin.user.id, displayName: admin.user.displayName }, before: null })]);
    expect(history[0]!.after).toMatchObject({ code, parentCode: 'community' });
  });

  it('lets admins change a category, refuses a parent that would make a loop, and records before and after', async () => {
    const admin = await signedIn(app(), 'admin');
    const resident = await signedIn(app(), 'resident');
    const [top, middle, leaf] = [newCode('top'), newCode('middle'), newCode('leaf')];
    for (const [code, parent] of [
      [top, null],
      [middle, top],
      [leaf, middle],
    ] as const) {
      expect((await create(admin, input(code, parent))).statusCode).toBe(201);
    }
    expect((await patch(resident, top, { name: 'Mine' })).statusCode).toBe(403);
    expect((await patch(admin, newCode('missing'), { name: 'Nobody' })).statusCode).toBe(404);

    for (const loop of [top, leaf]) {
      const res = await patch(admin, top, { parentCode: loop === top ? top : leaf });
      expect(res.statusCode, res.body).toBe(400);
      expect(ErrorBody.parse(res.json())).toMatchObject({ issues: [{ path: 'body.parentCode' }] });
    }
    expect((await patch(admin, top, { parentCode: 'no-such-parent' })).statusCode).toBe(400);

    const renamed = await patch(admin, leaf, { name: 'Renamed leaf', parentCode: top });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(Category.parse(renamed.json())).toMatchObject({ code: leaf, name: 'Renamed leaf', parentCode: top, colour: '#1b9e77' });
    // Moving the top under a former grandchild is fine once that is no longer inside it.
    expect((await patch(admin, middle, { parentCode: null })).statusCode).toBe(200);
    expect((await patch(admin, middle, { parentCode: leaf })).statusCode).toBe(200);

    const history = await listHistory(app().pg, 'category', leaf);
    expect(history.map((h) => h.action)).toEqual(['create', 'edit']);
    expect(history[1]).toMatchObject({
      before: { name: `Test ${leaf}`, parentCode: middle },
      after: { name: 'Renamed leaf', parentCode: top },
      changed: ['name', 'parentCode'],
    });
  });
});
