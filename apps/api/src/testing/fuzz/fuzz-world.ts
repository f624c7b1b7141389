import { lonLatToTile } from '@common-ground/geo';
import type { Role } from '@common-ground/schema';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { nextTestAddress, signedIn, TEST_PASSWORD, uniqueEmail, type TestPerson } from '../people.js';
import { cleanUp } from './fuzz-clean-up.js';
import { importFiles, needCsvs, type FilePlace } from './fuzz-files.js';
import type { Ref } from './schema-values.js';

/*
 * What the fuzzer's requests point at: real places and codes from the loaded data (read,
 * never changed), and objects of its own (assets, notes, custom areas, a need measure, a
 * category, a person to promote) made through the API by people of its own. Requests that
 * change things only ever name its own objects, so the shared test database keeps every
 * row other test files rely on; `cleanUp` removes what the run made.
 */

export type Who = 'anonymous' | 'resident' | 'worker' | 'admin';
export const EVERYONE: readonly Who[] = ['anonymous', 'resident', 'worker', 'admin'];

/** The person a role's requests are sent as, and the objects that person owns. */
interface Actor {
  person: TestPerson | null;
  own: Record<string, string>;
}

interface Fixed {
  publicAssetId: string;
  lsoa: string;
  lsoas: string[];
  wardCode: string;
  ladCode: string;
  ladName: string;
  postcode: string;
  lon: number;
  lat: number;
  categoryCode: string;
}

export interface FuzzWorld {
  /** Sends a request as `who`, from an address of its own (rate limits count per address). */
  send(who: Who, request: InjectOptions): Promise<LightMyRequestResponse>;
  /** The value a Ref stands for, for the person sending as `who`. */
  lookup(who: Who, ref: Ref): unknown;
  /** A new person (and own objects) for the role: after signing out, deleting the account or a 429. */
  replace(who: Who): Promise<void>;
  /** Someone the run registered through the API (with a generated address): removed with the rest. */
  adopt(userId: string): void;
  cleanUp(): Promise<void>;
}

let sequence = 0;

/** What stands for "your own" object where the sender has none (nobody; a resident's need measure): someone else's. */
const NOT_OWNED: Record<string, string> = {
  ownAssetId: 'fixtureAssetId',
  ownSubmissionId: 'submissionId',
  ownNoteId: 'otherNoteId',
  ownCustomAreaId: 'sharedCustomAreaId',
  ownMeasureSlug: 'publicMeasureSlug',
};

export async function fuzzWorld(app: FastifyInstance): Promise<FuzzWorld> {
  const tag = `${process.pid}x${Date.now().toString(36)}`;
  const label = (what: string) => `fuzz-${tag}-${what}`;
  const db = app.pg;
  const started = (await db.query<{ now: Date }>('SELECT now()')).rows[0]!.now;
  /** Everyone the run made, kept even after it deleted their account: their rows are found by it. */
  const people: string[] = [];
  const person = async (role: Role, what: string) => {
    const made = await signedIn(app, role, label(what));
    people.push(made.user.id);
    return made;
  };
  const fixed: Fixed = await (async () => {
    const asset = (
      await db.query<{ id: string; lsoa: string; lon: number; lat: number; ward: string; lad: string; ladName: string }>(
        `SELECT p.id, p.lsoa_code AS lsoa, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, a.ward_code AS ward, a.lad_code AS lad, la.name AS "ladName"
         FROM public_assets p JOIN areas a ON a.code = p.lsoa_code JOIN local_authorities la ON la.code = a.lad_code
         WHERE a.ward_code IS NOT NULL ORDER BY p.id LIMIT 1`,
      )
    ).rows[0]!;
    const postcode = (await db.query<{ postcode: string }>(`SELECT postcode FROM postcodes WHERE lsoa_code = $1 ORDER BY postcode LIMIT 1`, [asset.lsoa]))
      .rows[0]!;
    const lsoas = (await db.query<{ code: string }>(`SELECT code FROM areas ORDER BY code LIMIT 10`)).rows.map((r) => r.code);
    const category = (await db.query<{ code: string }>(`SELECT code FROM categories WHERE parent_code IS NOT NULL ORDER BY code LIMIT 1`)).rows[0]!;
    return {
      publicAssetId: asset.id,
      lsoa: asset.lsoa,
      lsoas,
      wardCode: asset.ward,
      ladCode: asset.lad,
      ladName: asset.ladName,
      postcode: postcode.postcode,
      lon: asset.lon,
      lat: asset.lat,
      categoryCode: category.code,
    };
  })();
  const place: FilePlace = { ...fixed, tag };
  const files = importFiles(place).map((b) => b.toString('base64'));
  const csvs = needCsvs(place);

  const send: FuzzWorld['send'] = (who, request) =>
    app.inject({ ...request, remoteAddress: nextTestAddress(), headers: { ...request.headers, ...actors[who]?.person?.headers } });
  /** A request that must succeed: it makes an object the fuzzer then points at. */
  const must = async (person: TestPerson, request: InjectOptions & { method: string; url: string }): Promise<Record<string, unknown>> => {
    const res = await app.inject({ ...request, remoteAddress: nextTestAddress(), headers: person.headers });
    if (res.statusCode >= 300) throw new Error(`fuzz fixture ${request.method} ${request.url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const assetInput = (name: string) => ({ name: `${name} ${tag}`, categoryCode: fixed.categoryCode, postcode: fixed.postcode });
  const newAsset = async (person: TestPerson, name: string) => {
    const created = await must(person, { method: 'POST', url: '/api/assets', payload: assetInput(name) });
    return { id: (created.asset as { id: string }).id, submissionId: (created.submission as { id: string } | null)?.id };
  };
  const newNote = async (person: TestPerson) =>
    (await must(person, { method: 'POST', url: `/api/areas/${fixed.lsoa}/annotations`, payload: { body: `Fuzz note ${tag}` } })).id as string;
  const newCustomArea = async (person: TestPerson) =>
    (await must(person, { method: 'POST', url: '/api/custom-areas', payload: { name: `Fuzz area ${tag}`, lsoaCodes: [fixed.lsoa] } })).id as string;
  const newMeasure = async (person: TestPerson, visibility: 'public' | 'workers') => {
    const slug = `fuzz-${tag}-${sequence++}`;
    await must(person, {
      method: 'POST',
      url: '/api/need-measures',
      payload: { name: `Fuzz need ${tag}`, slug, direction: 'higher_is_more_need', visibility, csv: csvs[0] },
    });
    return slug;
  };

  // Objects of the fuzzer's own, made once by its fixture people.
  const fixtureWorker = await person('worker', 'fixture-worker');
  const fixtureResident = await person('resident', 'fixture-resident');
  const fixtureAdmin = await person('admin', 'fixture-admin');
  const victim = await person('resident', 'victim');
  const published = await newAsset(fixtureWorker, 'Fuzz hall');
  // A second version, so there is something to revert to.
  await must(fixtureWorker, { method: 'PUT', url: `/api/assets/${published.id}`, payload: { asset: assetInput('Fuzz hall renamed'), baseVersion: 1 } });
  const pending = await newAsset(fixtureResident, 'Fuzz proposal');
  const report = await app.inject({
    method: 'POST',
    url: `/api/assets/${published.id}/reports`,
    payload: { kind: 'wrong_details' },
    remoteAddress: nextTestAddress(),
  });
  const sharedArea = await newCustomArea(fixtureWorker);
  const share = await must(fixtureWorker, { method: 'PUT', url: `/api/custom-areas/${sharedArea}/share` });
  const categoryCode = `fuzz-${tag}-own`;
  await must(fixtureAdmin, {
    method: 'POST',
    url: '/api/categories',
    payload: { code: categoryCode, parentCode: fixed.categoryCode, name: 'Fuzz', abcdType: 'association', colour: '#336699' },
  });
  const shared: Record<string, string> = {
    fixtureAssetId: published.id,
    pendingAssetId: pending.id,
    submissionId: pending.submissionId!,
    reportId: report.json<{ id: string }>().id,
    otherNoteId: await newNote(fixtureResident),
    sharedCustomAreaId: sharedArea,
    shareToken: share.shareToken as string,
    publicMeasureSlug: await newMeasure(fixtureWorker, 'public'),
    ownCategoryCode: categoryCode,
    victimUserId: victim.user.id,
    victimEmail: victim.email,
  };

  const actors: Record<Who, Actor | undefined> = { anonymous: { person: null, own: {} }, resident: undefined, worker: undefined, admin: undefined };
  const makeActor = async (role: Role): Promise<Actor> => {
    const actor = await person(role, role);
    const asset = await newAsset(actor, `Fuzz ${role} place`);
    const own: Record<string, string> = {
      ownAssetId: asset.id,
      ownSubmissionId: asset.submissionId ?? shared.submissionId!,
      ownNoteId: await newNote(actor),
      ownCustomAreaId: await newCustomArea(actor),
    };
    if (role !== 'resident') own.ownMeasureSlug = await newMeasure(actor, 'workers');
    return { person: actor, own };
  };
  const replace = async (who: Who) => {
    if (who !== 'anonymous') actors[who] = await makeActor(who);
  };
  for (const who of EVERYONE) await replace(who);

  const lookup = (who: Who, r: Ref): unknown => {
    const own = actors[who]?.own ?? {};
    switch (r.key) {
      case 'publicAssetId':
      case 'lsoa':
      case 'wardCode':
      case 'ladCode':
      case 'ladName':
      case 'postcode':
      case 'categoryCode':
        return fixed[r.key];
      case 'postcodeDistrict':
        return fixed.postcode.split(' ')[0];
      case 'lsoaCodes':
        return fixed.lsoas.slice(0, 1 + (r.arg % fixed.lsoas.length));
      case 'areaCodes':
        return [fixed.lsoa, fixed.wardCode, fixed.ladCode].slice(0, 1 + (r.arg % 3));
      case 'customArea':
        return `custom:${shared.sharedCustomAreaId}`;
      case 'needDomain':
        return `need:${shared.publicMeasureSlug}`;
      case 'near':
        return `${fixed.lon},${fixed.lat}`;
      case 'bbox': {
        const d = [0.001, 0.01, 0.1][r.arg % 3]!;
        return `${fixed.lon - d},${fixed.lat - d},${fixed.lon + d},${fixed.lat + d}`;
      }
      case 'location':
        return { type: 'Point', coordinates: [fixed.lon, fixed.lat] };
      case 'polygon': {
        const d = 0.004;
        const { lon, lat } = fixed;
        return {
          type: 'Polygon',
          coordinates: [
            [
              [lon - d, lat - d],
              [lon + d, lat - d],
              [lon + d, lat + d],
              [lon - d, lat + d],
              [lon - d, lat - d],
            ],
          ],
        };
      }
      case 'tileX':
      case 'tileY': {
        const t = lonLatToTile(fixed.lon, fixed.lat, r.arg);
        return r.key === 'tileX' ? t.x : `${t.y}.mvt`;
      }
      case 'importFile':
        return files[r.arg % files.length];
      case 'needCsv':
        return csvs[r.arg % csvs.length];
      case 'importSourceCode':
        return `fuzz-${tag}`;
      case 'freshEmail':
        return uniqueEmail(label('registered'));
      case 'freshSlug':
      case 'freshCategoryCode':
        return `fuzz-${tag}-${sequence++}`;
      case 'password':
        return TEST_PASSWORD;
      default: {
        const value = own[r.key] ?? shared[r.key] ?? shared[NOT_OWNED[r.key] ?? ''];
        if (value === undefined) throw new Error(`fuzz: no value for ${r.key} as ${who}`);
        return value;
      }
    }
  };

  return { send, lookup, replace, adopt: (id) => people.push(id), cleanUp: () => cleanUp(app, { people, started, sourceCode: `fuzz-${tag}` }) };
}
